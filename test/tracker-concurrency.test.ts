// Two real CLI runs at the same moment, each with its own state file, against one fake GitHub: the
// schedule overlaps, or two runners fire. Whatever the interleaving, one open issue per problem.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { parseIssueMarker } from "../src/tracker/marker.js";
import { FakeGitHub } from "./fakes/fake-github.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-tracker-concurrency-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const configPath = join(scratch, "log-gardener.yaml");
writeFileSync(configPath, "tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\n");

function run(fake: FakeGitHub, name: string, token = "test-token") {
  return runCli(
    ["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--repo", `${fake.owner}/${fake.repo}`, "--state", join(scratch, `${name}.db`), "--out", join(scratch, `out-${name}`), "--max-new-issues", "20", "--config", configPath, "-q"],
    { env: { GITHUB_TOKEN: token, GITHUB_API_URL: fake.baseUrl } },
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Open issues our account filed, by the fingerprint in their marker. */
function openByFingerprint(fake: FakeGitHub): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const issue of fake.issues.values()) {
    const fp = parseIssueMarker(issue.body ?? "")?.fingerprint;
    if (issue.state !== "open" || issue.author !== "log-gardener-bot" || !fp) continue;
    out.set(fp, [...(out.get(fp) ?? []), issue.number]);
  }
  return out;
}

test("two CLI runs started together with separate state files leave one open issue per problem; where both filed, the newer is closed as a duplicate", async () => {
  const fake = await FakeGitHub.start();
  try {
    // Every write waits until both runs have listed the issues: each then believes it must file everything.
    // And the first creation waits for the other run's: both have checked for a twin, and both file one.
    let creations = 0;
    fake.requestGate = async ({ method, path }) => {
      const listed = () => [...fake.labelListings.values()].reduce((n, c) => n + c, 0);
      for (let i = 0; method !== "GET" && i < 1200 && listed() < 2; i += 1) await sleep(25);
      if (method !== "POST" || !/\/issues$/.test(path)) return;
      creations += 1;
      for (let i = 0; creations === 1 && i < 400; i += 1) await sleep(25);
    };
    const [a, b] = await Promise.all([run(fake, "a"), run(fake, "b")]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const open = openByFingerprint(fake);
    assert.ok(open.size > 0);
    for (const [fp, numbers] of open) assert.equal(numbers.length, 1, `${fp}: open issues ${numbers.join(", ")}`);
    const closed = [...fake.issues.values()].filter((i) => i.state === "closed");
    assert.ok(closed.length > 0, "both runs filed some problem, so some newer issue was closed");
    for (const issue of closed) {
      assert.equal(issue.state_reason, "duplicate", `#${issue.number}`);
      const fp = parseIssueMarker(issue.body ?? "")?.fingerprint ?? "";
      const kept = open.get(fp)?.[0];
      assert.ok(kept !== undefined && kept < issue.number, `#${issue.number} is closed as a duplicate of the older #${kept}`);
      assert.ok([...fake.comments.values()].some((c) => c.issue_number === issue.number && c.body.includes(`Duplicate of #${kept}`)));
    }
    assert.deepEqual(fake.violations, []);
    assert.deepEqual(fake.malformedRequests, []);

    // A third run afterwards finds one issue per problem and files nothing.
    const writes = fake.writeCount();
    const third = await run(fake, "a");
    assert.equal(third.code, 0, third.stderr);
    assert.equal(fake.writeCount(), writes);
  } finally {
    await fake.close();
  }
});

test("a run that listed the issues just before another run filed them all uses those issues instead of filing twins", async () => {
  // GitHub's search index lags by minutes: a search right after A's creations does not see them.
  const fake = await FakeGitHub.start({ moreTokens: ["token-b"], searchLagMs: 10 * 60_000 });
  try {
    // Run B lists the bot's issues (none yet), then waits while run A files every problem and ends;
    // then B goes on from its listing, where none of A's issues are.
    let aDone = false;
    fake.requestGate = async ({ token }) => {
      for (let i = 0; token === "token-b" && (fake.labelListings.get("token-b") ?? 0) > 0 && !aDone && i < 4800; i += 1) await sleep(25);
    };
    const b = run(fake, "b", "token-b");
    for (let i = 0; i < 2400 && (fake.labelListings.get("token-b") ?? 0) === 0; i += 1) await sleep(25);
    const a = await run(fake, "a");
    aDone = true;
    assert.equal(a.code, 0, a.stderr);
    const filedByA = fake.issues.size;
    assert.ok(filedByA > 0);
    const bResult = await b;
    assert.equal(bResult.code, 0, bResult.stderr);
    const open = openByFingerprint(fake);
    for (const [fp, numbers] of open) assert.equal(numbers.length, 1, `${fp}: open issues ${numbers.join(", ")}`);
    assert.equal(fake.issues.size, filedByA, "B filed nothing: every problem already had A's issue");
    assert.deepEqual(fake.violations, []);
  } finally {
    await fake.close();
  }
});
