import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { openSqliteStateStore } from "../src/state/index.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

const SAMPLE = join(REPO_ROOT, "samples/cloud-run/window-1.json");

/** Reports of one run, with the lines that say when they were generated left out. */
function reports(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, name), "utf8");
    files.set(name, text.split("\n").filter((line) => !/generated/i.test(line)).join("\n"));
  }
  return files;
}

describe("worker threads", () => {
  test("1 and 2 threads write the same reports and assignments, byte for byte", async () => {
    const work = mkdtempSync(join(tmpdir(), "lg-threads-"));
    // one installation secret for both runs, so redaction masks hash alike
    const seed = join(work, "seed.db");
    const store = await openSqliteStateStore(seed, { now: () => new Date() });
    await store.installationSecret();
    await store.close();
    const outputs: Map<string, string>[] = [];
    for (const threads of ["1", "2"]) {
      const dir = join(work, `out-${threads}`);
      const state = join(work, `state-${threads}.db`);
      copyFileSync(seed, state);
      const result = await runCli([
        "run", "--input", SAMPLE, "--out", dir, "--json", join(dir, "report.json"), "--html", join(dir, "report.html"),
        "--assignments", join(dir, "assignments.ndjson"), "--state", state, "--quiet", "--threads", threads,
      ]);
      assert.equal(result.code, 0, result.stderr);
      outputs.push(reports(dir));
    }
    const [one, two] = outputs as [Map<string, string>, Map<string, string>];
    assert.deepEqual([...two.keys()], [...one.keys()]);
    assert.ok(one.size >= 4, [...one.keys()].join(", "));
    for (const [name, text] of one) assert.ok(text === two.get(name), `${name} differs between 1 and 2 threads`);
    assert.match(one.get("report.json") ?? "", /"fingerprint"/);
  });

  for (const wrong of ["0", "two"]) {
    test(`--threads ${wrong} is a one-line usage error`, async () => {
      const result = await runCli(["run", "--input", SAMPLE, "--no-state", "--threads", wrong]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--threads/);
      assert.equal(result.stderr.trim().split("\n").length, 1);
    });
  }
});
