import type { RunWindow } from "../model/window.js";

/**
 * The window a run covers. Flags win; otherwise the span of the data read, so the same input gives
 * the same window (and the same worklog name) whenever it is run.
 */
export function resolveWindow(opts: {
  since?: Date;
  until?: Date;
  sinceText?: string;
  dataFirstMs?: number;
  dataLastMs?: number;
}): RunWindow {
  const startMs = opts.since?.getTime() ?? opts.dataFirstMs;
  const endMs = opts.until?.getTime() ?? opts.dataLastMs;
  const basis = opts.since || opts.until ? "flags" : "data";
  const minutes = startMs !== undefined && endMs !== undefined ? Math.max(1, (endMs - startMs) / 60_000) : 1;
  const label = windowLabel(opts.sinceText, startMs, endMs);
  return {
    ...(startMs !== undefined ? { start: new Date(startMs).toISOString() } : {}),
    ...(endMs !== undefined ? { end: new Date(endMs).toISOString() } : {}),
    basis,
    label,
    minutes,
  };
}

/** `last-2h` for a duration flag, else the span rounded to whole minutes, e.g. `60m`, or `undated`. */
function windowLabel(sinceText: string | undefined, startMs?: number, endMs?: number): string {
  if (sinceText && /^\d+[smhdw]$/.test(sinceText)) return `last-${sinceText}`;
  if (startMs === undefined || endMs === undefined) return "undated";
  const minutes = Math.max(1, Math.round((endMs - startMs) / 60_000));
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
