import type { Config } from "../config/schema.js";
import type { Report } from "../model/report.js";
import type { Severity } from "../model/severity.js";
import type { CloudLoggingFlags } from "../sources/cloud-logging/index.js";

/** Everything `log-gardener run` was asked to do, after flags and config are resolved. */
export interface RunRequest {
  /** Files, or "-" for standard input. */
  readonly inputs: readonly string[];
  /** Read from the Cloud Logging API as well (one source per project). */
  readonly cloudLogging?: Omit<CloudLoggingFlags, "services" | "minSeverity" | "since" | "until"> & { readonly accessTokenFile?: string };
  /** Sources that count in their engine: BigQuery tables and local exports through DuckDB. */
  readonly warehouse?: WarehouseRequest;
  readonly services: readonly string[];
  readonly since?: Date;
  readonly until?: Date;
  /** As typed, for the window label (`2h` → `last-2h`). */
  readonly sinceText?: string;
  readonly minSeverity: Severity;
  readonly jsonPath?: string;
  readonly htmlPath?: string;
  readonly assignmentsPath?: string;
  /** The state file, or null to keep state in memory for this run only. */
  readonly statePath: string | null;
  /** Plan tracker changes and write nothing to the tracker. */
  readonly dryRun: boolean;
  /** Threads in all: this one mines, clusters and counts, the others prepare entries (parse, repair, redact, read fields); 1: everything on one; default the cores available. */
  readonly threads?: number;
  readonly config: Config;
}

export interface RunResult {
  readonly report: Report;
  readonly files: { readonly worklog: string; readonly json?: string; readonly html?: string; readonly assignments?: string };
}

export interface WarehouseRequest {
  /** `PROJECT.DATASET.TABLE` (a sink table or a Log Analytics `_AllLogs` view). */
  readonly bigqueryTables: readonly string[];
  /** Files DuckDB reads: NDJSON, a gcloud JSON array, Parquet (`.gz` ok). */
  readonly duckdbFiles: readonly string[];
  /** The project that runs (and pays for) the query jobs; default each table's own. */
  readonly bigqueryProject?: string;
  readonly bigqueryEndpoint?: string;
  readonly accessTokenFile?: string;
  /** A SQL predicate over the query's `entries` columns, ANDed in. */
  readonly filter?: string;
}
