import { Command, InvalidArgumentError } from "@commander-js/extra-typings";
import { loadConfig } from "../../config/load.js";
import type { Config } from "../../config/schema.js";
import { UsageError } from "../../model/errors.js";
import { terminalText } from "../../pipeline/run.js";
import { openSqliteStateStore, type ClusterTimeline, type StateStore, type StoredRun } from "../../state/index.js";

/** Runs listed, or points per cluster shown, when --limit is not given. */
const DEFAULT_HISTORY_ROWS = 20;

/**
 * `log-gardener history [--cluster FP]`: the runs recorded in the state file, newest first, or one
 * cluster's counts run by run (zero where a run covered it and it did not occur).
 */
export function historyCommand(io: CommandOutput = { stdout: process.stdout }) {
  return new Command("history")
    .description("Show recorded runs, or one cluster's counts over time.")
    .option("--cluster <fingerprint>", "show this cluster (a fingerprint or one of its aliases) run by run")
    .option("--limit <n>", `rows to show (default ${DEFAULT_HISTORY_ROWS})`, positiveInteger)
    .option("--state <path>", "state file (default .log-gardener/state.db, or state.path in the config)")
    .option("--config <file>", "config file (YAML or JSON)")
    .option("--json", "print JSON to stdout for scripts")
    .action(async (opts) => {
      const { store } = await openStateForReading(opts);
      try {
        const limit = opts.limit ?? DEFAULT_HISTORY_ROWS;
        if (opts.cluster !== undefined) {
          const timeline = await store.clusterTimeline(opts.cluster, { limit });
          if (timeline === undefined) throw new UsageError(`no cluster ${opts.cluster} in ${store.location}`);
          io.stdout.write(opts.json ? `${JSON.stringify(timeline, null, 2)}\n` : renderTimeline(timeline));
        } else {
          const runs = await store.listRuns({ limit });
          io.stdout.write(opts.json ? `${JSON.stringify(runs, null, 2)}\n` : renderRuns(runs, store.location));
        }
      } finally {
        await store.close();
      }
    });
}

/** Where a command prints; tests pass their own. */
export interface CommandOutput {
  readonly stdout: { write(text: string): unknown };
}

/** Opens the state file named by --state, the config or the default; a missing file is a usage error and is not created. */
export async function openStateForReading(opts: { readonly state?: string; readonly config?: string }): Promise<{ store: StateStore; config: Config }> {
  const { config } = await loadConfig({
    ...(opts.config !== undefined ? { configPath: opts.config } : {}),
    cwd: process.cwd(),
    env: process.env,
    flags: opts.state !== undefined ? { state: { path: opts.state } } : {},
  });
  const store = await openSqliteStateStore(config.state.path, {
    now: () => new Date(),
    mustExist: true,
    entryKeyRetentionDays: config.state.entryKeyRetentionDays,
    maxRuns: config.state.maxRuns,
  });
  return { store, config };
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number");
  return n;
}

export function renderRuns(runs: readonly StoredRun[], location: string): string {
  if (runs.length === 0) return `no runs recorded in ${location}\n`;
  const rows = runs.map((run) => [
    run.runId,
    run.finishedAt,
    windowText(run.window.start, run.window.end),
    run.outcome.kind === "complete" ? "complete" : `${run.outcome.kind}: ${run.outcome.kind === "partial" ? run.outcome.reason : run.outcome.error}`,
    count(run.totals.read),
    count(run.totals.kept),
    count(run.clusterCount),
    count(run.newEntries),
  ]);
  return formatTable(["run", "finished", "window", "outcome", "read", "kept", "clusters", "new entries"], rows, [4, 5, 6, 7]);
}

export function renderTimeline({ cluster, points }: ClusterTimeline): string {
  const standing = cluster.issue?.state === "open" ? "open" : cluster.issue?.stateReason === "not_planned" || cluster.issue?.stateReason === "duplicate" ? "muted" : "resolved";
  const issue = cluster.issue === undefined ? "none" : `#${cluster.issue.number} (${standing})${cluster.issue.url?.startsWith("http") ? ` ${cluster.issue.url}` : ""}`;
  const header = [
    `${cluster.fingerprint}  ${cluster.name}`,
    `service ${cluster.service ?? "-"}; first seen ${cluster.firstSeen ?? "-"} in revision ${cluster.firstRevision ?? "-"}; last seen ${cluster.lastSeen ?? "-"}`,
    `total ${count(cluster.totalCount)} distinct entries; issue ${issue}${cluster.lastPriority ? `; published ${cluster.lastPriority} at ${cluster.lastPriorityAt ?? "-"}` : ""}`,
    ...(cluster.aliases.length > 0 ? [`aliases ${cluster.aliases.join(", ")}`] : []),
    "",
  ];
  const rows = points.map((p) => [p.runId, windowText(p.windowStart, p.windowEnd), count(p.count), count(p.newEntries), p.ratePerMinute.toFixed(2), p.priority ?? "-"]);
  return `${header.join("\n")}\n${formatTable(["run", "window", "count", "new", "per min", "priority"], rows, [2, 3, 4])}`;
}

function windowText(start: string | undefined, end: string | undefined): string {
  return start === undefined && end === undefined ? "-" : `${start ?? "…"} → ${end ?? "…"}`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** A plain aligned table; the columns listed in `rightAligned` hold numbers. */
export function formatTable(headers: readonly string[], untrustedRows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string {
  // Cluster names and titles come from logs: no escape, bidi override or line break reaches the terminal.
  const rows = untrustedRows.map((r) => r.map(terminalText));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join("\n")}\n`;
}
