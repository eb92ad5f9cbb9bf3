import type { ProgressSink } from "../pipeline/context.js";

/** Live line on a terminal at most this often; plain lines elsewhere at most this often. */
const TTY_REFRESH_MS = 100;
const PLAIN_EVERY_MS = 5_000;

/** Phases shorter than this are left out of the closing line's breakdown (they still count in the total). */
const LISTED_PHASE_MS = 50;

/**
 * Progress for people: on a terminal one line rewritten in place; in CI and pipes a plain line per
 * phase and every few seconds; nothing at all with --quiet. `finish("done")` closes a run that
 * succeeded with how long it took and where the time went (`done in 14.2 s: reading a.json 12.9 s, …`);
 * `finish()` only clears the live line.
 */
export function createProgress(opts: {
  stream: NodeJS.WriteStream;
  quiet: boolean;
  now?: () => number;
}): ProgressSink & { finish(outcome?: "done"): void } {
  const { stream } = opts;
  const now = opts.now ?? Date.now;
  if (opts.quiet) return { phase: () => undefined, update: () => undefined, note: () => undefined, finish: () => undefined };
  const tty = stream.isTTY === true;
  const createdAt = now();
  let lastWrite = 0;
  let live = false;
  /** Each phase's name and when it began, in order (a name may come back: its times add up); the last is the current one. */
  const phases: { readonly name: string; readonly startedAt: number }[] = [];
  let reported = false;

  const format = (counters: Readonly<Record<string, number | string>>): string => {
    const current = phases.at(-1);
    const seconds = Math.max(0.001, (now() - (current?.startedAt ?? createdAt)) / 1000);
    const parts = Object.entries(counters).map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en-US") : v}`);
    const read = counters.read ?? counters.entries;
    if (typeof read === "number") parts.push(`${Math.round(read / seconds).toLocaleString("en-US")}/s`);
    return `${current?.name ?? ""}: ${parts.join(", ")}`;
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
      phases.push({ name, startedAt: now() });
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
    finish(outcome) {
      clearLive();
      if (outcome !== "done" || reported) return;
      reported = true;
      const end = now();
      const spent = new Map<string, number>();
      phases.forEach(({ name, startedAt }, index) => spent.set(name, (spent.get(name) ?? 0) + (phases[index + 1]?.startedAt ?? end) - startedAt));
      const listed = [...spent].filter(([, ms]) => ms >= LISTED_PHASE_MS).map(([name, ms]) => `${name} ${inSeconds(ms)}`);
      stream.write(`log-gardener: done in ${inSeconds(end - createdAt)}${listed.length > 0 ? `: ${listed.join(", ")}` : ""}\n`);
    },
  };
}

function inSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
