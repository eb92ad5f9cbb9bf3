// Notifications from a whole run: a receiver that fails is reported and the run still exits 0; a dry
// run prints the preview and sends nothing; a second run on the same input sends nothing new.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { closeLoopback, listenOnLoopback } from "./fakes/loopback.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-notify-cli-"));
let server: Server;
let base = "";
const bodies: unknown[] = [];
let answer = 200;

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(answer, { "content-type": "text/plain" }).end(answer === 200 ? "ok" : "no_service");
    });
  });
  base = await listenOnLoopback(server);
  // Every priority notifies here, so the small fixture has something to say.
  writeFileSync(join(scratch, "config.yaml"), "notify:\n  slack: { urlEnv: TEST_SLACK_WEBHOOK }\n  on: { new: [P0, P1, P2, P3] }\n  attempts: 2\n  retryBaseDelayMs: 1\n  retryMaxDelayMs: 1\n");
});
after(async () => {
  await closeLoopback(server);
  rmSync(scratch, { recursive: true, force: true });
});

const run = (name: string, extra: readonly string[] = []) =>
  runCli(["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--state", join(scratch, `${name}.db`), "--out", join(scratch, name), "--config", join(scratch, "config.yaml"), "--max-new-issues", "20", ...extra], {
    env: { TEST_SLACK_WEBHOOK: `${base}/services/T1/B1/secretpart` },
  });

test("a dry run prints the message it would send and sends nothing", async () => {
  const result = await run("dry", ["--dry-run"]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(bodies.length, 0);
  assert.match(result.stdout, /^notify slack slack \(dry run, nothing sent\):\n  log-gardener: \d+ problems? needs? attention/m);
});

test("a failing receiver is retried, reported in the summary, the worklog and the JSON, and the run exits 0", async () => {
  answer = 500;
  const result = await run("failing", ["--json", join(scratch, "failing.json")]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(bodies.length, 2);
  assert.match(result.stdout, /^notify slack slack: FAILED after 2 attempts: HTTP 500: no_service \(the run goes on\)$/m);
  assert.doesNotMatch(result.stdout + result.stderr, /secretpart/);
  const report = JSON.parse(readFileSync(join(scratch, "failing.json"), "utf8")) as { notifications: { status: string; attempts: number; error: string }[] };
  assert.deepEqual(report.notifications.map((n) => [n.status, n.attempts]), [["failed", 2]]);
  const worklog = readFileSync(join(scratch, "failing", readdirSync(join(scratch, "failing")).find((f) => f.endsWith(".md")) ?? ""), "utf8");
  assert.match(worklog, /## Notifications\n\n- slack slack: \*\*FAILED\*\* after 2 attempts \(HTTP 500: no_service\); the run went on\./);
});

test("a working receiver gets one message; the same input again sends nothing", async () => {
  answer = 200;
  bodies.length = 0;
  const first = await run("ok");
  assert.equal(first.code, 0, first.stderr);
  assert.equal(bodies.length, 1);
  assert.match(first.stdout, /^notify slack slack: sent \(\d+ problems?\)$/m);
  const again = await run("ok");
  assert.equal(again.code, 0, again.stderr);
  assert.equal(bodies.length, 1);
  assert.match(again.stdout, /^notify slack slack: nothing to send$/m);
});
