import type { ProgressSink } from "../pipeline/context.js";

/** Live line on a terminal at most this often; plain lines elsewhere at most this often. */
const TTY_REFRESH_MS = 100;
const PLAIN_EVERY_MS = 5_000;

/**
 * Progress for people: on a terminal one line rewritten in place; in CI and pipes a plain line per
 * phase and every few seconds; nothing at all with --quiet.
 */
export function createProgress(opts: {
  stream: NodeJS.WriteStream;
  quiet: boolean;
  now?: () => number;
}): ProgressSink & { finish(): void } {
  const { stream } = opts;
  const now = opts.now ?? Date.now;
  if (opts.quiet) return { phase: () => undefined, update: () => undefined, note: () => undefined, finish: () => undefined };
  const tty = stream.isTTY === true;
  let phase = "";
  let lastWrite = 0;
  let started = now();
  let live = false;

  const format = (counters: Readonly<Record<string, number | string>>): string => {
    const seconds = Math.max(0.001, (now() - started) / 1000);
    const parts = Object.entries(counters).map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en-US") : v}`);
    const read = counters.read ?? counters.entries;
    if (typeof read === "number") parts.push(`${Math.round(read / seconds).toLocaleString("en-US")}/s`);
    return `${phase}: ${parts.join(", ")}`;
  };
  const clearLive = (): void => {
    if (tty && live) {
      stream.write("\r\x1b[2K");
      live = false;
    }
  };

  return {
    phase(name) {
      clearLive();
      phase = name;
      started = now();
      if (!tty) stream.write(`log-gardener: ${name}\n`);
    },
    update(counters) {
      const t = now();
      if (t - lastWrite < (tty ? TTY_REFRESH_MS : PLAIN_EVERY_MS)) return;
      lastWrite = t;
      if (tty) {
        stream.write(`\r\x1b[2K${format(counters).slice(0, Math.max(20, (stream.columns ?? 100) - 1))}`);
        live = true;
      } else {
        stream.write(`log-gardener: ${format(counters)}\n`);
      }
    },
    note(line) {
      clearLive();
      stream.write(`log-gardener: ${line}\n`);
    },
    finish() {
      clearLive();
    },
  };
}
