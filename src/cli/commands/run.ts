import { Command, Option } from "@commander-js/extra-typings";
import { loadConfig, type ConfigOverrides } from "../../config/load.js";
import { UsageError } from "../../model/errors.js";
import { SEVERITIES } from "../../model/severity.js";
import { parseTimeArg } from "../../normalise/time.js";
import { runPipeline } from "../../pipeline/run.js";
import { createProgress } from "../progress.js";
import { printRunSummary } from "../messages.js";

function positiveInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number, not '${value}'`);
    return Number(value);
  };
}

const collectValues = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function runCommand() {
  return new Command("run")
    .description("Collect warnings and errors, cluster them, judge them, write the worklog (and garden the tracker).")
    .option("-i, --input <path>", "input file (gcloud JSON export, NDJSON, or text; .gz ok), '-' for stdin; repeatable", collectValues)
    .option("-s, --service <name>", "only this service (repeatable)", collectValues)
    .option("--since <time>", "window start: ISO time, or a duration back from now (30m, 2h, 3d, 1w)")
    .option("--until <time>", "window end: ISO time, or a duration back from now")
    .addOption(new Option("--min-severity <level>", "lowest severity kept").choices(SEVERITIES).default("WARNING" as const))
    .option("--out <dir>", "directory for the worklog (default gcp/log-gardener)")
    .option("--json <file>", "also write the machine-readable report here")
    .option("--html <file>", "also write a self-contained HTML report here")
    .option("--assignments <file>", "write one NDJSON line per kept entry with its cluster fingerprint")
    .option("--config <file>", "config file (YAML or JSON); default: .log-gardener.yaml searched upwards")
    .option("-q, --quiet", "no progress output")
    .action(async (opts) => {
      const now = new Date();
      const flags: ConfigOverrides = {};
      if (opts.out !== undefined) flags.report = { outDir: opts.out };
      const { config } = await loadConfig({
        ...(opts.config !== undefined ? { configPath: opts.config } : {}),
        cwd: process.cwd(),
        env: process.env,
        flags,
      });
      const inputs = opts.input ?? [];
      if (inputs.length === 0) throw new UsageError("nothing to read: give --input <path|-> (repeatable)");
      const since = opts.since !== undefined ? parseTimeArg(opts.since, now) : undefined;
      const until = opts.until !== undefined ? parseTimeArg(opts.until, now) : undefined;
      if (since && until && since.getTime() > until.getTime()) {
        throw new UsageError(`--since (${since.toISOString()}) is after --until (${until.toISOString()})`);
      }
      const progress = createProgress({ stream: process.stderr, quiet: opts.quiet === true });
      try {
        const result = await runPipeline(
          {
            inputs,
            services: opts.service ?? [],
            ...(since ? { since } : {}),
            ...(until ? { until } : {}),
            ...(opts.since !== undefined ? { sinceText: opts.since } : {}),
            minSeverity: opts.minSeverity,
            ...(opts.json !== undefined ? { jsonPath: opts.json } : {}),
            ...(opts.html !== undefined ? { htmlPath: opts.html } : {}),
            ...(opts.assignments !== undefined ? { assignmentsPath: opts.assignments } : {}),
            config,
          },
          { now: () => new Date(), stdin: process.stdin, env: process.env, cwd: process.cwd(), progress },
        );
        progress.finish();
        printRunSummary(result, { stdout: process.stdout, stderr: process.stderr, quiet: opts.quiet === true });
      } finally {
        progress.finish();
      }
    });
}
