import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { cloudRunEntry, startFakeCloudLogging, type FakeCloudLogging } from "./fakes/fake-cloud-logging.js";
import { runCli } from "./run-cli.js";

let fake: FakeCloudLogging;
const dir = mkdtempSync(join(tmpdir(), "lg-failed-"));

before(async () => {
  fake = await startFakeCloudLogging({
    entries: [cloudRunEntry({ insertId: "e1", severity: "ERROR", timestamp: "2026-11-01T00:10:00Z", message: "boom" })],
  });
});
after(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

interface StoredRunJson {
  outcome: { kind: string; error?: string };
}

test("a run refused by Cloud Logging exits 2, reports nothing as 'no errors', and shows in history as failed", async () => {
  writeFileSync(join(dir, "bad-token"), "stale\n");
  const state = join(dir, "state.db");
  const out = join(dir, "out");
  const result = await runCli([
    "run", "--gcp-project", "p", "--access-token-file", join(dir, "bad-token"), "--logging-endpoint", fake.url,
    "--since", "2026-11-01T00:00:00Z", "--until", "2026-11-01T01:00:00Z", "--state", state, "--out", out, "-q",
  ]);
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
  const history = await runCli(["history", "--state", state, "--json"]);
  assert.equal(history.code, 0, history.stderr);
  const runs = JSON.parse(history.stdout) as StoredRunJson[];
  assert.equal(runs.length, 1);
  assert.equal(runs[0]?.outcome.kind, "failed");
  assert.match(runs[0]?.outcome.error ?? "", /refused the credentials/);
});
