/**
 * Why an entry was not kept. `skipped` reasons are entries we could not use at all;
 * `filtered` reasons are entries we chose to leave out. A retry is never a skip.
 */
export type SkipReason =
  | "invalid_json" // a line or array element that is not JSON
  | "not_an_object" // JSON, but not a LogEntry object
  | "invalid_gzip" // a .gz input whose stream broke mid-way; what came before is kept
  | "entry_too_large"; // a JSON entry over input.maxEntryBytes (text lines are cut and kept instead)

export type FilterReason =
  | "below_min_severity"
  | "outside_window"
  | "other_service"
  | "duplicate_entry" // same insertId (or content hash) seen earlier in this run
  | "joined_into_entry"; // a line logged as its own entry (a stack-trace frame, an indented detail line), kept inside the entry it continues

/** How a person reads each filter reason: `186 below WARNING`, `12 duplicates`. */
export function filterReasonWords(reason: FilterReason, minSeverity: string): string {
  const words: Record<FilterReason, string> = {
    below_min_severity: `below ${minSeverity}`,
    outside_window: "outside the window",
    other_service: "other services",
    duplicate_entry: "duplicates",
    // Frames and indented detail lines alike (src/sources/text/continuation.ts): not only stack traces.
    joined_into_entry: "continuation lines joined into their entry",
  };
  return words[reason];
}

/** Where a skipped entry was, so a person can find it: input name and 1-based entry number. */
export interface SkipPosition {
  readonly reason: SkipReason;
  readonly input: string;
  readonly position: number;
  readonly detail?: string;
}

/** Counts every stage returns with its output. */
export interface StageStats {
  read: number;
  kept: number;
  skipped: Partial<Record<SkipReason, number>>;
  filtered: Partial<Record<FilterReason, number>>;
  /** The first few skipped entries (bounded by config), for the worklog header and stderr. */
  skippedSamples: SkipPosition[];
}

export function emptyStageStats(): StageStats {
  return { read: 0, kept: 0, skipped: {}, filtered: {}, skippedSamples: [] };
}

export function countReason<R extends string>(counts: Partial<Record<R, number>>, reason: R, by = 1): void {
  counts[reason] = (counts[reason] ?? 0) + by;
}

export function totalOf(counts: Partial<Record<string, number>>): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value ?? 0;
  return total;
}
