// One issue per problem, on any machine: `log-gardener run --tracker github` over the built-in sample
// against the fake GitHub, each run with a fresh state file (its own redaction key), as a scheduled
// job on a fresh runner would; and two issues found to be one problem.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parseIssueMarker } from "../src/tracker/marker.js";
import { openMemoryStateStore } from "../src/state/memory-store.js";
import { gardenTracker } from "../src/tracker/garden.js";
import { createGitHubTracker } from "../src/tracker/github-tracker.js";
import { renderIssueMarker } from "../src/tracker/marker.js";
import { fingerprint, judgedCluster, runWindow } from "./builders/judged-cluster.js";
import { FakeGitHub } from "./fakes/fake-github.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

let fake: FakeGitHub;
const scratch = mkdtempSync(join(tmpdir(), "lg-tracker-problems-"));
const configPath = join(scratch, "log-gardener.yaml");
writeFileSync(configPath, "tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\n");

before(async () => {
  fake = await FakeGitHub.start();
});
after(async () => {
  await fake.close();
  rmSync(scratch, { recursive: true, force: true });
});

function labelsOf(window: 1 | 2): Set<string> {
  const lines = readFileSync(join(REPO_ROOT, `samples/cloud-run/labels-${window}.ndjson`), "utf8").split("\n").filter(Boolean);
  return new Set(lines.map((line) => (JSON.parse(line) as { problem: string }).problem).filter((label) => !label.startsWith("info-")));
}

function run(window: 1 | 2, state: string, extra: readonly string[] = []) {
  return runCli(
    ["run", "-i", join(REPO_ROOT, `samples/cloud-run/window-${window}.json`), "--tracker", "github", "--repo", `${fake.owner}/${fake.repo}`, "--state", join(scratch, state), "--out", join(scratch, `out-${state}`), "--max-new-issues", "100", "--config", configPath, "-q", ...extra],
    { env: { GITHUB_TOKEN: "test-token", GITHUB_API_URL: fake.baseUrl } },
  );
}

test("with no state file, yesterday's issues are found for every known problem: only new problems get issues", async () => {
  const assignments = join(scratch, "assignments-1.ndjson");
  const first = await run(1, "day-1.db", ["--assignments", assignments]);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(fake.issues.size, labelsOf(1).size, "one issue per problem of the first window");

  // every kept entry is assigned its problem's fingerprint, the one the issue's marker names
  const markers = new Set([...fake.issues.values()].map((issue) => parseIssueMarker(issue.body)?.fingerprint));
  const assigned = new Set(readFileSync(assignments, "utf8").split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { fingerprint: string }).fingerprint));
  assert.deepEqual([...assigned].filter((fp) => !markers.has(fp)), []);

  // the same day again on a fresh runner (new state file, new redaction key): nothing to create
  const writes = fake.writeCount();
  const again = await run(1, "fresh-a.db");
  assert.equal(again.code, 0, again.stderr);
  assert.equal(fake.issues.size, labelsOf(1).size);
  assert.equal(fake.writeCount(), writes, "the same evidence is already on every issue");

  // the next window on another fresh runner: issues only for the problems that are new in it
  const fresh = [...labelsOf(2)].filter((label) => !labelsOf(1).has(label));
  const before = fake.issues.size;
  const next = await run(2, "fresh-b.db");
  assert.equal(next.code, 0, next.stderr);
  assert.equal(fake.issues.size - before, fresh.length, `new problems: ${fresh.join(", ")}`);
  assert.deepEqual(fake.violations, []);
  assert.deepEqual(fake.malformedRequests, []);
});

test("two open issues found to be one problem: the newer is closed as a duplicate of the older, with a comment, never deleted", async () => {
  const github = await FakeGitHub.start();
  try {
    const older = fingerprint(0xa1);
    const newer = fingerprint(0xb2);
    const body = (fp: string) => `${renderIssueMarker({ fingerprint: fp, aliases: [fp] })}\n\n## Query timed out`;
    const first = github.seedIssue({ title: "GCP-new | P2 | Query timed out", body: body(older), labels: ["log-gardener", "P2", "new"] });
    const second = github.seedIssue({ title: "GCP-new | P2 | Retrying query", body: body(newer), labels: ["log-gardener", "P2", "new"] });
    const problem = judgedCluster(older, { aliases: [older, newer], count: 30 });
    const judged = [{ ...problem, cluster: { ...problem.cluster, mergeReasons: ['"Retrying query…" follows "Query timed out…" in the same function'] } }];
    const tracker = () => createGitHubTracker({ repo: `${github.owner}/${github.repo}`, token: "test-token", baseUrl: github.baseUrl, label: "log-gardener", retryAfterUnitMs: 1, writeSpacingMs: 0, searchSpacingMs: 0 });
    const garden = () =>
      gardenTracker(tracker(), judged, {
        store: openMemoryStateStore({ now: () => new Date("2025-09-14T19:05:00Z") }),
        run: { window: runWindow(), runId: "r1" },
        options: { dryRun: false, maxNewIssues: 5, onRegression: "reopen", label: "log-gardener", now: new Date("2025-09-14T19:05:00Z") },
      });
    const outcome = await garden();
    const closing = outcome.actions.find((a) => a.kind === "close-duplicate");
    assert.equal(closing?.status, "done");
    assert.equal(closing?.issue?.number, second.number);
    assert.equal(outcome.actions.find((a) => a.kind !== "close-duplicate")?.issue?.number, first.number, "evidence goes to the older issue");
    const closed = github.issues.get(second.number);
    assert.ok(closed, "the duplicate still exists");
    assert.equal(closed.state, "closed");
    assert.equal(closed.state_reason, "duplicate");
    assert.equal(github.issues.get(first.number)?.state, "open");
    const comments = [...github.comments.values()].filter((c) => c.issue_number === second.number);
    assert.equal(comments.length, 1);
    assert.match(comments[0]?.body ?? "", new RegExp(`duplicate of #${first.number}`));
    assert.match(comments[0]?.body ?? "", /follows/);
    // and the next run leaves it closed, with no second comment
    const writes = github.writeCount();
    const rerun = await garden();
    assert.equal(rerun.actions.some((a) => a.kind === "close-duplicate"), false);
    assert.equal(github.writeCount(), writes);
    assert.deepEqual(github.violations, []);
  } finally {
    await github.close();
  }
});
