/**
 * Counted groups keep no per-entry keys, so what keeps a re-read or overlapping window from counting
 * their entries twice in the state is coverage: entries in a range an earlier complete run read are
 * counted in the run but are not new. And `--assignments` with a query engine writes a line per group.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openSqliteStateStore } from "../src/state/index.js";
import { runCli } from "./run-cli.js";

const START_MS = Date.UTC(2026, 10, 1, 10, 0, 0);
/** Two hours, an entry every 30 s, two problems taking turns. */
const entries = Array.from({ length: 240 }, (_, i) => ({
  insertId: `e${i}`,
  timestamp: new Date(START_MS + i * 30_000).toISOString(),
  severity: "ERROR",
  resource: { type: "cloud_run_revision", labels: { service_name: "api", revision_name: "api-00001", project_id: "proj-a" } },
  labels: { instanceId: "i-1" },
  jsonPayload: { message: i % 2 === 0 ? `Charge ${i} failed` : `Ledger write ${i} timed out` },
  sourceLocation: { file: "app.py", line: String(i % 2 === 0 ? 10 : 20), function: i % 2 === 0 ? "charge" : "ledger" },
}));
const at = (minutes: number) => new Date(START_MS + minutes * 60_000).toISOString();
/** Entries with a time in [from, to] minutes after the start, both ends included as the query does. */
const inWindow = (from: number, to: number) => entries.filter((_, i) => i * 0.5 >= from && i * 0.5 <= to).length;

describe("counted groups and the state", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "lg-warehouse-coverage-"));
    writeFileSync(join(dir, "export.ndjson"), entries.map((e) => JSON.stringify(e)).join("\n") + "\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (state: string, from: number, to: number, extra: readonly string[] = []) => {
    const json = `${state}-${from}-${to}.json`;
    const result = await runCli(["run", "--duckdb", "export.ndjson", "--since", at(from), "--until", at(to), "--state", state, "--out", "out", "--json", json, "-q", ...extra], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(readFileSync(join(dir, json), "utf8")) as { totals: { kept: number }; clusters: { fingerprint: string; count: number }[] };
  };
  const totals = async (state: string) => {
    const store = await openSqliteStateStore(join(dir, state), { now: () => new Date() });
    try {
      const clusters = await store.listClusters();
      const runs = await store.listRuns();
      return { byFingerprint: new Map(clusters.map((c) => [c.fingerprint, c.totalCount])), newEntries: runs.map((r) => r.newEntries) };
    } finally {
      await store.close();
    }
  };

  test("two overlapping windows leave the totals one read of their union leaves", async () => {
    const first = await run("overlap.db", 0, 90);
    const second = await run("overlap.db", 60, 120);
    const again = await run("overlap.db", 60, 120);
    await run("union.db", 0, 120);
    // Each run still reports every entry of its own window …
    assert.equal(first.totals.kept, inWindow(0, 90));
    assert.equal(second.totals.kept, inWindow(60, 120));
    assert.equal(again.totals.kept, inWindow(60, 120));
    // … but adds to the state only what no earlier run read.
    const overlap = await totals("overlap.db");
    const union = await totals("union.db");
    assert.deepEqual(overlap.newEntries, [0, inWindow(60, 120) - inWindow(60, 90), inWindow(0, 90)]);
    assert.deepEqual(union.newEntries, [entries.length]);
    assert.equal(union.byFingerprint.size, 2);
    assert.deepEqual([...overlap.byFingerprint].sort(), [...union.byFingerprint].sort());
    assert.deepEqual([...union.byFingerprint.values()].sort(), [entries.length / 2, entries.length / 2]);
  });

  test("a run of another service covers nothing of this one's", async () => {
    await run("services.db", 0, 120, ["--service", "web"]);
    await run("services.db", 0, 120, ["--service", "api"]);
    const { newEntries } = await totals("services.db");
    assert.deepEqual(newEntries, [entries.length, 0]);
  });

  test("--assignments writes a line per counted group: its entries and its problem", async () => {
    const report = await run("assign.db", 0, 120, ["--assignments", "assignments.ndjson"]);
    const lines = readFileSync(join(dir, "assignments.ndjson"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as { group: string; input: string; entries: number; firstSeen: string; lastSeen: string; fingerprint: string });
    assert.ok(lines.length > 0);
    const byProblem = new Map<string, number>();
    for (const line of lines) {
      assert.match(line.group, /^[0-9a-f]{32}$/);
      assert.match(line.input, /^duckdb:.*export\.ndjson$/);
      assert.ok(Date.parse(line.firstSeen) <= Date.parse(line.lastSeen));
      byProblem.set(line.fingerprint, (byProblem.get(line.fingerprint) ?? 0) + line.entries);
    }
    assert.deepEqual([...byProblem].sort(), report.clusters.map((c) => [c.fingerprint, c.count] as [string, number]).sort());
  });
});

describe("a mixed group re-read entry by entry and the state", () => {
  let dir: string;
  /** Samples of one group mine to more than one template (as in bench/bigquery.bench.ts), so the group is re-read. */
  const mixed = entries.map((entry, i) => ({ ...entry, jsonPayload: { message: `Payment ${(i * 7919) % 1_000_000} failed for user u${(i * 31) % 5000}: card declined` }, sourceLocation: { file: "app.py", line: "10", function: "charge" } }));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "lg-warehouse-reread-"));
    writeFileSync(join(dir, "export.ndjson"), mixed.map((e) => JSON.stringify(e)).join("\n") + "\n");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `reread`: a first run on a state (later ones start from the miner's saved templates, which may settle the group). */
  const run = async (state: string, from: number, to: number, reread = false) => {
    const result = await runCli(["run", "--duckdb", "export.ndjson", "--since", at(from), "--until", at(to), "--state", state, "--out", "out", "--json", `${state}.json`], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    if (reread) assert.match(result.stderr, /re-reading 1 mixed group/);
    return JSON.parse(readFileSync(join(dir, `${state}.json`), "utf8")) as { totals: { kept: number } };
  };

  test("its entries are new by coverage, as a counted group's are: overlapping windows add what one read of their union adds", async () => {
    assert.equal((await run("overlap.db", 0, 90, true)).totals.kept, inWindow(0, 90));
    assert.equal((await run("overlap.db", 60, 120)).totals.kept, inWindow(60, 120));
    await run("overlap.db", 60, 120);
    await run("union.db", 0, 120, true);
    const read = async (state: string) => {
      const store = await openSqliteStateStore(join(dir, state), { now: () => new Date() });
      try {
        return { totals: (await store.listClusters()).map((c) => c.totalCount).sort(), newEntries: (await store.listRuns()).map((r) => r.newEntries) };
      } finally {
        await store.close();
      }
    };
    const overlap = await read("overlap.db");
    const union = await read("union.db");
    assert.deepEqual(overlap.newEntries, [0, inWindow(60, 120) - inWindow(60, 90), inWindow(0, 90)]);
    assert.deepEqual(union.newEntries, [entries.length]);
    assert.deepEqual(overlap.totals, union.totals);
  });
});
