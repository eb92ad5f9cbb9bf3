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
