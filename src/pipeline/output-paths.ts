// Every path a run will write, checked before the run reads or writes anything: a worklog
// directory that is a file, or a read-only JSON path, found only after the tracker writes and the
// state save would leave GitHub changed and the run's record half written.
import { accessSync, closeSync, constants, openSync, statSync, unlinkSync, type Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../model/errors.js";
import type { RunRequest } from "./request.js";

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw error;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** A directory takes new files: tried with a probe file, since permission bits do not tell (root, read-only mounts, ACLs). */
function takesNewFiles(dir: string): boolean {
  const probe = join(dir, `.log-gardener-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EEXIST";
  }
}

/** The nearest existing ancestor must be a writable directory, so `mkdir -p` will succeed. */
function checkCreatableDirectory(dir: string, what: string): void {
  let current = dir;
  for (;;) {
    const stat = statOf(current);
    if (stat) {
      if (!stat.isDirectory()) throw new UsageError(`${what}: ${current} is a file, not a directory`);
      if (!takesNewFiles(current)) throw new UsageError(`${what}: ${current} is not writable`);
      return;
    }
    const parent = dirname(current);
    if (parent === current) throw new UsageError(`${what}: no directory of ${dir} exists`);
    current = parent;
  }
}

function checkDirectory(dir: string, what: string): void {
  const stat = statOf(dir);
  if (stat && !stat.isDirectory()) throw new UsageError(`${what} ${dir} is a file, not a directory: name a directory`);
  checkCreatableDirectory(dir, what);
}

function checkFile(path: string, what: string): void {
  const stat = statOf(path);
  if (stat?.isDirectory()) throw new UsageError(`${what} ${path} is a directory: name a file`);
  if (stat && !writable(path)) throw new UsageError(`${what} ${path} is not writable`);
  // Files are written atomically (a temporary file beside them, then a rename): the directory must take new files.
  checkCreatableDirectory(dirname(path), `${what} ${path}`);
}

/** Throws a one-line UsageError (exit 2) for the first output path that cannot be written. */
export function checkOutputPaths(request: RunRequest, cwd: string): void {
  checkDirectory(resolve(cwd, request.config.report.outDir), "--out");
  const files: [flag: string, path: string | undefined][] = [
    ["--json", request.jsonPath],
    ["--html", request.htmlPath],
    ["--assignments", request.assignmentsPath],
    ["--state", request.statePath ?? undefined],
  ];
  const seen = new Map<string, string>();
  for (const [flag, path] of files) {
    if (path === undefined) continue;
    const full = resolve(cwd, path);
    const other = seen.get(full);
    if (other) throw new UsageError(`${flag} and ${other} name the same file ${full}: give each its own`);
    seen.set(full, flag);
    checkFile(full, flag);
  }
}
