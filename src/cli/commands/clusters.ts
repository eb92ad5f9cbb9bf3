import { Command } from "@commander-js/extra-typings";
import { DEFAULT_RECENT_RUNS, type StoredCluster, type StoredIssueLink, type StoredRunPoint } from "../../state/index.js";
import type { IgnoreRule } from "../../config/sections/judge.js";
import { formatTable, openStateForReading, positiveInteger, type CommandOutput } from "./history.js";

/**
 * Where the problem stands, from the linked issue as the last run read it and the config's ignore rules: open,
 * resolved (closed as completed, by a person or as quiet), muted (closed as not planned or a duplicate), ignored
 * (an ignore rule names it), untracked (no issue yet).
 */
export type ClusterStatus = "open" | "resolved" | "muted" | "ignored" | "untracked";

/** The order `clusters` shows them in, each status apart. */
const STATUS_ORDER: readonly ClusterStatus[] = ["open", "untracked", "resolved", "muted", "ignored"];

/** The latest covering run's rate against the mean of the few covering runs before it: a glance, the judge's seasonal trend is in the worklog. */
export type ClusterTrend =
  | { readonly kind: "new" }
  /** Not seen in the latest run that read its service. */
  | { readonly kind: "quiet" }
  | { readonly kind: "rising" | "steady" | "falling"; readonly latestRate: number; readonly baselineRate: number; readonly factor: number | null };

/** One row of `clusters --json`. */
export interface ClusterListing {
  readonly fingerprint: string;
  readonly name: string;
  readonly service: string | null;
  readonly status: ClusterStatus;
  readonly issue: { readonly tracker: string; readonly number: number; readonly url: string | null; readonly state: string } | null;
  readonly totalCount: number;
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly firstRevision: string | null;
  /** The priority the judge gave in the latest run that counted the cluster. */
  readonly priority: string | null;
  /** The priority last published to the tracker. */
  readonly publishedPriority: string | null;
  readonly trend: ClusterTrend;
  /** Counts in the runs the trend was computed over, oldest first. */
  readonly recentCounts: readonly number[];
  readonly aliases: readonly string[];
}

/** `log-gardener clusters`: every known cluster with status, issue, total count and trend, most recently seen first. */
export function clustersCommand(io: CommandOutput = { stdout: process.stdout }) {
  return new Command("clusters")
    .description("List known clusters with status, issue, total count and trend.")
    .option("--service <name>", "only clusters of this service")
    .option("--limit <n>", "at most this many clusters", positiveInteger)
    .option("--state <path>", "state file (default .log-gardener/state.db, or state.path in the config)")
    .option("--config <file>", "config file (YAML or JSON); judge.escalationFactor sets the trend")
    .option("--json", "print a JSON array to stdout for scripts")
    .action(async (opts) => {
      const { store, config } = await openStateForReading(opts);
      try {
        const clusters = await store.listClusters({
          recentRuns: DEFAULT_RECENT_RUNS,
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
          ...(opts.service !== undefined ? { service: opts.service } : {}),
        });
        const now = new Date();
        const listings = clusters.map((c) => clusterListing(c, config.judge.escalationFactor, ignoredBy(c, config.judge.ignore, now)));
        io.stdout.write(opts.json ? `${JSON.stringify(listings, null, 2)}\n` : renderClusters(listings, store.location));
      } finally {
        await store.close();
      }
    });
}

/**
 * The ignore rule naming a stored cluster, as far as the state can tell: by fingerprint, service or message pattern
 * (severity and per-window counts are the judge's, run by run); an expired rule names nothing.
 */
export function ignoredBy(cluster: StoredCluster, rules: readonly IgnoreRule[], now: Date): string | undefined {
  for (const rule of rules) {
    if (rule.untilDate !== undefined && now.getTime() >= Date.parse(rule.untilDate)) continue;
    if (rule.maxSeverity !== undefined || rule.untilCount !== undefined) continue;
    if (rule.fingerprint !== undefined && rule.fingerprint !== cluster.fingerprint && !cluster.aliases.includes(rule.fingerprint)) continue;
    if (rule.service !== undefined && rule.service !== cluster.service) continue;
    if (rule.messagePattern !== undefined) {
      const pattern = new RegExp(rule.messagePattern, "i");
      if (![cluster.name, ...cluster.templates.map((t) => t.template)].some((text) => pattern.test(text))) continue;
    }
    return rule.name;
  }
  return undefined;
}

export function clusterListing(cluster: StoredCluster, escalationFactor: number, ignoreRule?: string): ClusterListing {
  return {
    fingerprint: cluster.fingerprint,
    name: cluster.name,
    service: cluster.service ?? null,
    status: ignoreRule !== undefined ? "ignored" : clusterStatus(cluster.issue),
    issue:
      cluster.issue === undefined
        ? null
        : { tracker: cluster.issue.tracker, number: cluster.issue.number, url: cluster.issue.url ?? null, state: cluster.issue.state },
    totalCount: cluster.totalCount,
    firstSeen: cluster.firstSeen ?? null,
    lastSeen: cluster.lastSeen ?? null,
    firstRevision: cluster.firstRevision ?? null,
    priority: [...cluster.recent].reverse().find((p) => p.count > 0)?.priority ?? null,
    publishedPriority: cluster.lastPriority ?? null,
    trend: clusterTrend(cluster.recent, escalationFactor),
    recentCounts: cluster.recent.map((p) => p.count),
    aliases: cluster.aliases,
  };
}

export function clusterStatus(issue: StoredIssueLink | undefined): ClusterStatus {
  if (issue === undefined) return "untracked";
  if (issue.state === "open") return "open";
  return issue.stateReason === "not_planned" || issue.stateReason === "duplicate" ? "muted" : "resolved";
}

/** `points` oldest first, zero where a covering run did not see the cluster. */
export function clusterTrend(points: readonly StoredRunPoint[], escalationFactor: number): ClusterTrend {
  const latest = points[points.length - 1];
  const earlier = points.slice(0, -1);
  if (latest === undefined || earlier.length === 0) return { kind: "new" };
  if (latest.count === 0) return { kind: "quiet" };
  const baselineRate = earlier.reduce((sum, p) => sum + p.ratePerMinute, 0) / earlier.length;
  const latestRate = latest.ratePerMinute;
  if (baselineRate === 0) return { kind: "rising", latestRate, baselineRate, factor: null };
  const factor = latestRate / baselineRate;
  const kind = factor >= escalationFactor ? "rising" : factor <= 1 / escalationFactor ? "falling" : "steady";
  return { kind, latestRate, baselineRate, factor };
}

function trendText(trend: ClusterTrend): string {
  switch (trend.kind) {
    case "new":
    case "quiet":
      return trend.kind;
    case "rising":
    case "steady":
    case "falling":
      return trend.factor === null ? `${trend.kind} (was 0)` : `${trend.kind} ×${trend.factor.toFixed(1)}`;
  }
}

export function renderClusters(listings: readonly ClusterListing[], location: string): string {
  if (listings.length === 0) return `no clusters recorded in ${location}\n`;
  // Each status apart, in STATUS_ORDER, most recently seen first within each (the store's order).
  const ordered = STATUS_ORDER.flatMap((status) => listings.filter((c) => c.status === status));
  const counts = STATUS_ORDER.map((status) => [status, listings.filter((c) => c.status === status).length] as const).filter(([, n]) => n > 0);
  const rows = ordered.map((c) => [
    c.fingerprint,
    c.status,
    c.issue === null ? "-" : (c.issue.url ?? `#${c.issue.number}`),
    c.totalCount.toLocaleString("en-US"),
    trendText(c.trend),
    c.priority ?? "-",
    c.lastSeen ?? "-",
    c.name.length > 60 ? `${c.name.slice(0, 59)}…` : c.name,
  ]);
  const table = formatTable(["fingerprint", "status", "issue", "total", "trend", "priority", "last seen", "name"], rows, [3]);
  return `${table}${counts.map(([status, n]) => `${n} ${status}`).join(", ")}\n`;
}
