// What a first-time user trips over: wrong flags, lower-case levels, "--since 2h", inputs with nothing to report.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { findingsLine, readLine } from "../src/cli/messages.js";
import { parseSeverityArg } from "../src/cli/commands/run.js";
import { githubRefusal, warningLine } from "../src/cli/main.js";
import { UsageError } from "../src/model/errors.js";
import { Command } from "@commander-js/extra-typings";
import { historyCommand } from "../src/cli/commands/history.js";
import { openSqliteStateStore } from "../src/state/index.js";
import { clusterRecord, entries, runSave, TestClock } from "../src/state/store-fixture.js";
import { runCli } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-first-use-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const INFO_ONLY = "2025-09-15 10:00:01,123 INFO [uvicorn] Started server process\n2025-09-15 10:00:02,123 INFO [uvicorn] Ready\n";
const ONE_ERROR = "2025-09-15 10:00:03,000 ERROR [app.pay] Payment provider timeout after 30s\n";

describe("wrong flags on a subcommand", () => {
  for (const args of [["run", "--inptu", "x.json"], ["issues", "show"], ["clusters", "--bogus"]]) {
    test(`log-gardener ${args.join(" ")} prints one line and exits 2`, async () => {
      const result = await runCli(args, { cwd: scratch });
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^log-gardener: [^\n]+\n$/);
      assert.doesNotMatch(result.stderr, /^error:/m);
    });
  }

  test("a misspelt flag gets its suggestion on the same line", async () => {
    const result = await runCli(["run", "--inptu", "x.json"], { cwd: scratch });
    assert.equal(result.stderr, "log-gardener: unknown option '--inptu' (Did you mean --input?)\n");
  });
});

test("a Cloud Logging flag on a file run is refused rather than ignored", async () => {
  const input = join(scratch, "cap.log");
  writeFileSync(input, ONE_ERROR);
  const result = await runCli(["run", "-i", input, "--no-state", "--max-entries", "2"], { cwd: scratch });
  assert.equal(result.code, 2);
  assert.equal(result.stderr, "log-gardener: --max-entries applies to Cloud Logging only: add --gcp-project <id>, or leave it out for files\n");
});

describe("--min-severity", () => {
  test("accepts any case", () => {
    assert.equal(parseSeverityArg("warning"), "WARNING");
    assert.equal(parseSeverityArg("Error"), "ERROR");
  });

  test("names the levels when the value is not one", () => {
    assert.throws(() => parseSeverityArg("warn"), (error: unknown) => error instanceof UsageError && /WARNING, ERROR/.test(error.message));
  });
});

describe("the terminal summary", () => {
  const totals = (read: number, kept: number, filtered: Record<string, number> = {}) => ({ read, kept, skipped: {}, filtered, skippedSamples: [] });

  test("names why entries were filtered", () => {
    assert.equal(
      readLine(totals(2_887, 2_701, { below_min_severity: 186 }), 0, "WARNING"),
      "read 2,887 entries, kept 2,701, skipped 0, filtered 186 (186 below WARNING)",
    );
  });

  test("an input of only INFO lines says 0 entries at WARNING or above, not no data", () => {
    assert.equal(findingsLine([], totals(2, 0, { below_min_severity: 2 }), "WARNING"), "0 entries at WARNING or above, so no clusters");
  });

  test("an empty input says no data", () => {
    assert.match(findingsLine([], totals(0, 0), "WARNING"), /^no data/);
  });
});

describe("GitHub refusing the token", () => {
  const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
    Object.assign(new Error(message), { name: "HttpError", status, response: { headers }, request: { url: "https://api.github.com/repos/o/r/issues" } });

  test("401 says to fix GITHUB_TOKEN, without the docs link", () => {
    const line = githubRefusal(httpError(401, "Bad credentials - https://docs.github.com/rest"));
    assert.equal(line, "GitHub refused the token (401 Bad credentials): set GITHUB_TOKEN to a token with Issues: read and write on the repository");
  });

  test("403 without a spent rate limit is a permission problem", () => {
    assert.match(githubRefusal(httpError(403, "Resource not accessible by personal access token")) ?? "", /needs Issues: read and write/);
  });

  test("a spent rate limit is not reported as a refused token", () => {
    assert.equal(githubRefusal(httpError(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0" })), undefined);
  });

  test("other errors are left to the internal-error path", () => {
    assert.equal(githubRefusal(new Error("boom")), undefined);
  });
});

describe("whole runs", () => {
  test("only INFO lines: the terminal and the worklog say 0 entries at WARNING or above", async () => {
    const input = join(scratch, "info.log");
    writeFileSync(input, INFO_ONLY);
    const out = join(scratch, "info-out");
    const result = await runCli(["run", "-i", input, "--no-state", "--out", out, "--min-severity", "warning"], { cwd: scratch });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /0 entries at WARNING or above/);
    const worklog = readdirSync(out).find((name) => name.endsWith(".md")) ?? "";
    assert.match(readFileSync(join(out, worklog), "utf8"), /\*\*0 entries at WARNING or above/);
  });

  test("--since 2h without --until covers the two hours up to now", async () => {
    const input = join(scratch, "one.log");
    writeFileSync(input, ONE_ERROR);
    const json = join(scratch, "since.json");
    const result = await runCli(["run", "-i", input, "--no-state", "--out", join(scratch, "since-out"), "--json", json, "--since", "2h", "-q"], { cwd: scratch });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(readFileSync(json, "utf8")) as { window: { minutes: number; end: string | null; label: string } };
    assert.equal(report.window.minutes, 120);
    assert.notEqual(report.window.end, null);
    assert.equal(report.window.label, "last-2h");
  });

  test("without state the local tracker says its issues are not kept", async () => {
    const input = join(scratch, "error.log");
    writeFileSync(input, ONE_ERROR);
    const result = await runCli(["run", "-i", input, "--no-state", "--out", join(scratch, "stateless-out")], { cwd: scratch });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /local tracker: 1 created.*\(not kept: --no-state\)/);
  });
});

describe("log-gardener history --cluster", () => {
  test("a local issue is named once, not as '#3 (open) local:#3'", async () => {
    const statePath = join(scratch, "history.db");
    const store = await openSqliteStateStore(statePath, { now: new TestClock().now });
    await store.saveRun(runSave("run-1", [clusterRecord("lgfp00000000000000c3", { entries: entries("c", 0, 5) })], { start: "2026-11-20T01:00:00Z", end: "2026-11-20T02:00:00Z" }));
    await store.linkIssue("lgfp00000000000000c3", { tracker: "local", number: 3, url: "local:#3", state: "open" });
    await store.close();
    const chunks: string[] = [];
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    program.addCommand(historyCommand({ stdout: { write: (text: string) => chunks.push(text) } }));
    await program.parseAsync(["history", "--cluster", "lgfp00000000000000c3", "--state", statePath], { from: "user" });
    assert.match(chunks.join(""), /issue #3 \(open\)\n/);
  });
});

describe("Node warnings", () => {
  test("the metadata-server probe's warning is kept quiet after our own one-line message", () => {
    const warning = Object.assign(new Error("received unexpected error = All promises were rejected"), { name: "MetadataLookupWarning" });
    assert.equal(warningLine(warning, 1), undefined);
  });

  test("other warnings are still printed as Node prints them", () => {
    const warning = Object.assign(new Error("x is deprecated"), { name: "DeprecationWarning" });
    assert.equal(warningLine(warning, 7), "(node:7) DeprecationWarning: x is deprecated\n");
  });
});
