/** Rows of the grouping query, as either engine's client returns them, into `CountedGroup`s. */
import type { CountedGroup } from "../../model/counted.js";
import type { RawEntry } from "../../model/entry.js";

export type QueryRow = Readonly<Record<string, unknown>>;

function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && value !== "") return Number(value);
  return 0;
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => (typeof item === "string" ? [item] : item === null || item === undefined ? [] : [String(item)]));
}

/** `minute:count` → `[minute, count]`. */
function minutePairs(value: unknown): [number, number][] {
  return strings(value)
    .map((text): [number, number] => {
      const [minute, count] = text.split(":");
      return [Number(minute), Number(count)];
    })
    .sort((a, b) => a[0] - b[0]);
}

/** `count:firstMs:name` (a name may hold colons). */
function revisionList(value: unknown): CountedGroup["revisions"] {
  return strings(value).map((text) => {
    const first = text.indexOf(":");
    const second = text.indexOf(":", first + 1);
    return { count: Number(text.slice(0, first)), firstMs: Number(text.slice(first + 1, second)), name: text.slice(second + 1) };
  });
}

/** The window row: key '', the count and span of every entry in scope. */
export function isWindowRow(row: QueryRow): boolean {
  return row["group_key"] === "" || row["group_key"] === null;
}

export function windowOf(row: QueryRow): { entries: number; observed?: { firstMs: number; lastMs: number } } {
  const entries = toNumber(row["n"]);
  if (entries === 0 || row["first_ms"] === null || row["first_ms"] === undefined) return { entries };
  return { entries, observed: { firstMs: toNumber(row["first_ms"]), lastMs: toNumber(row["last_ms"]) } };
}

/**
 * A group row as a CountedGroup, its samples newest first (the order a gcloud export and the streaming
 * path see them in, so the miner meets them in that order too); `parse` turns the engine's JSON text into the LogEntry shape. A sample
 * that is not JSON is dropped here (the group's counts still stand).
 */
export function groupOf(row: QueryRow, input: string, parse: (json: string) => Record<string, unknown> | undefined): CountedGroup {
  const seen = new Set<string>();
  const samples: RawEntry[] = [];
  for (const text of [...strings(row["samples_last"]), ...strings(row["samples_spread"]), ...strings(row["samples_first"])]) {
    if (seen.has(text)) continue;
    seen.add(text);
    const json = parse(text);
    if (json !== undefined) samples.push({ kind: "json", input, position: samples.length + 1, json });
  }
  return {
    key: String(row["group_key"]),
    count: toNumber(row["n"]),
    newCount: row["new_n"] === null || row["new_n"] === undefined ? toNumber(row["n"]) : toNumber(row["new_n"]),
    firstMs: toNumber(row["first_ms"]),
    lastMs: toNumber(row["last_ms"]),
    minutes: minutePairs(row["minutes"]),
    revisions: revisionList(row["revisions"]),
    instances: strings(row["instances"]),
    approxUsers: toNumber(row["users"]),
    samples,
  };
}

/** JSON text into an object, or undefined. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
