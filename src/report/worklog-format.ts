// Times as the worklog prints them (UTC, to the second), and what a page leaves out; numbers come from model/figures.ts.
import { formatCount, plural } from "../model/figures.js";
import { PRIORITIES, type JudgedCluster } from "../model/judgement.js";

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

/** `3 P0, 12 P2`: how many clusters have each key, in the keys' order, the ones with none left out. */
export function countsBy<K extends string>(clusters: readonly JudgedCluster[], keys: readonly K[], key: (c: JudgedCluster) => K): string {
  return keys
    .map((k) => [k, clusters.filter((c) => key(c) === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${formatCount(n)} ${k}`)
    .join(", ");
}

/** Problems past a page's bound, in words: `97,128 more problems (97,159 entries; 97,128 P2)`. */
export function moreProblems(rest: readonly JudgedCluster[], noun = "problem"): string {
  const entries = rest.reduce((sum, c) => sum + c.cluster.stats.count, 0);
  return `${plural(rest.length, `more ${noun}`)} (${plural(entries, "entry", "entries")}; ${countsBy(rest, PRIORITIES, (c) => c.priority)})`;
}
