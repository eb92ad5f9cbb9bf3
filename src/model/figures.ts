// How figures are written, the same in every verdict, report and issue: exact counts, and rates that
// always travel with the count and minutes they come from.

/** `12,345`: thousands separators, the same on every machine (no locale lookup). */
export function formatCount(count: number): string {
  const [whole = "", fraction] = String(count).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A rate rounded for reading (two decimals under 10, one above); the exact count and minutes are printed beside it. */
export function formatRate(ratePerMinute: number): string {
  if (ratePerMinute === 0) return "0";
  if (ratePerMinute >= 10) return formatCount(Math.round(ratePerMinute * 10) / 10);
  if (ratePerMinute >= 0.01) return String(Math.round(ratePerMinute * 100) / 100);
  return ratePerMinute.toPrecision(2);
}

const RATE_UNITS = [
  ["min", 1],
  ["h", 60],
  ["day", 1_440],
] as const;

/**
 * A rate in the unit that gives a readable number: per minute from 1/min up, else per hour from
 * 1/h, else per day (`15.3/min`, `4.2/h`, `0.5/day`), so a 12-day window never prints `6.3e-7/min`.
 */
export function formatRatePerUnit(ratePerMinute: number): string {
  if (ratePerMinute === 0) return "0/min";
  for (const [unit, minutes] of RATE_UNITS) {
    const value = ratePerMinute * minutes;
    if (value >= 1 || unit === "day") return value < 0.01 ? "<0.01/day" : `${formatRate(value)}/${unit}`;
  }
  return `${formatRate(ratePerMinute)}/min`;
}

/**
 * A length of time as people write it, to the two largest units: `30m`, `1h`, `1h 30m`, `2d`,
 * `12d 2h` (minutes are dropped from a span of days, seconds from all but a span under a minute).
 */
export function formatDuration(minutes: number): string {
  if (minutes < 1) return `${Math.max(0, Math.round(minutes * 60))}s`;
  const whole = Math.round(minutes);
  const days = Math.floor(whole / 1_440);
  const hours = Math.floor((whole % 1_440) / 60);
  const rest = whole % 60;
  if (days > 0) return hours > 0 ? `${formatCount(days)}d ${hours}h` : `${formatCount(days)}d`;
  if (hours > 0) return rest > 0 ? `${hours}h ${rest}m` : `${hours}h`;
  return `${rest}m`;
}

/** Whole minutes as they are; a window taken from the data's span (59.985… min) to two decimals. */
export function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? formatCount(minutes) : formatCount(Math.round(minutes * 100) / 100);
}

/** `12.5%`, with `<0.1%` rather than a misleading `0.0%`. */
export function formatShare(share: number): string {
  if (share === 0) return "0%";
  if (share < 0.001) return "<0.1%";
  return `${Math.round(share * 1000) / 10}%`;
}

/** `3.1×`, `12×` */
export function formatFactor(factor: number): string {
  return `${factor >= 10 ? formatCount(Math.round(factor)) : Math.round(factor * 10) / 10}×`;
}

/** `1 entry`, `1,802 entries` */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** Bytes in binary units as BigQuery's console shows them: `812 B`, `1.4 MiB`, `12.0 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
