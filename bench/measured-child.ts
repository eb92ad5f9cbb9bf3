// One whole-process measurement for every benchmark: wall time from spawn to exit, and the child's
// peak RSS polled from /proc (VmHWM is the high-water mark, so polling misses no peak between polls).
// With `memoryProbe`, the child also loads bench/memory-probe.mjs, which says what inside it the memory was.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** What bench/memory-probe.mjs wrote at the child's exit (bytes, the main thread's isolate). */
export interface InProcessMemory {
  readonly heapUsed: number;
  readonly heapTotal: number;
  /** The heap used just after a full collection, at most: what the run held, not garbage waiting to be collected. */
  readonly liveAfterFullGc: number;
  readonly rssBeyondHeap: number;
}

export interface ChildRun {
  readonly seconds: number;
  readonly peakKiB: number | undefined;
  /** Only with `memoryProbe`; undefined if the child wrote nothing (it failed before exit). */
  readonly inProcess?: InProcessMemory | undefined;
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

const MEMORY_PROBE = fileURLToPath(new URL("./memory-probe.mjs", import.meta.url));

/**
 * Runs `node <args>` to its end; stdout is kept only when asked (a miner's output is large).
 * `memoryProbe`: a file for the probe's figures; the probe is plain JS, so no loader runs beside it.
 */
export async function runMeasuredChild(
  args: readonly string[],
  options: { readonly cwd: string; readonly keepStdout?: boolean; readonly pollMs?: number; readonly memoryProbe?: string },
): Promise<ChildRun> {
  const started = process.hrtime.bigint();
  const probe = options.memoryProbe;
  const child = spawn(process.execPath, probe === undefined ? args : ["--import", MEMORY_PROBE, ...args], {
    cwd: options.cwd,
    stdio: ["ignore", options.keepStdout ? "pipe" : "ignore", "pipe"],
    env: probe === undefined ? process.env : { ...process.env, LG_BENCH_MEMORY_PROBE: probe },
  });
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
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, peakKiB, code, stdout, stderr, ...(probe === undefined ? {} : { inProcess: readProbe(probe) }) };
}

function readProbe(path: string): InProcessMemory | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as InProcessMemory;
  } catch {
    return undefined;
  }
}
