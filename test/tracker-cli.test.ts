// `log-gardener run --tracker github` end to end, against the fake GitHub: the second run on the
// same input writes nothing.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FakeGitHub } from "./fakes/fake-github.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

let fake: FakeGitHub;
const scratch = mkdtempSync(join(tmpdir(), "lg-tracker-cli-"));

// GitHub's 1 s between writes and 2 s between searches are pointless against a loopback fake.
const configPath = join(scratch, "log-gardener.yaml");
writeFileSync(configPath, "tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\n");

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

test("routing: issues of a routed service get the route's labels and assignees, other services' issues do not", async () => {
  const fresh = await FakeGitHub.start();
  after(() => fresh.close());
  const routed = join(scratch, "routed.yaml");
  writeFileSync(routed, `tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\nrouting:\n  routes:\n    - { services: ["netra-*"], repo: ${fresh.owner}/${fresh.repo}, labels: [team-backend], assignees: [alice] }\n`);
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
