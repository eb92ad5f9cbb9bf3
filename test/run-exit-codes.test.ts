// What the CLI promises in the README's exit-code table, on the source side, and the messages a
// new user reads: a cut-off export exits 3 with the reports written, --no-state saves nothing and
// says nothing about saving, undated text logs get no rates and no "no-data" name.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { REPO_ROOT, runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "lg-exit-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const EXPORT = readFileSync(join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "utf8");

describe("a source cut short", () => {
  test("a cut-off export exits 3, says so in one line, and still writes the worklog and the JSON report", async () => {
    const input = join(dir, "cut.json");
    // the export stops in the middle of its last entry, as a killed `gcloud logging read > file` leaves it
    writeFileSync(input, EXPORT.slice(0, Math.floor(EXPORT.length * 0.8)));
    const out = join(dir, "cut-out");
    const result = await runCli(["run", "-i", input, "--no-state", "--out", out, "--quiet"]);
    assert.equal(result.code, 3, result.stderr);
    const lines = result.stderr.trim().split("\n");
    assert.match(lines.at(-1) ?? "", /^log-gardener: incomplete read from .*cut\.json; the reports say what is missing$/);
    const files = readdirSync(out);
    const worklog = files.find((f) => f.endsWith(".md"));
    assert.ok(worklog !== undefined && files.some((f) => f.endsWith(".json")), files.join(", "));
    assert.match(readFileSync(join(out, worklog), "utf8"), /Incomplete read/);
  });

  test("the whole export exits 0", async () => {
    const out = join(dir, "whole-out");
    const result = await runCli(["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--no-state", "--out", out, "--quiet"]);
    assert.equal(result.code, 0, result.stderr);
  });
});

describe("messages a new user reads", () => {
  test("--no-state never says it is saving state", async () => {
    const out = join(dir, "nostate-out");
    const result = await runCli(["run", "-i", join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json"), "--no-state", "--out", out], { env: { CI: "1" } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /writing reports/, "the progress lines are printed");
    assert.doesNotMatch(`${result.stdout}${result.stderr}`, /saving state/);
  });

  test("undated text logs get counts but no rates, and a worklog not named no-data", async () => {
    const input = join(dir, "undated.log");
    writeFileSync(input, ["ERROR database connection lost", "ERROR database connection lost", "WARNING cache miss ratio high", ""].join("\n"));
    const out = join(dir, "undated-out");
    const result = await runCli(["run", "-i", input, "--no-state", "--out", out, "--quiet"]);
    assert.equal(result.code, 0, result.stderr);
    const worklog = readdirSync(out).find((f) => f.endsWith(".md"));
    assert.equal(worklog, "GCP-LOG-GARDENER-WORKLOG-undated.md");
    const text = readFileSync(join(out, worklog), "utf8");
    assert.match(text, /no kept entry had a timestamp, so no rates are given/);
    assert.match(text, /^\| 1 \| P\d \|/m, "the problems are tabled");
    assert.doesNotMatch(text, /\/min|\/h\b|\/day/);
    assert.equal(existsSync(join(out, "GCP-LOG-GARDENER-WORKLOG-undated-no-data.md")), false);
  });
});
