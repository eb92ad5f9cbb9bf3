import type { RawEntry } from "./entry.js";
import type { SkipPosition } from "./stats.js";

/** The formats an input can be; files are detected by content, not by name. */
export type InputFormat = "gcloud-json" | "ndjson" | "text" | "cloud-logging" | "bigquery" | "duckdb";

/**
 * How complete a read was. "query failed", "no data" and "zero errors" are different results:
 * `no_data` means the source answered and held nothing; zero kept entries after a `complete` read
 * means there were entries but none matched.
 */
export type Completeness =
  | { readonly kind: "complete" }
  | { readonly kind: "no_data" }
  | { readonly kind: "truncated"; readonly reason: string; readonly readUntil?: string }
  | { readonly kind: "query_failed"; readonly error: string; readonly readUntil?: string };

/** The reason a read stopped where `--max-entries` asked it to: incomplete, but not a failure. */
export const MAX_ENTRIES_STOP = "stopped at --max-entries";

/** A source that failed or was cut short against the user's wish (a cut-off export, a failed query): exit code 3. */
export function sourceFailed(result: SourceResult): boolean {
  const c = result.completeness;
  return c.kind === "query_failed" || (c.kind === "truncated" && !c.reason.startsWith(MAX_ENTRIES_STOP));
}

export interface SourceResult {
  readonly input: string;
  readonly format: InputFormat;
  readonly entriesRead: number;
  readonly bytesRead?: number;
  readonly pages?: number;
  /** The exact query, where the source is an API, so a person can paste it into the Logs Explorer. */
  readonly filter?: string;
  /** Query engines: bytes the query processed (BigQuery's totalBytesProcessed) and the job that ran it. */
  readonly bytesProcessed?: number;
  readonly jobId?: string;
  readonly completeness: Completeness;
}

/**
 * A JSON element a source split out and left unparsed, because its reader asked (the pipeline
 * parses it, in a worker thread when it has them): parse failures are still skipped by reason.
 */
export interface UnparsedJson {
  readonly input: string;
  readonly position: number;
  /** The element's UTF-8 bytes. */
  readonly bytes: Uint8Array;
  /** How a skip names it: `element 7 (line 120)`. */
  readonly where: string;
}

/** What a source yields, in order; the last item is always `end`. */
export type SourceItem =
  | { readonly kind: "entry"; readonly entry: RawEntry }
  | { readonly kind: "unparsed"; readonly unparsed: UnparsedJson }
  | { readonly kind: "skip"; readonly skip: SkipPosition }
  /** A line of a stack trace that was logged as its own entry, now inside the entry at `into`. */
  | { readonly kind: "joined"; readonly input: string; readonly position: number; readonly into: number }
  | { readonly kind: "end"; readonly result: SourceResult };

export type LogSource = AsyncIterable<SourceItem>;
