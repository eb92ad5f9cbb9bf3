import { formatDuration } from "../model/figures.js";
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

/** `last-2h` for a duration flag, else the span as people write it (`1h`, `30m`, `12d 2h`), or `undated`. */
function windowLabel(sinceText: string | undefined, startMs?: number, endMs?: number): string {
  if (sinceText && /^\d+[smhdw]$/.test(sinceText)) return `last-${sinceText}`;
  if (startMs === undefined || endMs === undefined) return "undated";
  return formatDuration(Math.max(1, (endMs - startMs) / 60_000));
}
