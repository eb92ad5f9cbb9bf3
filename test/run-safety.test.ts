// One run at a time per state file, and every output path checked before anything is written.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { acquireRunLock } from "../src/state/run-lock.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-run-safety-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
const INPUT = join(REPO_ROOT, "test/fixtures/inputs/gcloud-export.json");

function run(args: readonly string[], cwd = scratch) {
  return runCli(["run", "-i", INPUT, "-q", ...args], { cwd, env: { NO_COLOR: "1" } });
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, stderr);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
  return lines[0] ?? "";
}

test("a second run on a state file in use is refused with one line and exit 2; the first is unharmed", async () => {
  const state = join(scratch, "busy.db");
  const lock = acquireRunLock(state);
  try {
    const refused = await run(["--state", state, "--out", join(scratch, "busy-out")]);
    assert.equal(refused.code, 2);
    assert.match(oneLine(refused.stderr), /^log-gardener: another log-gardener run is using the state file .*busy\.db; wait for it to finish/);
    assert.equal(existsSync(join(scratch, "busy-out")), false, "the refused run wrote nothing");
  } finally {
    lock.release();
  }
  const after = await run(["--state", state, "--out", join(scratch, "busy-out")]);
  assert.equal(after.code, 0, after.stderr);
});

test("a lock left by a killed run is not a live one: the next run goes ahead", async () => {
  const state = join(scratch, "killed.db");
  const holder = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), "-e", `import(${JSON.stringify(join(REPO_ROOT, "src/state/run-lock.ts"))}).then((m) => { m.acquireRunLock(${JSON.stringify(state)}); console.log("locked"); setInterval(() => {}, 1000); })`], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve()));
  const whileHeld = await run(["--state", state, "--out", join(scratch, "killed-out")]);
  assert.equal(whileHeld.code, 2, whileHeld.stderr);
  holder.kill("SIGKILL");
  await new Promise((resolve) => holder.once("exit", resolve));
  const afterKill = await run(["--state", state, "--out", join(scratch, "killed-out")]);
  assert.equal(afterKill.code, 0, afterKill.stderr);
});

test("two runs started together on one new state file: one runs, the other is refused, no schema error", async () => {
  const state = join(scratch, "together.db");
  // The first run reads stdin, held open until the second has finished: the two certainly overlap.
  const first = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), join(REPO_ROOT, "src/cli/main.ts"), "run", "-i", "-", "--state", state, "--out", join(scratch, "together-1"), "-q"], { cwd: scratch, stdio: ["pipe", "pipe", "pipe"] });
  const firstErr: Buffer[] = [];
  first.stderr.on("data", (c: Buffer) => firstErr.push(c));
  // Wait for the first run's lock before starting the second.
  for (let i = 0; i < 600 && !existsSync(`${state}.lock`); i += 1) await new Promise((r) => setTimeout(r, 50));
  const second = await run(["--state", state, "--out", join(scratch, "together-2")]);
  first.stdin.end(readFileSync(INPUT));
  const firstCode = await new Promise<number | null>((resolve) => first.once("close", resolve));
  assert.equal(firstCode, 0, Buffer.concat(firstErr).toString());
  assert.equal(second.code, 2, second.stderr);
  assert.match(oneLine(second.stderr), /another log-gardener run is using the state file/);
  assert.doesNotMatch(second.stderr + Buffer.concat(firstErr).toString(), /already exists/);
});

test("--out naming a file is exit 2 with one line, before any state or report is written", async () => {
  const file = join(scratch, "a-file");
  writeFileSync(file, "x");
  const state = join(scratch, "out-file.db");
  const result = await run(["--out", file, "--state", state]);
  assert.equal(result.code, 2);
  assert.match(oneLine(result.stderr), /--out .*a-file is a file, not a directory/);
  assert.equal(existsSync(state), false);
});

for (const [flag, name] of [["--html", "r.html"], ["--json", "r.json"], ["--assignments", "a.ndjson"], ["--state", "s.db"]] as const) {
  test(`${flag} where no file can be created is exit 2 with one line, nothing written`, async () => {
    const state = join(scratch, `unwritable-${name}.db`);
    const out = join(scratch, `unwritable-${name}`);
    // /proc takes no new files, for root too (a chmod'ed directory would not stop root).
    const args = flag === "--state" ? ["--state", `/proc/lg-test/${name}`, "--out", out] : [flag, `/proc/lg-test/${name}`, "--state", state, "--out", out];
    const result = await run(args);
    assert.equal(result.code, 2, result.stderr);
    assert.match(oneLine(result.stderr), new RegExp(`^log-gardener: ${flag} /proc/lg-test/${name.replace(".", "\\.")}: /proc is not writable$`));
    assert.equal(existsSync(state), false);
    assert.equal(existsSync(out), false);
  });
}

test("two outputs naming one file are refused", async () => {
  const result = await run(["--json", "same.out", "--html", "same.out", "--state", join(scratch, "same.db"), "--out", join(scratch, "same")]);
  assert.equal(result.code, 2);
  assert.match(oneLine(result.stderr), /--html and --json name the same file/);
});
