// `log-gardener run --tracker github` end to end, against the fake GitHub: the second run on the
// same input writes nothing.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { FakeGitHub } from "./fakes/fake-github.js";
import { closeLoopback, listenOnLoopback } from "./fakes/loopback.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

let fake: FakeGitHub;
const scratch = mkdtempSync(join(tmpdir(), "lg-tracker-cli-"));

/** A config file in the scratch dir: GitHub's 1 s between writes and 2 s between searches are pointless against a loopback fake, then `more` (YAML lines). */
function configWith(name: string, more = ""): string {
  const path = join(scratch, `${name}.yaml`);
  writeFileSync(path, `tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\n${more}`);
  return path;
}
const configPath = configWith("log-gardener");

before(async () => {
  fake = await FakeGitHub.start();
});
after(async () => {
  await fake.close();
  rmSync(scratch, { recursive: true, force: true });
});

function run(extra: readonly string[] = []) {
  return runCli(
    ["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--tracker", "github", "--repo", `${fake.owner}/${fake.repo}`, "--state", join(scratch, "state.db"), "--out", join(scratch, "out"), "--max-new-issues", "20", "--config", configPath, "-q", ...extra],
    { env: { GITHUB_TOKEN: "test-token", GITHUB_API_URL: fake.baseUrl } },
  );
}

test("run --tracker github files issues once; a second run on the same input writes nothing", async () => {
  const dry = await run(["--dry-run"]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(fake.writeCount(), 0);

  const first = await run();
  assert.equal(first.code, 0, first.stderr);
  const created = fake.issues.size;
  assert.ok(created > 0);
  const writes = fake.writeCount();

  const second = await run();
  assert.equal(second.code, 0, second.stderr);
  assert.equal(fake.writeCount(), writes);
  assert.equal(fake.issues.size, created);
  assert.deepEqual(fake.violations, []);
  assert.deepEqual(fake.malformedRequests, []);
});

test("GH_TOKEN works when GITHUB_TOKEN is unset, and the summary says which was used but never the value", async () => {
  const result = await runCli(
    ["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--repo", `${fake.owner}/${fake.repo}`, "--no-state", "--out", join(scratch, "out-gh-token"), "--config", configPath, "--dry-run"],
    { env: { GITHUB_TOKEN: "", GH_TOKEN: "test-token", GITHUB_API_URL: fake.baseUrl } },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /token from GH_TOKEN/);
  assert.doesNotMatch(result.stdout + result.stderr, /test-token/);
});

test("GitHub unreachable: one line naming the host and what to check, exit 3, the reports written", async () => {
  const out = join(scratch, "out-unreachable");
  const unreachableConfig = configWith("unreachable", "  readRetries: 0\n");
  // A port that was just free: nothing listens there, so the connection is refused at once.
  const probe = createServer();
  const freeUrl = await listenOnLoopback(probe);
  await closeLoopback(probe);
  const result = await runCli(
    ["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--repo", "acme/backend", "--state", join(scratch, "unreachable.db"), "--out", out, "--config", unreachableConfig, "-q"],
    { env: { GITHUB_TOKEN: "test-token", GITHUB_API_URL: freeUrl } },
  );
  assert.equal(result.code, 3, result.stderr);
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? "", /^log-gardener: tracker incomplete: GitHub at 127\.0\.0\.1:\d+ could not be read: .*ECONNREFUSED.*; check the network and GITHUB_API_URL/);
  assert.doesNotMatch(result.stderr, /internal error/);
  const written = readdirSync(out);
  assert.ok(written.some((f) => f.endsWith(".md")) && written.some((f) => f.endsWith(".json")), written.join(", "));
  assert.ok(existsSync(join(scratch, "unreachable.db")));
});

test("GitHub failing with 502 after some requests: exit 3 with the reports written; a rerun completes with no duplicate", async () => {
  const failing = await FakeGitHub.start();
  try {
    const out = join(scratch, "out-502");
    const outageConfig = configWith("outage", "  readRetries: 1\n");
    const args = ["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--repo", `${failing.owner}/${failing.repo}`, "--state", join(scratch, "outage.db"), "--out", out, "--max-new-issues", "20", "--config", outageConfig, "-q"];
    const env = { GITHUB_TOKEN: "test-token", GITHUB_API_URL: failing.baseUrl };
    failing.failAfterRequests = 14;
    const first = await runCli(args, { env });
    assert.equal(first.code, 3, first.stderr);
    assert.match(first.stderr, /^log-gardener: tracker incomplete: GitHub at 127\.0\.0\.1:\d+: .*HTTP 502.*githubstatus/m);
    assert.ok(readdirSync(out).some((f) => f.endsWith(".md")));
    failing.failAfterRequests = undefined;
    const second = await runCli(args, { env });
    assert.equal(second.code, 0, second.stderr);
    const fingerprints = [...failing.issues.values()].filter((i) => i.state === "open").map((i) => /fp=(lgfp[0-9a-f]+)/.exec(i.body ?? "")?.[1]);
    assert.ok(fingerprints.length > 0);
    assert.equal(new Set(fingerprints).size, fingerprints.length, "one open issue per cluster");
    for (const issue of failing.issues.values()) assert.doesNotMatch(issue.body ?? "", /log-gardener:related/);
    assert.deepEqual(failing.violations, []);
  } finally {
    await failing.close();
  }
});

test("routing: issues of a routed service get the route's labels and assignees, other services' issues do not", async () => {
  const fresh = await FakeGitHub.start();
  after(() => fresh.close());
  const routed = configWith("routed", `routing:\n  routes:\n    - { services: ["netra-*"], repo: ${fresh.owner}/${fresh.repo}, labels: [team-backend], assignees: [alice] }\n`);
  const result = await runCli(
    ["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--repo", `${fresh.owner}/${fresh.repo}`, "--state", join(scratch, "routed.db"), "--out", join(scratch, "out-routed"), "--max-new-issues", "20", "--config", routed, "-q"],
    { env: { GITHUB_TOKEN: "test-token", GITHUB_API_URL: fresh.baseUrl } },
  );
  assert.equal(result.code, 0, result.stderr);
  const issues = [...fresh.issues.values()];
  const backend = issues.filter((i) => /netra-backend-staging/.test(i.body ?? ""));
  const auth = issues.filter((i) => /auth-service/.test(i.body ?? "") && !/netra-backend-staging/.test(i.body ?? ""));
  assert.ok(backend.length > 0 && auth.length > 0);
  for (const issue of issues) {
    const isBackend = /netra-backend-staging/.test(issue.body ?? "");
    assert.equal(issue.labels.includes("team-backend"), isBackend, issue.title);
    assert.deepEqual(issue.assignees, isBackend ? ["alice"] : [], issue.title);
  }
  assert.deepEqual(fresh.violations, []);
  assert.deepEqual(fresh.malformedRequests, []);
});

test("a GitHub answer over tracker.maxResponseBytes: exit 3 with one line naming the setting, the reports written", async () => {
  const runaway = await FakeGitHub.start();
  try {
    const out = join(scratch, "out-oversized");
    const cappedConfig = configWith("capped", "  maxResponseBytes: 65536\n");
    runaway.addFault({ method: "GET", path: /\/issues$/, kind: "oversized", bytes: 8 * 1024 * 1024, times: 100 });
    const result = await runCli(
      ["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--repo", `${runaway.owner}/${runaway.repo}`, "--state", join(scratch, "oversized.db"), "--out", out, "--config", cappedConfig, "-q"],
      { env: { GITHUB_TOKEN: "test-token", GITHUB_API_URL: runaway.baseUrl } },
    );
    assert.equal(result.code, 3, result.stderr);
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? "", /^log-gardener: tracker incomplete: GitHub at 127\.0\.0\.1:\d+ could not be read: the answer is over tracker\.maxResponseBytes \(65,536 bytes\); check what answers at GITHUB_API_URL/);
    assert.ok(readdirSync(out).some((f) => f.endsWith(".md")));
    assert.equal(runaway.writeCount(), 0);
  } finally {
    await runaway.close();
  }
});
