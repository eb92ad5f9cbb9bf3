import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Command } from "@commander-js/extra-typings";
import { clustersCommand, ignoredBy, renderClusters } from "../src/cli/commands/clusters.js";
import { historyCommand } from "../src/cli/commands/history.js";
import { UsageError } from "../src/model/index.js";
import { openSqliteStateStore } from "../src/state/index.js";
import { clusterRecord, entries, runSave, TestClock } from "../src/state/store-fixture.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-state-cli-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const statePath = join(scratch, "state.db");

/** Runs one subcommand in-process and returns what it printed on stdout. */
async function run(args: readonly string[]): Promise<string> {
  const chunks: string[] = [];
  const io = { stdout: { write: (text: string) => chunks.push(text) } };
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
  program.addCommand(historyCommand(io));
  program.addCommand(clustersCommand(io));
  await program.parseAsync([...args], { from: "user" });
  return chunks.join("");
}

async function assertUsageError(args: readonly string[], message: RegExp): Promise<void> {
  await assert.rejects(run(args), (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.equal(error.exitCode, 2);
    assert.match(error.message, message);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
}

before(async () => {
  const store = await openSqliteStateStore(statePath, { now: new TestClock().now });
  const hour = (h: number) => ({ start: `2026-11-20T0${h}:00:00Z`, end: `2026-11-20T0${h + 1}:00:00Z` });
  await store.saveRun(runSave("run-1", [clusterRecord("lgfp00000000000000a1", { entries: entries("a", 0, 60), ratePerMinute: 1 }), clusterRecord("lgfp00000000000000b2", { entries: entries("b", 0, 5) })], hour(1)));
  await store.saveRun(runSave("run-2", [clusterRecord("lgfp00000000000000a1", { entries: entries("a", 30, 270), ratePerMinute: 4 })], hour(2)));
  await store.linkIssue("lgfp00000000000000a1", { tracker: "github", number: 12, url: "https://github.com/o/r/issues/12", state: "open" });
  await store.linkIssue("lgfp00000000000000b2", { tracker: "local", number: 3, state: "closed", stateReason: "not_planned" });
  await store.close();
});

describe("log-gardener clusters", () => {
  test("--json prints an array with fingerprint, totalCount, status, issue and trend per cluster", async () => {
    const listed = JSON.parse(await run(["clusters", "--state", statePath, "--json"])) as Record<string, unknown>[];
    assert.deepEqual(
      listed.map((c) => [c.fingerprint, c.totalCount, c.status, (c.issue as { number: number } | null)?.number, (c.trend as { kind: string }).kind]),
      [
        ["lgfp00000000000000a1", 270, "open", 12, "rising"],
        ["lgfp00000000000000b2", 5, "muted", 3, "quiet"],
      ],
    );
    assert.equal(listed[0]?.name, "Error in lgfp00000000000000a1");
  });

  test("prints a table by default", async () => {
    const table = await run(["clusters", "--state", statePath]);
    const lines = table.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^fingerprint\s+status\s+issue\s+total\s+trend/);
    assert.match(lines[1] ?? "", /^lgfp00000000000000a1\s+open\s+https:\/\/github.com\/o\/r\/issues\/12\s+270\s+rising ×4\.0/);
    assert.equal(lines.length, 4);
    assert.equal(lines[3], "1 open, 1 muted");
  });

  test("resolved, muted, ignored and open problems are shown apart, open first", () => {
    const base = { name: "x", service: "api", issue: null, totalCount: 1, firstSeen: null, lastSeen: null, firstRevision: null, priority: null, publishedPriority: null, trend: { kind: "new" as const }, recentCounts: [], aliases: [] };
    const listings = (["muted", "resolved", "open", "ignored", "untracked", "open"] as const).map((status, i) => ({ ...base, fingerprint: `lgfp${String(i).padStart(16, "0")}`, status }));
    const lines = renderClusters(listings, "state.db").trimEnd().split("\n");
    assert.deepEqual(lines.slice(1, -1).map((l) => l.split(/\s+/)[1]), ["open", "open", "untracked", "resolved", "muted", "ignored"]);
    assert.equal(lines.at(-1), "2 open, 1 untracked, 1 resolved, 1 muted, 1 ignored");
  });

  test("an ignore rule in the config marks its clusters ignored; an expired one does not", () => {
    const stored = { fingerprint: "lgfp00000000000000a1", aliases: [], kind: "log" as const, service: "api", name: "Heartbeat timeout", templates: [{ fingerprint: "lgfp00000000000000a1", template: "Heartbeat timeout for <*>", firstTemplate: "Heartbeat timeout for x" }], firstRunId: "r", lastRunId: "r", totalCount: 1, recent: [] };
    const now = new Date("2026-11-20T00:00:00Z");
    assert.equal(ignoredBy(stored, [{ name: "heartbeats", messagePattern: "^heartbeat" }], now), "heartbeats");
    assert.equal(ignoredBy(stored, [{ name: "old", service: "api", untilDate: "2026-11-01" }], now), undefined);
  });

  test("--limit and --service narrow the list", async () => {
    assert.equal((JSON.parse(await run(["clusters", "--state", statePath, "--json", "--limit", "1"])) as unknown[]).length, 1);
    assert.deepEqual(JSON.parse(await run(["clusters", "--state", statePath, "--json", "--service", "billing"])), []);
  });
});

describe("log-gardener history", () => {
  test("lists runs newest first", async () => {
    const runs = JSON.parse(await run(["history", "--state", statePath, "--json"])) as { runId: string; newEntries: number }[];
    assert.deepEqual(runs.map((r) => [r.runId, r.newEntries]), [
      ["run-2", 210],
      ["run-1", 65],
    ]);
    assert.match(await run(["history", "--state", statePath]), /^run\s+finished\s+window\s+outcome[^\n]*\nrun-2\s/);
  });

  test("--cluster shows the cluster's counts run by run, also asked by alias", async () => {
    const timeline = JSON.parse(await run(["history", "--cluster", "lgfp00000000000000b2", "--state", statePath, "--json"])) as {
      points: { runId: string; count: number }[];
    };
    assert.deepEqual(timeline.points.map((p) => [p.runId, p.count]), [
      ["run-1", 5],
      ["run-2", 0],
    ]);
    const text = await run(["history", "--cluster", "lgfp00000000000000a1", "--state", statePath]);
    assert.match(text, /total 270 distinct entries; issue #12 \(open\)/);
    assert.match(text, /\nrun-2\s+2026-11-20T02:00:00Z → 2026-11-20T03:00:00Z\s+240\s+210\s+4\.00\s+P2\n/);
  });

  test("an unknown cluster is a one-line usage error", () => assertUsageError(["history", "--cluster", "lgfpnope", "--state", statePath], /no cluster lgfpnope/));
});

describe("state file problems", () => {
  for (const command of ["history", "clusters"]) {
    test(`${command}: a missing state file is a one-line usage error and is not created`, async () => {
      const missing = join(scratch, "nowhere", "state.db");
      await assertUsageError([command, "--state", missing], /no state file at/);
      assert.equal(existsSync(missing), false);
      assert.equal(existsSync(join(scratch, "nowhere")), false);
    });

    test(`${command}: a file that is not a state file is refused and left as it was`, async () => {
      const foreign = join(scratch, `${command}-notes.txt`);
      writeFileSync(foreign, "not a database\n");
      await assertUsageError([command, "--state", foreign], /not an SQLite database/);
      assert.equal(readFileSync(foreign, "utf8"), "not a database\n");
    });
  }
});
