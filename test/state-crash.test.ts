import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { openSqliteStateStore } from "../src/state/index.js";
import { TestClock } from "../src/state/store-fixture.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-state-crash-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const fixtureModule = fileURLToPath(new URL("../src/state/store-fixture.ts", import.meta.url));
const stateModule = fileURLToPath(new URL("../src/state/index.ts", import.meta.url));

/**
 * The child saves one run, then starts a second, large one whose entries stop coming half-way
 * (the generator reports on stdout and sleeps inside the write transaction) until it is SIGKILLed.
 */
const CHILD = `
import { writeSync } from "node:fs";
const { openSqliteStateStore } = await import(process.argv[1]);
const { clusterRecord, entries, runSave, TestClock } = await import(process.argv[2]);
const store = await openSqliteStateStore(process.argv[3], { now: new TestClock().now });
await store.saveRun(runSave("committed", [clusterRecord("lgfpa", { entries: entries("k", 0, 1000) })], { minerSnapshot: { version: 1, n: 1 } }));
function* stalling() {
  yield* entries("k", 1000, 60000);
  writeSync(1, "mid-write\\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
}
await store.saveRun(runSave("killed", [
  clusterRecord("lgfpb", { entries: entries("b", 0, 5000) }),
  clusterRecord("lgfpa", { entries: stalling() }),
], { start: "2026-11-20T11:00:00Z", end: "2026-11-20T12:00:00Z", minerSnapshot: { version: 1, n: 2 } }));
writeSync(1, "finished\\n");
`;

function runChildUntilMidWrite(path: string): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD, stateModule, fixtureModule, path], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("mid-write")) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (_code, signal) => resolve({ signal, output }));
  });
}

test("a run killed in the middle of its write leaves the store as the last committed run left it", async () => {
  const path = join(scratch, "state.db");
  const { signal, output } = await runChildUntilMidWrite(path);
  assert.equal(signal, "SIGKILL", output);
  assert.doesNotMatch(output, /finished/);

  const raw = new Database(path);
  assert.equal(raw.pragma("integrity_check", { simple: true }), "ok");
  raw.close();

  const store = await openSqliteStateStore(path, { now: new TestClock().now });
  try {
    assert.deepEqual((await store.listRuns()).map((r) => r.runId), ["committed"]);
    assert.deepEqual((await store.listClusters()).map((c) => [c.fingerprint, c.totalCount]), [["lgfpa", 1000]]);
    assert.deepEqual(await store.loadMinerSnapshot(), { version: 1, n: 1 });
  } finally {
    await store.close();
  }
});
