// Notifications across two runs that share a state file: yesterday's run files the issues; a person
// closes one; today, at the same hour, one problem runs at several times yesterday's rate (an
// escalation) and the closed one is back (a regression). Both go out in one webhook message, each
// with its issue's link; nothing is sent for what did not change.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { closeLoopback, listenOnLoopback, readBody } from "./fakes/loopback.js";
import { FakeGitHub } from "./fakes/fake-github.js";
import { runCli } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-notify-state-"));
const HOUR = 3_600_000;
// Whole hours, so yesterday's window is today's a day earlier.
const todayEnd = Math.floor(Date.now() / HOUR) * HOUR;
const todayStart = todayEnd - HOUR;
const yesterdayStart = todayStart - 24 * HOUR;
const yesterdayEnd = todayEnd - 24 * HOUR;

let github: FakeGitHub;
let receiver: Server;
let receiverUrl = "";
const received: WebhookDocument[] = [];

interface WebhookDocument {
  readonly total: number;
  readonly events: readonly { readonly kind: string; readonly name: string; readonly priority: string; readonly from: string | null; readonly issue: { readonly number: number; readonly url: string | null } | null }[];
}

/** `count` entries of a message spread over the hour from `startMs`. */
function lines(startMs: number, count: number, service: string, message: (i: number) => string, severity: string): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      insertId: `${service}-${startMs}-${i}`,
      timestamp: new Date(startMs + Math.floor(((i + 0.5) * HOUR) / count)).toISOString(),
      severity,
      resource: { type: "cloud_run_revision", labels: { project_id: "proj", service_name: service, revision_name: `${service}-00001-abc`, location: "europe-west1" } },
      logName: "projects/proj/logs/run.googleapis.com%2Fstderr",
      textPayload: message(i),
    }),
  );
}

const slowCache = (i: number) => `Cache refresh for tenant t-${i % 7} took ${900 + i} ms, over the 500 ms budget`;
const badSignature = (i: number) => `Webhook signature check failed for delivery d-${4000 + i}`;

function input(name: string, cacheEntries: number, startMs: number): string {
  const path = join(scratch, `${name}.ndjson`);
  writeFileSync(path, [...lines(startMs, cacheEntries, "api", slowCache, "WARNING"), ...lines(startMs, 30, "hooks", badSignature, "ERROR")].join("\n") + "\n");
  return path;
}

before(async () => {
  github = await FakeGitHub.start();
  receiver = createServer((req, res) => {
    void readBody(req).then((text) => {
      received.push(JSON.parse(text) as WebhookDocument);
      res.writeHead(200).end("ok");
    });
  });
  receiverUrl = `${await listenOnLoopback(receiver)}/hook`;
  // New problems notify nobody here, so the second run's message holds only what changed. The two
  // runs are seconds apart on the clock (their windows a day apart): the daily limit on priority
  // changes, counted from when the first run published, is lifted.
  writeFileSync(
    join(scratch, "config.yaml"),
    "tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\njudge:\n  minHoursBetweenChanges: 0\nnotify:\n  webhooks: [{ name: team, urlEnv: TEAM_WEBHOOK }]\n  on: { new: [], escalation: [P0, P1, P2, P3], regression: [P0, P1, P2, P3] }\n  retryBaseDelayMs: 1\n  retryMaxDelayMs: 1\n",
  );
});
after(async () => {
  await github.close();
  await closeLoopback(receiver);
  rmSync(scratch, { recursive: true, force: true });
});

const run = (name: string, file: string, startMs: number, endMs: number) =>
  runCli(
    ["run", "-i", file, "--since", new Date(startMs).toISOString(), "--until", new Date(endMs).toISOString(), "--repo", `${github.owner}/${github.repo}`, "--state", join(scratch, "state.db"), "--out", join(scratch, name), "--config", join(scratch, "config.yaml"), "--max-new-issues", "10"],
    { env: { GITHUB_TOKEN: "test-token", GITHUB_API_URL: github.baseUrl, TEAM_WEBHOOK: receiverUrl } },
  );

test("an escalation and a regression in the same run are one message, each with its issue's link", async () => {
  const yesterday = await run("yesterday", input("yesterday", 30, yesterdayStart), yesterdayStart, yesterdayEnd);
  assert.equal(yesterday.code, 0, yesterday.stderr);
  assert.equal(received.length, 0, "new problems notify nobody with this config");
  assert.match(yesterday.stdout, /^notify webhook team: nothing to send$/m);
  const issues = [...github.issues.values()];
  assert.equal(issues.length, 2);
  const cacheIssue = issues.find((i) => /Cache refresh/.test(i.title));
  const hooksIssue = issues.find((i) => /signature check failed/.test(i.title));
  assert.ok(cacheIssue && hooksIssue, issues.map((i) => i.title).join(" | "));

  // A person closes the webhook problem's issue as fixed, hours before today's window.
  hooksIssue.state = "closed";
  hooksIssue.state_reason = "completed";
  hooksIssue.closed_at = new Date(yesterdayEnd + 2 * HOUR).toISOString().replace(/\.\d{3}Z$/, "Z");

  // Today, the same hour: the cache problem at eight times yesterday's rate, the webhook problem back.
  const today = await run("today", input("today", 240, todayStart), todayStart, todayEnd);
  assert.equal(today.code, 0, today.stderr);
  assert.equal(received.length, 1, "one message for the run");
  assert.match(today.stdout, /^notify webhook team: sent \(2 problems\)$/m);
  const [message] = received;
  assert.equal(message?.total, 2);
  const byKind = new Map(message?.events.map((e) => [e.kind, e]));
  const regression = byKind.get("regression");
  const escalation = byKind.get("escalation");
  assert.ok(regression && escalation, JSON.stringify(message));
  assert.deepEqual(regression.issue, { number: hooksIssue.number, url: `https://github.test/${github.owner}/${github.repo}/issues/${hooksIssue.number}` });
  assert.deepEqual(escalation.issue, { number: cacheIssue.number, url: `https://github.test/${github.owner}/${github.repo}/issues/${cacheIssue.number}` });
  assert.match(escalation.name, /Cache refresh/);
  assert.ok(escalation.from !== null && escalation.from > escalation.priority, `raised from ${escalation.from} to ${escalation.priority}`);
  // The regression reopened its issue; the escalation updated its own.
  assert.equal(hooksIssue.state, "open");
  assert.equal(github.issues.size, 2);
  assert.deepEqual(github.violations, []);
});
