// The tracker phase through the CLI when GitHub runs out of rate limit, and when outsiders copy our
// markers: exit 3 with the reports written and the rest deferred, and nobody else's issue adopted.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseIssueMarker } from "../src/tracker/marker.js";
import { FakeGitHub } from "./fakes/fake-github.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-tracker-outages-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const configPath = join(scratch, "log-gardener.yaml");
writeFileSync(configPath, "tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\n  readRetries: 1\n");

function run(fake: FakeGitHub, name: string) {
  const out = join(scratch, `out-${name}`);
  return runCli(
    ["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--repo", `${fake.owner}/${fake.repo}`, "--state", join(scratch, `${name}.db`), "--out", out, "--json", join(out, "r.json"), "--max-new-issues", "20", "--config", configPath, "-q"],
    { env: { GITHUB_TOKEN: "test-token", GITHUB_API_URL: fake.baseUrl } },
  ).then((result) => ({ ...result, out }));
}

interface ReportTracker {
  tracker: { actions: Array<{ kind: string; status: string; error: string | null }>; incomplete: { reason: string; resetAt: string | null } | null } | null;
}

test("the primary rate limit running out: exit 3 naming the reset time, the rest deferred to a run after it, no placeholder left", async () => {
  const fake = await FakeGitHub.start();
  try {
    // Two creations get through, then every creation is answered 403 with x-ratelimit-remaining 0 and a reset an hour away.
    fake.addFault({ method: "POST", path: /\/issues$/, kind: "primary-rate-limit", times: 0, retryAfterSeconds: 3600 });
    const fault = fake.faults[0]!;
    let allowed = 2;
    fake.beforeCreate = () => {
      allowed -= 1;
      if (allowed === 0) fault.times = 1000;
    };
    const result = await run(fake, "rate");
    assert.equal(result.code, 3, result.stderr);
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? "", /^log-gardener: tracker incomplete: GitHub at 127\.0\.0\.1:\d+: GitHub rate limit exhausted until (\S+Z); the rest is deferred to a run after \1$/);
    const report = JSON.parse(readFileSync(join(result.out, "r.json"), "utf8")) as ReportTracker;
    assert.ok(report.tracker?.incomplete?.resetAt);
    const statuses = report.tracker.actions.map((a) => a.status);
    assert.deepEqual(statuses.slice(0, 3), ["done", "done", "failed"]);
    const deferred = report.tracker.actions.filter((a) => a.status === "deferred");
    assert.ok(deferred.length > 0 && deferred.every((a) => /rate limit exhausted until/.test(a.error ?? "")), JSON.stringify(report.tracker.actions));
    assert.equal(fake.issues.size, 2);
    for (const issue of fake.issues.values()) assert.doesNotMatch(issue.body ?? "", /log-gardener:related/);
    assert.match(readFileSync(join(result.out, readdirMd(result.out)), "utf8"), /Tracker: 2 created, 1 failed, \d+ deferred/);
  } finally {
    await fake.close();
  }
});

function readdirMd(dir: string): string {
  return readdirSync(dir).find((f) => f.endsWith(".md")) ?? "";
}

test("outsider issues carrying copies of our markers, labelled or not, are never adopted, even when a creation's answer is lost", async () => {
  // The bodies a real run files, copied by someone else into issues of their own.
  const original = await FakeGitHub.start();
  let bodies: string[];
  try {
    const first = await run(original, "original");
    assert.equal(first.code, 0, first.stderr);
    bodies = [...original.issues.values()].map((i) => i.body ?? "");
  } finally {
    await original.close();
  }
  const fake = await FakeGitHub.start();
  try {
    const outsiders = bodies.flatMap((body, i) => [
      fake.seedIssue({ title: `copied ${i}`, body, labels: ["log-gardener"], author: "mallory" }),
      fake.seedIssue({ title: `copied too ${i}`, body, author: "mallory" }),
    ]);
    // The first creation's answer is lost: the check for a landed write must not take an outsider's issue.
    fake.addFault({ method: "POST", path: /\/issues$/, kind: "500" });
    const result = await run(fake, "outsiders");
    assert.equal(result.code, 0, result.stderr);
    const ours = [...fake.issues.values()].filter((i) => i.author === "log-gardener-bot");
    assert.equal(ours.length, bodies.length, "every problem got an issue of our own");
    assert.deepEqual(new Set(ours.map((i) => parseIssueMarker(i.body ?? "")?.fingerprint)).size, bodies.length);
    for (const outsider of outsiders) {
      const now = fake.issues.get(outsider.number)!;
      assert.equal(now.title, outsider.title);
      assert.equal(now.body, outsider.body);
      assert.equal(now.state, "open");
      assert.deepEqual([...fake.comments.values()].filter((c) => c.issue_number === outsider.number), []);
    }
    // A rerun keeps to our issues and writes nothing.
    const writes = fake.writeCount();
    const again = await run(fake, "outsiders");
    assert.equal(again.code, 0, again.stderr);
    assert.equal(fake.writeCount(), writes);
  } finally {
    await fake.close();
  }
});

test("a token that may not label (GitHub drops the labels of the issue it files): exit 3 with one line saying so, nothing left open", async () => {
  const fake = await FakeGitHub.start();
  try {
    fake.dropsLabels = true;
    const result = await run(fake, "no-push");
    assert.equal(result.code, 3, result.stderr);
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? "", /^log-gardener: tracker incomplete: GitHub at 127\.0\.0\.1:\d+: the token lacks permission to label issues: GitHub filed #1 without the log-gardener label \(labels need push access\), so #1 was closed again; give the token write access to the repository/);
    assert.equal(fake.issues.size, 1);
    assert.equal(fake.issues.get(1)?.state, "closed");
    const report = JSON.parse(readFileSync(join(result.out, "r.json"), "utf8")) as ReportTracker;
    assert.ok(report.tracker?.actions.slice(1).every((a) => a.status === "deferred" || a.status === "unchanged"), JSON.stringify(report.tracker?.actions));
  } finally {
    await fake.close();
  }
});
