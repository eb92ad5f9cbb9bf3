// Notifications against a loopback receiver: payload shape, one grouped message, retry, failure reported.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { after, before, beforeEach, describe, test } from "node:test";
import { judgedCluster, runWindow } from "../../test/builders/judged-cluster.js";
import { NotifyConfigSchema } from "../config/sections/notify.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { Report } from "../model/report.js";
import type { TrackerActionOutcome } from "../model/tracker.js";
import { notifyEvents } from "./events.js";
import { slackEscape } from "./message.js";
import { sendNotifications, type NotifyOptions } from "./send.js";

interface Received {
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Record<string, unknown>;
}

let server: Server;
let base: string;
const received: Received[] = [];
/** Statuses to answer with, in order, before answering 200 (Slack's `ok`, or JSON for webhooks). */
let failures: number[] = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
      const status = failures.shift();
      if (status !== undefined) res.writeHead(status, { "content-type": "text/plain" }).end(status === 429 ? "rate_limited" : "internal_error");
      else if (req.url?.startsWith("/slack")) res.writeHead(200, { "content-type": "text/html" }).end("ok");
      else res.writeHead(202, { "content-type": "application/json" }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address && typeof address === "object");
  base = `http://127.0.0.1:${address.port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  failures = [];
});

function action(j: JudgedCluster, kind: TrackerActionOutcome["kind"], number: number): TrackerActionOutcome {
  return { fingerprint: j.cluster.fingerprint, kind, title: j.cluster.name, priority: j.priority, category: j.category, status: "done", details: [], issue: { number, url: `https://github.com/acme/api/issues/${number}` } };
}

/** Two new urgent problems, one regression, one escalation, and two that say nothing new. */
function sampleReport(): Report {
  const newP0 = judgedCluster("lgfp00000000000000a0", { name: "Checkout <b>down</b> & out", priority: "P0", count: 120 });
  const newP1 = judgedCluster("lgfp00000000000000a1", { name: "Payment provider 502", priority: "P1", count: 40 });
  const newP3 = judgedCluster("lgfp00000000000000a2", { name: "Slow cache warm-up", priority: "P3" });
  const back = judgedCluster("lgfp00000000000000a3", { name: "Agent bridge crash", priority: "P2", category: "regression" });
  const rising = judgedCluster("lgfp00000000000000a4", { name: "Session middleware warning", priority: "P1", category: "other", escalation: { from: "P2", reason: "rate 3.1× baseline" } });
  const steady = judgedCluster("lgfp00000000000000a5", { name: "Known noise", priority: "P1", category: "other" });
  const clusters = [newP0, newP1, rising, steady, back, newP3].map((j) => ({ ...j, links: { logs: { url: `https://console.cloud.google.com/logs/query;query=${j.cluster.fingerprint}?project=p`, project: "p", query: "q" } } }));
  return {
    schemaVersion: 1,
    tool: { name: "log-gardener", version: "0.1.0" },
    generatedAt: "2025-09-14T19:00:05Z",
    window: runWindow(),
    query: { services: [], minSeverity: "WARNING", filters: [] },
    sources: [],
    complete: true,
    totals: { read: 300, kept: 300, skipped: {}, filtered: {}, skippedSamples: [] },
    services: [],
    projects: [],
    revisions: [],
    timeline: [],
    clusters,
    tracker: {
      tracker: "github",
      repo: "acme/api",
      dryRun: false,
      requests: {},
      actions: [action(newP0, "create", 11), action(newP1, "create", 12), action(newP3, "create", 13), action(back, "reopen", 7), action(rising, "update", 5), action(steady, "comment", 6)],
    },
  };
}

const options = (over: Partial<NotifyOptions> = {}): NotifyOptions => ({
  dryRun: false,
  env: { SLACK_HOOK: `${base}/slack/T000/B000/XXXX` },
  sleep: () => Promise.resolve(),
  random: () => 0.5,
  userAgent: "log-gardener/test",
  ...over,
});

const config = (extra: Record<string, unknown> = {}) =>
  NotifyConfigSchema.parse({ slack: { urlEnv: "SLACK_HOOK" }, webhooks: [{ name: "pager", url: `${base}/hook`, headers: { "x-token": "env:HOOK_TOKEN" } }], ...extra });

describe("which problems notify", () => {
  test("new P0/P1 issues, the reopened one and the escalation; not the new P3 nor the steady one", () => {
    const events = notifyEvents(sampleReport(), config().on);
    assert.deepEqual(events.map((e) => [e.kind, e.priority, e.issue?.number]), [["new", "P0", 11], ["new", "P1", 12], ["regression", "P2", 7], ["escalation", "P1", 5]]);
    assert.equal(events.find((e) => e.kind === "escalation")?.from, "P2");
  });

  test("a problem set aside (ignored by rule, or muted on its issue) notifies no one, even escalated", () => {
    const report = sampleReport();
    const setAside: Report = {
      ...report,
      clusters: report.clusters.map((c, i) => ({ ...c, issue: i % 2 === 0 ? { kind: "ignored" as const, rule: "known", reason: "ignored by rule known" } : { kind: "muted" as const, number: 1, reason: "muted" } })),
    };
    assert.deepEqual(notifyEvents(setAside, config().on), []);
  });

  test("a re-run that writes nothing notifies nothing", () => {
    const report = sampleReport();
    const quiet: Report = { ...report, clusters: report.clusters.map((c) => ({ ...c, escalation: undefined })), tracker: { ...report.tracker!, actions: report.tracker!.actions.map((a) => ({ ...a, kind: "none" as const, status: "unchanged" as const })) } };
    assert.deepEqual(notifyEvents(quiet, config().on), []);
  });
});

describe("sending", () => {
  test("one Slack message and one webhook document per run, grouping every event with its issue link", async () => {
    const outcomes = await sendNotifications(sampleReport(), config(), options({ env: { SLACK_HOOK: `${base}/slack/T000/B000/XXXX`, HOOK_TOKEN: "s3cret" } }));
    assert.deepEqual(outcomes.map((o) => [o.sink, o.name, o.status, o.events, o.attempts]), [["slack", "slack", "sent", 4, 1], ["webhook", "pager", "sent", 4, 1]]);
    assert.equal(received.length, 2);
    const slack = received.find((r) => r.path.startsWith("/slack"));
    assert.equal(slack?.headers["content-type"], "application/json");
    assert.equal(slack?.headers["user-agent"], "log-gardener/test");
    const blocks = slack?.body.blocks as { type: string; text?: { type: string; text: string } }[];
    assert.deepEqual(blocks.map((b) => b.type), ["header", "section", "section", "section", "context"]);
    assert.match(blocks[0]?.text?.text ?? "", /^log-gardener: 4 problems need attention in backend-staging \(20250914T1800Z-20250914T1900Z\): 2 new, 1 regression, 1 escalation$/);
    assert.match(blocks[1]?.text?.text ?? "", /^\*New\*\n• <https:\/\/github\.com\/acme\/api\/issues\/11\|#11 Checkout &lt;b&gt;down&lt;\/b&gt; &amp; out>: P0 · 120 entries/);
    assert.match(blocks[1]?.text?.text ?? "", /· <https:\/\/console\.cloud\.google\.com\/logs\/query;query=lgfp00000000000000a0\?project=p\|logs>/);
    assert.match(blocks[3]?.text?.text ?? "", /^\*Escalated\*\n• <[^|]+\|#5 Session middleware warning>: P2 → P1/);
    assert.match(String(slack?.body.text), /^log-gardener: 4 problems/);

    const hook = received.find((r) => r.path === "/hook");
    assert.equal(hook?.headers["x-token"], "s3cret");
    const doc = hook?.body as { version: number; total: number; window: { label: string }; events: { kind: string; priority: string; from: string | null; issue: { number: number; url: string } | null; logsUrl: string | null }[] };
    assert.equal(doc.version, 1);
    assert.equal(doc.total, 4);
    assert.deepEqual(doc.events.map((e) => [e.kind, e.priority, e.from, e.issue?.number]), [["new", "P0", null, 11], ["new", "P1", null, 12], ["regression", "P2", null, 7], ["escalation", "P1", "P2", 5]]);
    assert.ok(doc.events.every((e) => e.logsUrl?.startsWith("https://console.cloud.google.com/logs/query;")));
  });

  test("a 500 and a 429 are retried, and the message goes out once", async () => {
    failures = [500, 429];
    const outcomes = await sendNotifications(sampleReport(), NotifyConfigSchema.parse({ slack: { urlEnv: "SLACK_HOOK" } }), options());
    assert.deepEqual(outcomes.map((o) => [o.status, o.attempts]), [["sent", 3]]);
    assert.equal(received.length, 3);
  });

  test("a receiver that keeps failing is reported with the status, after the configured attempts, without the URL", async () => {
    failures = [503, 503, 503, 503];
    const outcomes = await sendNotifications(sampleReport(), NotifyConfigSchema.parse({ slack: { urlEnv: "SLACK_HOOK" }, attempts: 4 }), options());
    assert.equal(outcomes[0]?.status, "failed");
    assert.equal(outcomes[0]?.attempts, 4);
    assert.match(outcomes[0]?.error ?? "", /HTTP 503/);
    assert.doesNotMatch(outcomes[0]?.error ?? "", /XXXX/);
  });

  test("a refused request (400) is not retried; an unreachable receiver and a missing URL are reported too", async () => {
    failures = [400];
    const refused = await sendNotifications(sampleReport(), NotifyConfigSchema.parse({ slack: { urlEnv: "SLACK_HOOK" } }), options());
    assert.deepEqual(refused.map((o) => [o.status, o.attempts]), [["failed", 1]]);
    const unreachable = await sendNotifications(sampleReport(), NotifyConfigSchema.parse({ webhooks: [{ url: "http://127.0.0.1:1/hook" }], attempts: 2 }), options());
    assert.deepEqual(unreachable.map((o) => [o.name, o.status, o.attempts]), [["webhook-1", "failed", 2]]);
    assert.match(unreachable[0]?.error ?? "", /network error/);
    const missing = await sendNotifications(sampleReport(), NotifyConfigSchema.parse({ slack: { urlEnv: "NOT_SET" } }), options());
    assert.deepEqual(missing.map((o) => [o.status, o.error]), [["failed", "NOT_SET is not set"]]);
  });

  test("a dry run sends nothing and returns the text it would send", async () => {
    const outcomes = await sendNotifications(sampleReport(), config(), options({ dryRun: true }));
    assert.equal(received.length, 0);
    assert.deepEqual(outcomes.map((o) => o.status), ["preview", "preview"]);
    assert.equal(
      outcomes[0]?.preview,
      [
        "log-gardener: 4 problems need attention in backend-staging (20250914T1800Z-20250914T1900Z): 2 new, 1 regression, 1 escalation",
        "New:",
        "- Checkout <b>down</b> & out (P0 · 120 entries, 2/min · backend-staging) https://github.com/acme/api/issues/11",
        "- Payment provider 502 (P1 · 40 entries, 0.67/min · backend-staging) https://github.com/acme/api/issues/12",
        "Regressions:",
        "- Agent bridge crash (P2 · 10 entries, 0.17/min · backend-staging) https://github.com/acme/api/issues/7",
        "Escalated:",
        "- Session middleware warning (P2 → P1 · 10 entries, 0.17/min · backend-staging) https://github.com/acme/api/issues/5",
      ].join("\n"),
    );
  });

  test("nothing to tell: no request", async () => {
    const report = sampleReport();
    const outcomes = await sendNotifications({ ...report, clusters: [], tracker: { ...report.tracker!, actions: [] } }, config(), options());
    assert.deepEqual(outcomes.map((o) => o.status), ["nothing-to-send", "nothing-to-send"]);
    assert.equal(received.length, 0);
  });

  test("maxEvents bounds the message and counts the rest", async () => {
    const outcomes = await sendNotifications(sampleReport(), NotifyConfigSchema.parse({ slack: { urlEnv: "SLACK_HOOK" }, maxEvents: 2 }), options({ dryRun: true }));
    assert.match(outcomes[0]?.preview ?? "", /\nand 2 more in the worklog$/);
    assert.doesNotMatch(outcomes[0]?.preview ?? "", /Escalated/);
  });
});

test("Slack escaping touches only &, < and >", () => assert.equal(slackEscape("a <b> & *c*"), "a &lt;b&gt; &amp; *c*"));
