import type { CloudLoggingProgress } from "./source.js";

export interface ProgressReporter {
  onProgress(progress: CloudLoggingProgress): void;
  /** Ends the line on a terminal and writes the last figures. */
  done(): void;
}

/** `projects/p: 12,000 entries, 12 pages, 950/s, at 2026-11-01T00:12:00.123Z` */
export function formatProgress(label: string, progress: CloudLoggingProgress, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? Math.round((progress.entries * 1000) / elapsedMs) : 0;
  const at = progress.lastTimestamp ? `, at ${progress.lastTimestamp}` : "";
  return `${label}: ${progress.entries.toLocaleString("en-US")} entries, ${progress.pages} pages, ${rate.toLocaleString("en-US")}/s${at}`;
}

/**
 * On a terminal, one line rewritten in place after every page; otherwise (CI, files) a plain line at
 * most every `intervalMs`, so logs stay readable. Clock and writer are passed in.
 */
export function createProgressReporter(opts: {
  label: string;
  write(text: string): void;
  isTTY: boolean;
  clock: { now(): number };
  intervalMs: number;
}): ProgressReporter {
  const started = opts.clock.now();
  let last: CloudLoggingProgress | undefined;
  let lastWrittenAt = Number.NEGATIVE_INFINITY;
  const line = (progress: CloudLoggingProgress): string => formatProgress(opts.label, progress, opts.clock.now() - started);
  return {
    onProgress(progress) {
      last = progress;
      const now = opts.clock.now();
      if (opts.isTTY) {
        opts.write(`\r\x1b[K${line(progress)}`);
      } else if (now - lastWrittenAt >= opts.intervalMs) {
        opts.write(`${line(progress)}\n`);
        lastWrittenAt = now;
      }
    },
    done() {
      if (last === undefined) return;
      opts.write(opts.isTTY ? `\r\x1b[K${line(last)}\n` : `${line(last)} (done)\n`);
    },
  };
}
