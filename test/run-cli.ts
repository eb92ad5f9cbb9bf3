import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
// Resolved here, so a run whose working directory has no node_modules (a scratch dir) still finds it.
export const TSX = import.meta.resolve("tsx");
/** A whole run on a small corpus takes seconds; a hang is a failure, not a wait. */
export const CLI_TIMEOUT_MS = 120_000;

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `log-gardener <args>` from the sources in a child process, as a user would. */
export function runCli(
  args: readonly string[],
  opts: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv; readonly stdin?: string | Buffer } = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, ["--import", TSX, `${REPO_ROOT}src/cli/main.ts`, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
    timeout: CLI_TIMEOUT_MS,
  });
  child.stdin.on("error", () => undefined);
  child.stdin.end(opts.stdin ?? "");
  return childResult(child);
}

/** Collects a child's whole output and exit code (stdout and stderr must be pipes). */
export function childResult(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}
