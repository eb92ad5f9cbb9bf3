import type { RawEntry } from "./entry.js";
import type { Severity } from "./severity.js";
import type { SourceResult } from "./source.js";

/**
 * One group of entries counted by a query engine (BigQuery, DuckDB): same service, severity, source
 * location and coarse message mask. The engine gives exact figures; the samples are the only entries
 * that reach the normaliser and the miner.
 */
export interface CountedGroup {
  /** Hex digest of the grouping fields, what a narrower query selects a group by. */
  readonly key: string;
  readonly count: number;
  /**
   * Of `count`, the entries outside every range earlier complete runs read (`CoveredRange`): what the
   * state adds to the problem's total. A group keeps no per-entry keys, so coverage is what stops a
   * re-read or overlapping window from counting its entries twice.
   */
  readonly newCount: number;
  readonly firstMs: number;
  readonly lastMs: number;
  /** `[epoch minute, entries]`, ascending. */
  readonly minutes: readonly (readonly [number, number])[];
  readonly revisions: readonly { readonly name: string; readonly count: number; readonly firstMs: number }[];
  /** Distinct instance ids (exact up to the query's cap). */
  readonly instances: readonly string[];
  /** APPROX_COUNT_DISTINCT of the explicit user fields. */
  readonly approxUsers: number;
  /** The earliest and latest entries, and a spread between, as LogEntry-shaped JSON (unredacted: the normaliser redacts them). */
  readonly samples: readonly RawEntry[];
}

/**
 * A time range an earlier complete run read, for the services it read (empty: every service) at the
 * severities it kept. Entries inside it were counted into the state then.
 */
export interface CoveredRange {
  readonly startMs: number;
  readonly endMs: number;
  readonly services: readonly string[];
  readonly minSeverity: Severity;
}

/** What a grouped read yields, in order; the last item is always `end`. */
export type GroupedItem =
  | { readonly kind: "group"; readonly group: CountedGroup }
  | { readonly kind: "end"; readonly result: SourceResult; readonly observed?: { readonly firstMs: number; readonly lastMs: number }; readonly entriesInWindow: number };

/** Entries of group `from` that had an entry of group `to` beside them (same trace, or same instance within cluster.coOccurrenceMs). */
export interface GroupPair {
  readonly from: string;
  readonly to: string;
  readonly entries: number;
}

/**
 * A source that counts in its engine. `groups([])` runs the coarse grouping query; `groups(split)`
 * the narrower one over the coarse groups named (their samples disagreed); `pairs(split)` the
 * co-occurrence counts between the final groups; `entriesOf(split, keys)` every entry of groups
 * that are mixed even after the split, streamed. Each query's `end` (or a throw) says how it went.
 */
export interface GroupedSource {
  readonly name: string;
  groups(split: readonly string[]): AsyncIterable<GroupedItem>;
  pairs(split: readonly string[]): AsyncIterable<GroupPair>;
  entriesOf(split: readonly string[], keys: readonly string[]): AsyncIterable<RawEntry>;
  /** Every job run so far (BigQuery): bytes processed in all, and their ids in order. */
  jobs(): { readonly bytesProcessed?: number; readonly jobIds: readonly string[] };
  close(): Promise<void>;
}

/** A counted group's exact figures once its samples are normalised: what the cluster accumulator adds as one template's share. */
export interface CountedFigures {
  readonly count: number;
  readonly severity: Severity;
  readonly first: { readonly timeMs: number; readonly timestamp: string };
  readonly last: { readonly timeMs: number; readonly timestamp: string };
  readonly minutes: readonly (readonly [number, number])[];
  readonly revisions: readonly { readonly name: string; readonly count: number; readonly first: { readonly timeMs: number; readonly timestamp: string } }[];
  readonly instances: readonly string[];
  readonly approxUsers: number;
}
