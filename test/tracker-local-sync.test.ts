// Two-way sync with the local tracker, end to end: the same cases as the GitHub sync tests in tracker-github.test.ts,
// with the person's part played by `log-gardener issues close|reopen` and the state file read by `clusters` and
// `history`, as a user would.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { openSqliteStateStore } from "../src/state/index.js";
import { REPO_ROOT, runCli, type CliResult } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-local-sync-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The fixture export moved `days` later (every timestamp, so each day is a window of its own with fresh entries). */
function exportOnDay(days: number): string {
  const text = readFileSync(join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "utf8");
  const shifted = text.replace(/2025-09-(\d\d)T/g, (_, day: string) => `2025-09-${String(Number(day) + days).padStart(2, "0")}T`);
  const path = join(scratch, `day-${days}.json`);
  writeFileSync(path, shifted);
  return path;
}

interface Listing {
  readonly fingerprint: string;
  readonly name: string;
  readonly status: string;
  readonly issue: { readonly number: number; readonly state: string } | null;
}

function expectOk(result: CliResult): string {
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

/** Each test gets its own state file, so the cases stand alone like the GitHub ones. */
function session(name: string, config?: string) {
  const state = join(scratch, `${name}.db`);
  const configArgs: string[] = [];
  if (config !== undefined) {
    writeFileSync(join(scratch, `${name}.yaml`), config);
    configArgs.push("--config", join(scratch, `${name}.yaml`));
  }
  const cli = async (args: readonly string[]) => expectOk(await runCli([...args, "--state", state, ...configArgs]));
  return {
    state,
    out: join(scratch, `out-${name}`),
    run: (day: number, extra: readonly string[] = []) => cli(["run", "-i", exportOnDay(day), "--out", join(scratch, `out-${name}`), "--max-new-issues", "20", "-q", ...extra]),
    clusters: async () => JSON.parse(await cli(["clusters", "--json"])) as Listing[],
    history: (fingerprint: string) => cli(["history", "--cluster", fingerprint]),
    issues: async () => JSON.parse(await cli(["issues", "list", "--status", "all", "--json"])) as { number: number; title: string; body: string; state: string; state_reason: string | null }[],
    comments: async (n: number) => (JSON.parse(await cli(["issues", "show", String(n), "--json"])) as { comments: unknown[] }).comments.length,
    close: (n: number, reason: "completed" | "not_planned" = "completed") => cli(["issues", "close", String(n), "--reason", reason]),
    reopen: (n: number) => cli(["issues", "reopen", String(n)]),
  };
}

/** The problem of the fixture's permission error, with its issue number: the one the person acts on. */
async function permissionProblem(s: ReturnType<typeof session>): Promise<{ fingerprint: string; number: number }> {
  const found = (await s.clusters()).find((c) => /^Permission 'run\.services\.update' denied/.test(c.name));
  assert.ok(found?.issue, "the permission error has an issue after the first run");
  return { fingerprint: found.fingerprint, number: found.issue.number };
}

const statusOf = async (s: ReturnType<typeof session>, fingerprint: string) => (await s.clusters()).find((c) => c.fingerprint === fingerprint)?.status;

test("local tracker: an issue a person closes is resolved in clusters and history; reopened, it is open again and remembered", async () => {
  const s = session("close-reopen");
  await s.run(0);
  const { fingerprint, number } = await permissionProblem(s);

  await s.close(number);
  // The next run reads the close from the tracker's listing and records it; the recurrence it sees is older than the close.
  await s.run(1);
  assert.equal(await statusOf(s, fingerprint), "resolved");
  assert.match(await s.history(fingerprint), new RegExp(`issue #${number} \\(resolved\\)`));
  assert.equal((await s.issues()).find((i) => i.number === number)?.state, "closed", "a recurrence older than the close does not reopen it");

  await s.reopen(number);
  await s.run(2);
  assert.equal(await statusOf(s, fingerprint), "open");
  assert.match(await s.history(fingerprint), new RegExp(`issue #${number} \\(open\\)`));
  const store = await openSqliteStateStore(s.state, { now: () => new Date(), mustExist: true });
  try {
    assert.ok((await store.findIssue(fingerprint))?.reopenedByPersonAt, "a person's reopening is recorded, so auto-close waits on it");
  } finally {
    await store.close();
  }
});

test("local tracker: closed as not planned mutes the problem; a person reopening it un-mutes it and the run gardens it again", async () => {
  const s = session("mute");
  await s.run(0);
  const { fingerprint, number } = await permissionProblem(s);
  const before = await s.comments(number);

  await s.close(number, "not_planned");
  await s.run(1);
  assert.equal(await statusOf(s, fingerprint), "muted");
  assert.match(await s.history(fingerprint), new RegExp(`issue #${number} \\(muted\\)`));
  assert.equal(await s.comments(number), before, "a muted issue gets no evidence");

  await s.reopen(number);
  await s.run(2);
  assert.equal(await statusOf(s, fingerprint), "open");
  assert.equal(await s.comments(number), before + 1, "the reopened issue gets this run's evidence");
});

test("local tracker: an issue deleted from the tracker is filed afresh once, with a note", async () => {
  const s = session("deleted");
  await s.run(0);
  const { fingerprint, number } = await permissionProblem(s);
  // The CLI has no delete (GitHub's REST API has none either): the person's deletion is done on the state file itself.
  const db = new Database(s.state);
  db.prepare("DELETE FROM local_comment WHERE issue_number = ?").run(number);
  db.prepare("DELETE FROM local_issue WHERE number = ?").run(number);
  db.close();
  const count = (await s.issues()).length;

  await s.run(1);
  const refiled = (await s.issues()).filter((i) => i.body.includes(`fp=${fingerprint}`));
  assert.equal(refiled.length, 1);
  assert.match(refiled[0]?.body ?? "", new RegExp(`Filed afresh: #${number}, which tracked this problem, was deleted or transferred`));
  assert.equal((await s.issues()).length, count + 1);
  const listing = (await s.clusters()).find((c) => c.fingerprint === fingerprint);
  assert.equal(listing?.status, "open");
  assert.equal(listing?.issue?.number, refiled[0]?.number);

  await s.run(2);
  assert.equal((await s.issues()).length, count + 1, "filed afresh once: the next run updates the new issue");
});

test("local tracker: an ignored problem is counted in the worklog and the JSON report, by rule, and never filed", async () => {
  const s = session("ignored", "judge:\n  ignore:\n    - { name: beacon-405s, messagePattern: \"^POST /ws/beacon\" }\n");
  await s.run(0, ["--worklog", "full"]);
  const files = readdirSync(s.out);
  const worklog = readFileSync(join(s.out, files.find((f) => f.endsWith(".md"))!), "utf8");
  assert.match(worklog, /^- \*\*Set aside\*\*, counted and left alone: 1 problem ignored by rule \(1 entry: `beacon-405s` 1 problem, 1 entry\)\.$/m);
  assert.match(worklog, /^\| \d+ \| P3 \| POST \/ws\/beacon[^\n]*\| ignored: `beacon-405s` \|$/m);
  const report = JSON.parse(readFileSync(join(s.out, files.find((f) => f.endsWith(".json"))!), "utf8")) as { setAside: unknown; clusters: { name: string; issueVerdict: { kind: string; rule: string | null } }[] };
  assert.deepEqual(report.setAside, { ignored: { problems: 1, entries: 1, byRule: [{ rule: "beacon-405s", problems: 1, entries: 1 }] }, muted: { problems: 0, entries: 0, issues: [] } });
  assert.deepEqual(report.clusters.find((c) => c.name.startsWith("POST /ws/beacon"))?.issueVerdict, { kind: "ignored", issueNumber: null, rule: "beacon-405s", reason: "ignored by rule beacon-405s" });
  assert.ok(!(await s.issues()).some((i) => i.title.includes("/ws/beacon")), "an ignored problem is never filed");
  assert.equal((await s.clusters()).find((c) => c.name.startsWith("POST /ws/beacon"))?.status, "ignored");
});
