import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { commitWorklog } from "./git-commit.js";

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), "lg-commit-"));
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir });
  git("init", "-q");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "test");
  writeFileSync(join(dir, "README.md"), "x\n");
  git("add", "README.md");
  git("commit", "-q", "-m", "init");
  return dir;
}

test("commits the worklog alone, leaving other staged changes staged", async () => {
  const dir = repo();
  try {
    writeFileSync(join(dir, "other.txt"), "staged\n");
    execFileSync("git", ["add", "other.txt"], { cwd: dir });
    writeFileSync(join(dir, "worklog.md"), "# worklog\n");
    const outcome = await commitWorklog(join(dir, "worklog.md"), "Worklog for last-2h");
    assert.equal(outcome.kind, "committed");
    const files = execFileSync("git", ["show", "--name-only", "--format=", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
    assert.equal(files, "worklog.md");
    assert.match(execFileSync("git", ["status", "--porcelain"], { cwd: dir, encoding: "utf8" }), /^A  other\.txt/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an unchanged worklog makes no commit", async () => {
  const dir = repo();
  try {
    writeFileSync(join(dir, "worklog.md"), "# worklog\n");
    await commitWorklog(join(dir, "worklog.md"), "first");
    assert.equal((await commitWorklog(join(dir, "worklog.md"), "second")).kind, "unchanged");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
