// One whole-process measurement for every benchmark: wall time from spawn to exit, and the child's
// peak RSS polled from /proc (VmHWM is the high-water mark, so polling misses no peak between polls).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ChildRun {
  readonly seconds: number;
  readonly peakKiB: number | undefined;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function peakRssKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined; // exited between polls, or no /proc
  }
}

/** Runs `node <args>` to its end; stdout is kept only when asked (a miner's output is large). */
export async function runMeasuredChild(args: readonly string[], options: { readonly cwd: string; readonly keepStdout?: boolean; readonly pollMs?: number }): Promise<ChildRun> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ["ignore", options.keepStdout ? "pipe" : "ignore", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (text: string) => (stdout += text));
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => (stderr += text));
  let peakKiB: number | undefined;
  const poll = setInterval(() => {
    const now = child.pid === undefined ? undefined : peakRssKiB(child.pid);
    if (now !== undefined) peakKiB = Math.max(peakKiB ?? 0, now);
  }, options.pollMs ?? 100);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearInterval(poll);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakKiB, code, stdout, stderr };
}
