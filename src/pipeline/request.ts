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
  /** Threads in all: this one mines, clusters and counts, the others prepare entries (parse, repair, redact, read fields); 1: everything on one. */
  readonly threads?: number;
  readonly config: Config;
}

export interface RunResult {
  readonly report: Report;
  readonly files: { readonly worklog: string; readonly json?: string; readonly html?: string; readonly assignments?: string };
}
