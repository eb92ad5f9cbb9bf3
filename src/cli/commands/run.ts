import { Command, Option } from "@commander-js/extra-typings";
import { loadConfig, type ConfigOverrides } from "../../config/load.js";
import { EXIT_CODES, UsageError } from "../../model/errors.js";
import { isSeverity, SEVERITIES, type Severity } from "../../model/severity.js";
import { sourceFailed } from "../../model/source.js";
import { parseDuration, parseTimeArg } from "../../normalise/time.js";
import { commitWorklog, runPipeline, type RunResult } from "../../pipeline/run.js";
import { createProgress } from "../progress.js";
import { printRunSummary } from "../messages.js";

function positiveInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not '${value}'`);
    return Number(value);
  };
}

/** `warning` or `Warning` as well as `WARNING`: Cloud Logging's filter language accepts any case too. */
export function parseSeverityArg(value: string): Severity {
  const upper = value.trim().toUpperCase();
  if (!isSeverity(upper)) throw new UsageError(`--min-severity takes one of ${SEVERITIES.join(", ")}, not '${value}'`);
  return upper;
}

/** What to check when the tracker phase stopped short: the network and URL, GitHub's status, or the reset time. */
function trackerHint(incomplete: { readonly reason: string; readonly resetAt?: string }): string {
  if (incomplete.resetAt) return `the rest is deferred to a run after ${incomplete.resetAt.replace(/\.\d{3}Z$/, "Z")}`;
  if (/lacks permission to label/.test(incomplete.reason)) return "give the token write access to the repository; the next run files these problems, labelled";
  if (/tracker\.maxResponseBytes/.test(incomplete.reason)) return "check what answers at GITHUB_API_URL (or tracker.apiUrl), or raise tracker.maxResponseBytes; the next run picks up the rest";
  if (/E[A-Z]{3,}|fetch failed|socket|timed? ?out/i.test(incomplete.reason)) return "check the network and GITHUB_API_URL (or tracker.apiUrl); the next run picks up the rest";
  return "check https://www.githubstatus.com; the next run picks up the rest";
}

const collectValues = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** What a caller embedding the CLI (the GitHub Action) gets besides the exit code. */
export interface RunHooks {
  /** Called once the reports are written, before the exit code is decided. */
  readonly onResult?: (result: RunResult) => void | Promise<void>;
}

export function runCommand(hooks: RunHooks = {}) {
  return new Command("run")
    .description("Collect warnings and errors, cluster them, judge them, write the worklog (and garden the tracker).")
    .option("-i, --input <path>", "input file (gcloud JSON export, NDJSON, or text; .gz ok), '-' for stdin; repeatable", collectValues)
    .option("-s, --service <name>", "only this service (repeatable)", collectValues)
    .option("--since <time>", "window start: ISO time, or a duration back from now (30m, 2h, 3d, 1w)")
    .option("--until <time>", "window end: ISO time, or a duration back from now")
    .addOption(
      new Option("--min-severity <level>", `lowest severity kept (${SEVERITIES.join(", ")}; any case)`)
        .argParser(parseSeverityArg)
        .default("WARNING" as Severity),
    )
    .option("--out <dir>", "directory for the worklog (default gcp/log-gardener)")
    .addOption(new Option("--worklog <detail>", "brief: a page read in a minute (default); full: every fact and whole samples").choices(["brief", "full"] as const))
    .option("--json <file>", "also write the machine-readable report here")
    .option("--html <file>", "also write a self-contained HTML report here")
    .option("--assignments <file>", "write one NDJSON line per kept entry with its cluster fingerprint")
    .option("--config <file>", "config file (YAML or JSON); default: .log-gardener.yaml searched upwards")
    .option("--state <path>", "state database (default .log-gardener/state.db)")
    .option("--no-state", "keep no state between runs (nothing is remembered)")
    .option("--gcp-project <id>", "read from Cloud Logging in this project (repeatable)", collectValues)
    .option("--bigquery-table <project.dataset.table>", "count in BigQuery: a log sink table or a Log Analytics _AllLogs view (repeatable)", collectValues)
    .option("--bigquery-project <id>", "project that runs and pays for the BigQuery jobs (default: the table's)")
    .option("--bigquery-endpoint <url>", "BigQuery API base URL (or BIGQUERY_API_URL)")
    .option("--duckdb <file...>", "count in DuckDB over local exports (NDJSON, gcloud JSON, Parquet; .gz ok)")
    .option("--resource-type <type>", "Cloud Logging resource type (default cloud_run_revision)")
    .option("--filter <expr>", "extra Cloud Logging filter, ANDed with the built one")
    .option("--max-entries <n>", "stop reading Cloud Logging after n entries (said in the report)", positiveInt("--max-entries"))
    .option("--access-token-file <file>", "bearer token for Cloud Logging instead of Application Default Credentials")
    .option("--logging-endpoint <url>", "Cloud Logging API base URL (or CLOUD_LOGGING_API_URL)")
    .addOption(new Option("--tracker <kind>", "where issues live (default local; github with --repo)").choices(["local", "github"] as const))
    .option("--repo <owner/name>", "GitHub repository for issues (token in GITHUB_TOKEN, API in GITHUB_API_URL)")
    .option("--dry-run", "print the tracker plan and write nothing to the tracker or the state")
    .option("--max-new-issues <n>", "issues created per run at most; the rest are deferred", positiveInt("--max-new-issues"))
    .option("--commit", "commit the worklog (and nothing else) to the git repository it is written in")
    .option("--threads <n>", "threads in all: one mines and counts, the others parse, repair and redact entries (default: the cores available; 1: everything on one thread)", positiveInt("--threads"))
    .option("-q, --quiet", "no progress output")
    .action(async (opts) => {
      const now = new Date();
      const flags: ConfigOverrides = {};
      if (opts.out !== undefined || opts.worklog !== undefined) flags.report = { ...(opts.out !== undefined ? { outDir: opts.out } : {}), ...(opts.worklog !== undefined ? { worklog: opts.worklog } : {}) };
      if (typeof opts.state === "string") flags.state = { path: opts.state };
      const trackerKind = opts.tracker ?? (opts.repo !== undefined ? "github" : undefined);
      flags.tracker = {
        ...(trackerKind !== undefined ? { kind: trackerKind } : {}),
        ...(opts.repo !== undefined ? { repo: opts.repo } : {}),
        ...(opts.maxNewIssues !== undefined ? { maxNewIssues: opts.maxNewIssues } : {}),
      };
      const { config } = await loadConfig({
        ...(opts.config !== undefined ? { configPath: opts.config } : {}),
        cwd: process.cwd(),
        env: process.env,
        flags,
      });
      const inputs = opts.input ?? [];
      const projects = opts.gcpProject ?? [];
      const tables = opts.bigqueryTable ?? [];
      const duckdbFiles = opts.duckdb ?? [];
      const counted = tables.length > 0 || duckdbFiles.length > 0;
      if (inputs.length === 0 && projects.length === 0 && !counted) {
        throw new UsageError("nothing to read: give --input <path|->, --gcp-project <id>, --bigquery-table <project.dataset.table> or --duckdb <file…>");
      }
      if (counted && projects.length > 0 && opts.filter !== undefined) {
        throw new UsageError("--filter is a Cloud Logging filter with --gcp-project and a SQL predicate with --bigquery-table/--duckdb: run them separately");
      }
      for (const table of tables) {
        if (!/^[a-z][a-z0-9-]{4,29}\.[A-Za-z0-9_]{1,1024}\.[^.\s`]+$/.test(table)) throw new UsageError(`--bigquery-table takes PROJECT.DATASET.TABLE, not '${table}'`);
      }
      // These shape the Cloud Logging query; on files they would be ignored without a word.
      const cloudOnly = (
        [
          ["--max-entries", opts.maxEntries],
          ...(counted ? [] : ([["--filter", opts.filter]] as const)),
          ["--resource-type", opts.resourceType],
          ...(counted ? [] : ([["--access-token-file", opts.accessTokenFile]] as const)),
          ["--logging-endpoint", opts.loggingEndpoint],
        ] as const
      ).filter(([, value]) => value !== undefined).map(([flag]) => flag);
      if (projects.length === 0 && cloudOnly.length > 0) {
        throw new UsageError(`${cloudOnly.join(", ")} ${cloudOnly.length === 1 ? "applies" : "apply"} to Cloud Logging only: add --gcp-project <id>, or leave ${cloudOnly.length === 1 ? "it" : "them"} out for files`);
      }
      const since = opts.since !== undefined ? parseTimeArg(opts.since, now) : undefined;
      // "--since 2h" means the last two hours up to now (as gcloud's --freshness does): without
      // --until the window would end at the last entry read, or be unknown when none was kept.
      const until = opts.until !== undefined ? parseTimeArg(opts.until, now) : opts.since !== undefined && parseDuration(opts.since.trim()) !== undefined ? now : undefined;
      if (since && until && since.getTime() > until.getTime()) {
        throw new UsageError(`--since (${since.toISOString()}) is after --until (${until.toISOString()})`);
      }
      if (opts.threads === 0) throw new UsageError("--threads takes 1 or more (1: everything on one thread)");
      const progress = createProgress({ stream: process.stderr, quiet: opts.quiet === true });
      try {
        const result = await runPipeline(
          {
            inputs,
            ...(projects.length > 0
              ? {
                  cloudLogging: {
                    projects,
                    ...(opts.resourceType !== undefined ? { resourceType: opts.resourceType } : {}),
                    ...(opts.filter !== undefined && !counted ? { filter: opts.filter } : {}),
                    ...(opts.maxEntries !== undefined ? { maxEntries: opts.maxEntries } : {}),
                    ...(opts.loggingEndpoint !== undefined ? { loggingEndpoint: opts.loggingEndpoint } : {}),
                    ...(opts.accessTokenFile !== undefined ? { accessTokenFile: opts.accessTokenFile } : {}),
                  },
                }
              : {}),
            ...(counted
              ? {
                  warehouse: {
                    bigqueryTables: tables,
                    duckdbFiles,
                    ...(opts.bigqueryProject !== undefined ? { bigqueryProject: opts.bigqueryProject } : {}),
                    ...(opts.bigqueryEndpoint !== undefined ? { bigqueryEndpoint: opts.bigqueryEndpoint } : {}),
                    ...(opts.accessTokenFile !== undefined ? { accessTokenFile: opts.accessTokenFile } : {}),
                    ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
                  },
                }
              : {}),
            services: opts.service ?? [],
            ...(since ? { since } : {}),
            ...(until ? { until } : {}),
            ...(opts.since !== undefined ? { sinceText: opts.since } : {}),
            minSeverity: opts.minSeverity,
            ...(opts.json !== undefined ? { jsonPath: opts.json } : {}),
            ...(opts.html !== undefined ? { htmlPath: opts.html } : {}),
            ...(opts.assignments !== undefined ? { assignmentsPath: opts.assignments } : {}),
            statePath: opts.state === false ? null : config.state.path,
            dryRun: opts.dryRun === true,
            ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
            config,
          },
          { now: () => new Date(), stdin: process.stdin, env: process.env, cwd: process.cwd(), progress },
        );
        progress.finish("done");
        printRunSummary(result, { stdout: process.stdout, stderr: process.stderr, quiet: opts.quiet === true, stateless: opts.state === false });
        await hooks.onResult?.(result);
        const failed = result.report.sources.filter(sourceFailed);
        if (failed.length > 0) {
          // Everything read was reported; the exit code tells schedulers the picture is partial.
          process.stderr.write(`log-gardener: incomplete read from ${failed.map((source) => source.input).join(", ")}; the reports say what is missing\n`);
          process.exitCode = EXIT_CODES.source;
        }
        const trackerIncomplete = result.report.tracker?.incomplete;
        if (trackerIncomplete) {
          // The reports and the state are written; the next run picks up what was not.
          process.stderr.write(`log-gardener: tracker incomplete: ${trackerIncomplete.reason}; ${trackerHint(trackerIncomplete)}\n`);
          process.exitCode = EXIT_CODES.source;
        }
        if (opts.commit) {
          const committed = await commitWorklog(result.files.worklog, `log-gardener worklog ${result.report.window.label}`);
          if (opts.quiet !== true) process.stdout.write(committed.kind === "committed" ? `committed ${committed.path} (${committed.commit.slice(0, 12)})\n` : `worklog unchanged, nothing committed\n`);
        }
      } finally {
        progress.finish();
      }
    });
}
