// `--commit`: commits the worklog, and only the worklog, to the git repository it sits in.
// `git commit -- <path>` commits that path alone even when other changes are staged.
import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { promisify } from "node:util";
import { UsageError } from "../model/errors.js";

const run = promisify(execFile);

export type CommitOutcome =
  | { readonly kind: "committed"; readonly commit: string; readonly path: string }
  | { readonly kind: "unchanged"; readonly path: string };

async function git(cwd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run("git", [...args], { cwd, maxBuffer: 1 << 20 });
  return stdout.trim();
}

/** Commits one file with the given message; other staged or unstaged changes are left as they are. */
export async function commitWorklog(path: string, message: string): Promise<CommitOutcome> {
  const absolute = resolve(path);
  const cwd = dirname(absolute);
  let root: string;
  try {
    root = await git(cwd, ["rev-parse", "--show-toplevel"]);
  } catch {
    throw new UsageError(`--commit: ${path} is not inside a git repository`);
  }
  await git(root, ["add", "--", absolute]);
  const changed = await git(root, ["status", "--porcelain", "--", absolute]);
  if (changed.length === 0) return { kind: "unchanged", path };
  await git(root, ["commit", "--quiet", "--no-verify", "-m", message, "--", absolute]);
  return { kind: "committed", commit: await git(root, ["rev-parse", "HEAD"]), path };
}
