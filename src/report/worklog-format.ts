// Numbers and times as the worklog prints them: exact counts, rates with the figures they come from, UTC times.

/** `12,345`, the same on every machine (no locale lookup). */
export function formatCount(count: number): string {
  const [whole = "", fraction] = String(count).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Rounded for reading (two decimals under 10, one above); next to it the worklog always prints count and minutes. */
export function formatRate(ratePerMinute: number): string {
  if (ratePerMinute === 0) return "0";
  if (ratePerMinute >= 10) return formatCount(Math.round(ratePerMinute * 10) / 10);
  if (ratePerMinute >= 0.01) return String(Math.round(ratePerMinute * 100) / 100);
  return ratePerMinute.toPrecision(2);
}

/** `12.5%`, with `<0.1%` rather than a misleading `0.0%`. */
export function formatShare(share: number): string {
  if (share === 0) return "0%";
  if (share < 0.001) return "<0.1%";
  return `${Math.round(share * 1000) / 10}%`;
}

export function formatFactor(factor: number): string {
  return `${factor >= 10 ? formatCount(Math.round(factor)) : Math.round(factor * 10) / 10}×`;
}

/** `2025-09-15 01:52:25 UTC` (seconds; the exact timestamp is in the JSON report and the samples). */
export function formatTime(rfc3339: string | undefined): string {
  if (!rfc3339) return "unknown";
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return rfc3339;
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** `2025-09-15 00:52:25 → 01:52:25 UTC`, dropping the second date when the window is within one day. */
export function formatSpan(start: string | undefined, end: string | undefined): string {
  if (!start && !end) return "not known (no timestamps)";
  const from = formatTime(start);
  const to = formatTime(end);
  if (from.slice(0, 10) === to.slice(0, 10)) return `${from.replace(" UTC", "")} → ${to.slice(11)}`;
  return `${from.replace(" UTC", "")} → ${to}`;
}

/** Whole minutes as they are; a window taken from the data's span (59.985… min) to two decimals. */
export function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? formatCount(minutes) : formatCount(Math.round(minutes * 100) / 100);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
