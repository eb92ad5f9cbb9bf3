import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { UsageError } from "../model/index.js";
import { LATEST_SCHEMA_VERSION } from "./migrations/index.js";
import { STATE_APPLICATION_ID } from "./sqlite-open.js";
import { openSqliteStateStore } from "./sqlite-store.js";
import { clusterRecord, entries, runSave, TestClock } from "./store-fixture.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-state-sqlite-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
let fileNumber = 0;
const freshPath = (name = "state.db") => join(scratch, `case-${++fileNumber}`, name);
const clock = new TestClock();

function pragmas(path: string): { applicationId: number; userVersion: number; journalMode: string } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      applicationId: db.pragma("application_id", { simple: true }) as number,
      userVersion: db.pragma("user_version", { simple: true }) as number,
      journalMode: db.pragma("journal_mode", { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

async function assertRefused(path: string, message: RegExp): Promise<void> {
  const before = readFileSync(path);
  await assert.rejects(openSqliteStateStore(path, { now: clock.now }), (error: unknown) => {
    assert.ok(error instanceof UsageError);
    assert.match(error.message, message);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
  assert.deepEqual(readFileSync(path), before, "a refused file is left byte for byte as it was");
}

describe("SQLite state file", () => {
  test("the installation secret survives closing and reopening the file", async () => {
    const path = freshPath();
    const first = await openSqliteStateStore(path, { now: clock.now });
    const secret = await first.installationSecret();
    await first.close();
    const again = await openSqliteStateStore(path, { now: clock.now });
    assert.equal(await again.installationSecret(), secret);
    await again.close();
  });

  test("a new store creates its directory and a WAL database marked as ours at the latest schema", async () => {
    const path = freshPath();
    const store = await openSqliteStateStore(path, { now: clock.now });
    await store.close();
    assert.deepEqual(pragmas(path), { applicationId: STATE_APPLICATION_ID, userVersion: LATEST_SCHEMA_VERSION, journalMode: "wal" });
  });

  test("a store reopened keeps what was saved", async () => {
    const path = freshPath();
    const first = await openSqliteStateStore(path, { now: clock.now });
    await first.saveRun(runSave("r1", [clusterRecord("lgfpa")]));
    await first.close();
    const second = await openSqliteStateStore(path, { now: clock.now });
    const again = await second.saveRun(runSave("r2", [clusterRecord("lgfpa")]));
    await second.close();
    assert.equal(again.clusters.get("lgfpa")?.totalCount, 10);
  });

  test("an empty file at the state path is initialised", async () => {
    const path = freshPath();
    const store = await openSqliteStateStore(path, { now: clock.now });
    await store.close();
    rmSync(path);
    writeFileSync(path, "");
    await (await openSqliteStateStore(path, { now: clock.now })).close();
    assert.equal(pragmas(path).userVersion, LATEST_SCHEMA_VERSION);
  });

  test("mustExist refuses a missing file and creates nothing", async () => {
    const path = freshPath();
    await assert.rejects(openSqliteStateStore(path, { now: clock.now, mustExist: true }), /no state file at/);
    assert.equal(existsSync(path), false);
  });

  const refusals: readonly [string, (path: string) => void, RegExp][] = [
    ["a text file", (path) => writeFileSync(path, "runs: 3\nlast: yesterday\n"), /not an SQLite database/],
    ["random bytes", (path) => writeFileSync(path, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), /not an SQLite database/],
    [
      "another application's SQLite database",
      (path) => {
        const db = new Database(path);
        db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
        db.close();
      },
      /another application/,
    ],
    [
      "a state file from a newer log-gardener",
      (path) => {
        const db = new Database(path);
        db.pragma(`application_id = ${STATE_APPLICATION_ID}`);
        db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
        db.exec("CREATE TABLE future (x)");
        db.close();
      },
      new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 1}, newer than this log-gardener knows \\(${LATEST_SCHEMA_VERSION}\\)`),
    ],
    [
      "a corrupt SQLite file (valid header, garbage pages)",
      (path) => {
        const header = Buffer.from("SQLite format 3\u0000", "latin1");
        writeFileSync(path, Buffer.concat([header, Buffer.alloc(8192 - header.length, 0xa5)]));
      },
      /corrupt|could not be opened/,
    ],
  ];
  for (const [what, make, message] of refusals) {
    test(`refuses ${what} at the state path and leaves it untouched`, async () => {
      const path = freshPath();
      const dir = join(path, "..");
      mkdirSync(dir, { recursive: true });
      make(path);
      await assertRefused(path, message);
    });
  }
});

describe("damage past the first page", () => {
  test("is refused as corrupt when a query reaches it, and the file is left as it was", async () => {
    const path = freshPath();
    const store = await openSqliteStateStore(path, { now: clock.now });
    await store.saveRun(runSave("r1", [clusterRecord("lgfpa", { entries: entries("k", 0, 20_000) })]));
    await store.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    for (let offset = pageSize * 2; offset < bytes.length; offset++) bytes[offset] = (offset * 31) % 251;
    writeFileSync(path, bytes);

    const corrupt = /state file .* is corrupt; refusing to touch it/;
    await assert.rejects(async () => {
      const damaged = await openSqliteStateStore(path, { now: clock.now });
      try {
        await damaged.listClusters();
        await damaged.saveRun(runSave("r2", [clusterRecord("lgfpa")]));
      } finally {
        await damaged.close();
      }
    }, corrupt);
    assert.deepEqual(readFileSync(path), bytes);
  });
});

describe("migrations", () => {
  test("from an empty file, every step runs in order up to the latest version", async () => {
    const path = freshPath();
    await (await openSqliteStateStore(path, { now: clock.now })).close();
    const db = new Database(path, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    db.close();
    assert.deepEqual(tables, [
      "cluster",
      "cluster_alias",
      "cluster_run",
      "entry_key",
      "issue_link",
      "local_comment",
      "local_issue",
      "miner_snapshot",
      "revision",
      "run",
      "sqlite_sequence",
      "store_meta",
    ]);
  });

  test("from an older schema, data is kept and the new columns are backfilled", async () => {
    const path = freshPath();
    const v1 = await openSqliteStateStore(path, { now: clock.now, migrateTo: 1 });
    await v1.close();
    // Write a run the way version 1 stored it (no entry keys yet).
    const raw = new Database(path);
    raw.exec(`
      INSERT INTO run (seq, run_id, started_at, finished_at, window_start, window_end, window_json, query_json, services_json, sources_json, totals_json, outcome_kind, outcome_json, cluster_count)
      VALUES (1, 'old-run', '2026-11-19T12:00:00Z', '2026-11-19T12:00:05Z', '2026-11-19T10:00:00Z', '2026-11-19T11:00:00Z',
              '{"start":"2026-11-19T10:00:00Z","end":"2026-11-19T11:00:00Z","basis":"flags","label":"x","minutes":60}',
              '{"services":["api"],"minSeverity":"WARNING","filters":[]}', '["api"]', '[]', '{"read":4,"kept":4,"skipped":{},"filtered":{}}',
              'complete', '{"kind":"complete"}', 1);
      INSERT INTO cluster (id, fingerprint, kind, service, name, templates_json, first_seen, last_seen, first_revision, first_run_id, first_run_seq, last_run_id, last_run_seq, total_count)
      VALUES (1, 'lgfpa', 'log', 'api', 'old name', '[]', '2026-11-19T10:05:00Z', '2026-11-19T10:50:00Z', 'api-0', 'old-run', 1, 'old-run', 1, 4);
      INSERT INTO cluster_run (cluster_id, run_seq, count, rate_per_minute, priority) VALUES (1, 1, 4, 0.0667, 'P3');
    `);
    raw.close();
    assert.equal(pragmas(path).userVersion, 1);

    const store = await openSqliteStateStore(path, { now: clock.now });
    try {
      assert.equal(pragmas(path).userVersion, LATEST_SCHEMA_VERSION);
      const [run] = await store.listRuns();
      assert.deepEqual([run?.runId, run?.newEntries], ["old-run", 4]);
      const timeline = await store.clusterTimeline("lgfpa");
      assert.deepEqual(timeline?.points.map((p) => [p.runId, p.count, p.newEntries]), [["old-run", 4, 4]]);
      const saved = await store.saveRun(runSave("new-run", [clusterRecord("lgfpa", { entries: entries("k", 0, 2) })]));
      assert.equal(saved.clusters.get("lgfpa")?.totalCount, 6);
      assert.equal((await store.loadHistory(["lgfpa"], { baselineRuns: 7 })).clusters.get("lgfpa")?.firstRevision, "api-0");
      assert.equal((await store.createLocalIssue({ title: "works after migration" })).number, 1);
    } finally {
      await store.close();
    }
  });
});
