// The golden tests pass from a clone of the committed repository alone: no `../shared`, no
// LOG_GARDENER_DATASETS, nothing beside the clone but an empty temporary folder.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const repositoryRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const GOLDEN_TESTS = ["test/mine-golden.test.ts", "src/report/markdown.test.ts"];

const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

describe("a fresh clone", () => {
  const parent = mkdtempSync(join(tmpdir(), "log-gardener-clone-"));
  after(() => rmSync(parent, { recursive: true, force: true }));

  test("passes the golden tests with nothing beside it", () => {
    const head = git(repositoryRoot, "rev-parse", "HEAD");
    const clone = join(parent, "log-gardener");
    git(parent, "clone", "--quiet", "--no-checkout", repositoryRoot, clone);
    git(clone, "checkout", "--quiet", head);
    assert.deepEqual(readdirSync(parent), ["log-gardener"], "the clone is alone in its folder");
    assert.equal(existsSync(join(parent, "shared")), false);
    // what `npm ci` would install, without the network: the same packages the lock file pins
    symlinkSync(join(repositoryRoot, "node_modules"), join(clone, "node_modules"), "dir");

    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env["LOG_GARDENER_DATASETS"];
    delete env["NODE_TEST_CONTEXT"]; // the child reports to its own stdout, not to this runner
    const run = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", ...GOLDEN_TESTS], {
      cwd: clone,
      env,
      encoding: "utf8",
      timeout: 240_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 0, output.slice(-4000));
    const passed = Number(/^# pass (\d+)$/m.exec(run.stdout)?.[1] ?? "0");
    assert.ok(passed >= 20, `${passed} golden tests passed in the clone`);
    assert.match(run.stdout, /^# fail 0$/m);
  });
});
