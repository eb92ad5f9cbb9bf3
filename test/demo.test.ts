// `npm run demo` keeps one worklog per run: the third, no-change run does not replace the second's record.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { CLI_TIMEOUT_MS, REPO_ROOT } from "./run-cli.js";

const root = mkdtempSync(join(tmpdir(), "lg-demo-"));
after(() => rmSync(root, { recursive: true, force: true }));

test("each demo run keeps its own worklog, and the re-run says nothing changed", () => {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/demo.ts", "--root", root], { cwd: REPO_ROOT, encoding: "utf8", timeout: CLI_TIMEOUT_MS * 2 });
  assert.equal(run.status, 0, run.stderr);
  const demo = join(root, "gcp/log-gardener/demo");
  const worklogs = ["run-1", "run-2", "run-3"].map((folder) => {
    const files = readdirSync(join(demo, folder)).filter((f) => f.endsWith(".md"));
    assert.equal(files.length, 1, `${folder}: ${files.join(", ")}`);
    return readFileSync(join(demo, folder, files[0] ?? ""), "utf8");
  });
  assert.match(worklogs[0] ?? "", /^- Tracker: \d+ created\.$/m);
  assert.match(worklogs[1] ?? "", /^- Tracker: .*\d+ commented/m, "the second run's record survives the third run");
  assert.match(worklogs[2] ?? "", /^- Tracker: \d+ unchanged\.$/m);
  for (const worklog of worklogs) assert.ok(Buffer.byteLength(worklog) < 20_000, `${Buffer.byteLength(worklog)} bytes`);
});
