// Builders for realistic clusters, judged clusters and reports, so tests state only what they are about.
import type { ClusterStats, CountByName, IssueCluster, MinuteCount } from "../../src/model/cluster.js";
import type { SourceLocation } from "../../src/model/entry.js";
import type { ClusterHistory, ClusterRunPoint, RunHistory, TrackedIssueRef } from "../../src/model/history.js";
import type { Category, JudgedCluster, Priority, Trend } from "../../src/model/judgement.js";
import { REPORT_SCHEMA_VERSION, type Report, type RunQuery } from "../../src/model/report.js";
import type { Severity } from "../../src/model/severity.js";
import type { Completeness, SourceResult } from "../../src/model/source.js";
import type { StageStats } from "../../src/model/stats.js";
import type { TrackerActionOutcome, TrackerOutcome } from "../../src/model/tracker.js";
import type { RunWindow } from "../../src/model/window.js";

/** A one-hour window ending 2025-09-15T01:52:25Z, like the worklogs this tool replaces. */
export function fixtureWindow(overrides: Partial<RunWindow> = {}): RunWindow {
  return {
    start: "2025-09-15T00:52:25Z",
    end: "2025-09-15T01:52:25Z",
    basis: "flags",
    label: "last-1h",
    minutes: 60,
    ...overrides,
  };
}

function minuteOf(timestamp: string): string {
  return `${timestamp.slice(0, 16)}Z`;
}

/** `count` entries spread evenly over the minutes from first to last seen (at most one minute per entry). */
function spreadOverMinutes(count: number, firstSeen: string, lastSeen: string): MinuteCount[] {
  const startMs = Date.parse(minuteOf(firstSeen).replace("Z", ":00Z"));
  const span = Math.max(1, Math.floor((Date.parse(lastSeen) - startMs) / 60_000) + 1);
  const minutes = Math.min(count, span);
  return Array.from({ length: minutes }, (_, i) => ({
    minute: minuteOf(new Date(startMs + Math.floor((i * span) / minutes) * 60_000).toISOString()),
    count: Math.floor(count / minutes) + (i < count % minutes ? 1 : 0),
  }));
}

/** Builds an IssueCluster whose stats agree with each other (count = sum of severities = sum of minutes). */
export class ClusterFixture {
  private fingerprint = "lgfp0000000000000001";
  private name = "Session access failed (middleware not installed?)";
  private template = "Session access failed (middleware not installed?): SessionMiddleware must be installed to access request.session";
  private severities: Partial<Record<Severity, number>> = { WARNING: 10 };
  private firstSeen = "2025-09-15T00:53:00.000000Z";
  private lastSeen = "2025-09-15T01:52:25.002488Z";
  private perMinute: MinuteCount[] | undefined;
  private users: string[] = [];
  private connections: string[] = [];
  private distinctUsers: number | undefined;
  private revisions: CountByName[] | undefined;
  private source: SourceLocation | undefined = { module: "logging", function: "callHandlers", line: 1706 };
  private samples: unknown[] | undefined;
  private aliases: string[] = [];
  private extraTemplates: { template: string; count: number; severity: Severity }[] = [];
  private errorTypes: CountByName[] = [];
  private logger: string | undefined;
  private service = "netra-backend-staging";

  withFingerprint(fingerprint: string): this {
    this.fingerprint = fingerprint;
    return this;
  }
  withName(name: string, template = name): this {
    this.name = name;
    this.template = template;
    return this;
  }
  withSeverities(severities: Partial<Record<Severity, number>>): this {
    this.severities = severities;
    return this;
  }
  withCount(count: number, severity: Severity = "WARNING"): this {
    this.severities = { [severity]: count };
    return this;
  }
  seen(firstSeen: string, lastSeen: string): this {
    this.firstSeen = firstSeen;
    this.lastSeen = lastSeen;
    return this;
  }
  withPerMinute(perMinute: MinuteCount[]): this {
    this.perMinute = perMinute;
    return this;
  }
  withUsers(users: string[], distinct = users.length): this {
    this.users = users;
    this.distinctUsers = distinct;
    return this;
  }
  withConnections(connections: string[]): this {
    this.connections = connections;
    return this;
  }
  withRevisions(revisions: CountByName[]): this {
    this.revisions = revisions;
    return this;
  }
  withSource(source: SourceLocation | undefined): this {
    this.source = source;
    return this;
  }
  withLogger(logger: string): this {
    this.logger = logger;
    return this;
  }
  withSamples(samples: unknown[]): this {
    this.samples = samples;
    return this;
  }
  withAliases(aliases: string[]): this {
    this.aliases = aliases;
    return this;
  }
  withTemplate(template: string, count: number, severity: Severity = "WARNING"): this {
    this.extraTemplates.push({ template, count, severity });
    return this;
  }
  withErrorTypes(errorTypes: CountByName[]): this {
    this.errorTypes = errorTypes;
    return this;
  }
  withService(service: string): this {
    this.service = service;
    return this;
  }

  build(): IssueCluster {
    const count = Object.values(this.severities).reduce((a, b) => a + (b ?? 0), 0);
    const order: Severity[] = ["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"];
    const maxSeverity = order.filter((s) => (this.severities[s] ?? 0) > 0).at(-1) ?? "DEFAULT";
    const perMinute = this.perMinute ?? spreadOverMinutes(count, this.firstSeen, this.lastSeen);
    const peakMinute = perMinute.reduce<MinuteCount | undefined>((best, m) => (!best || m.count > best.count ? m : best), undefined);
    const revisions = this.revisions ?? [{ name: "netra-backend-staging-00645-l8x", count, firstSeen: this.firstSeen }];
    const stats: ClusterStats = {
      count,
      severityCounts: this.severities,
      maxSeverity,
      firstSeen: this.firstSeen,
      lastSeen: this.lastSeen,
      perMinute,
      ...(peakMinute ? { peakMinute } : {}),
      distinctUsers: this.distinctUsers ?? this.users.length,
      distinctConnections: this.connections.length,
      exampleUsers: this.users.slice(0, 5),
      exampleConnections: this.connections.slice(0, 5),
      revisions,
      ...(revisions[0] ? { firstRevision: revisions[0].name } : {}),
      instances: 1,
      errorTypes: this.errorTypes,
      httpStatuses: [],
      traces: [],
    };
    const primaryCount = count - this.extraTemplates.reduce((a, t) => a + t.count, 0);
    const templates = [
      { templateId: "1", fingerprint: this.fingerprint, template: this.template, firstTemplate: this.template, count: primaryCount, maxSeverity, ...(this.source ? { source: this.source } : {}) },
      ...this.extraTemplates.map((t, i) => ({
        templateId: String(i + 2),
        fingerprint: this.aliases[i] ?? `${this.fingerprint.slice(0, -1)}${i + 2}`,
        template: t.template,
        firstTemplate: t.template,
        count: t.count,
        maxSeverity: t.severity,
      })),
    ];
    const samples = this.samples ?? [
      {
        insertId: "68c76f5900001a2b3c4d5e6f",
        jsonPayload: { message: this.template, labels: { module: this.source?.module, function: this.source?.function, line: String(this.source?.line ?? "") } },
        severity: maxSeverity,
        timestamp: this.firstSeen,
      },
    ];
    return {
      fingerprint: this.fingerprint,
      aliases: [this.fingerprint, ...this.aliases],
      kind: "log",
      service: this.service,
      name: this.name,
      ...(this.source ? { source: this.source } : {}),
      ...(this.logger ? { logger: this.logger } : {}),
      templates,
      stats,
      samples,
      mergeReasons: this.extraTemplates.length > 0 ? [`same code location ${this.source?.module ?? "?"}:${this.source?.line ?? "?"} and entries within 1 s on one instance`] : [],
    };
  }
}

export interface JudgedOverrides {
  readonly priority?: Priority;
  readonly priorityReason?: string;
  readonly category?: Category;
  readonly categoryReason?: string;
  readonly trend?: Trend;
  readonly escalation?: JudgedCluster["escalation"];
  readonly heldPriority?: JudgedCluster["heldPriority"];
}

/** A judged cluster with plain, consistent verdicts; tests of the renderer set only what they check. */
export function judged(cluster: IssueCluster, totalKept: number, windowMinutes: number, overrides: JudgedOverrides = {}): JudgedCluster {
  const priority = overrides.priority ?? "P3";
  return {
    cluster,
    priority,
    priorityReason: overrides.priorityReason ?? `${priority}: rest (rule rest)`,
    category: overrides.category ?? "new",
    categoryReason: overrides.categoryReason ?? "new: not seen in any earlier run",
    trend: overrides.trend ?? { kind: "new" },
    share: totalKept > 0 ? cluster.stats.count / totalKept : 0,
    ratePerMinute: cluster.stats.count / windowMinutes,
    ...(overrides.escalation ? { escalation: overrides.escalation } : {}),
    ...(overrides.heldPriority ? { heldPriority: overrides.heldPriority } : {}),
    reasons: [overrides.priorityReason ?? `${priority}: rest (rule rest)`],
  };
}

/** Builds a Report; totals default to exactly the clusters' counts, so header figures add up. */
export class ReportFixture {
  private window: RunWindow = fixtureWindow();
  private clusters: { cluster: IssueCluster; overrides: JudgedOverrides }[] = [];
  private completeness: Completeness = { kind: "complete" };
  private extraRead = 0;
  private skipped: StageStats["skipped"] = {};
  private filtered: StageStats["filtered"] = {};
  private skippedSamples: StageStats["skippedSamples"] = [];
  private tracker: TrackerOutcome | undefined;
  private sources: SourceResult[] | undefined;
  private query: RunQuery = {
    services: ["netra-backend-staging"],
    minSeverity: "WARNING",
    since: "2025-09-15T00:52:25Z",
    until: "2025-09-15T01:52:25Z",
    filters: ['resource.type="cloud_run_revision" AND resource.labels.service_name="netra-backend-staging" AND severity>=WARNING AND timestamp>="2025-09-15T00:52:25Z" AND timestamp<"2025-09-15T01:52:25Z"'],
  };

  withWindow(window: Partial<RunWindow>): this {
    this.window = fixtureWindow(window);
    return this;
  }
  withCluster(cluster: IssueCluster | ClusterFixture, overrides: JudgedOverrides = {}): this {
    this.clusters.push({ cluster: cluster instanceof ClusterFixture ? cluster.build() : cluster, overrides });
    return this;
  }
  withCompleteness(completeness: Completeness): this {
    this.completeness = completeness;
    return this;
  }
  withSources(sources: SourceResult[]): this {
    this.sources = sources;
    return this;
  }
  withSkipped(skipped: StageStats["skipped"], samples: StageStats["skippedSamples"] = []): this {
    this.skipped = skipped;
    this.skippedSamples = samples;
    return this;
  }
  withFiltered(filtered: StageStats["filtered"]): this {
    this.filtered = filtered;
    return this;
  }
  /** Entries read that were neither kept, skipped nor filtered do not exist; this adds read entries that the filters account for. */
  withExtraRead(count: number): this {
    this.extraRead = count;
    return this;
  }
  withTracker(actions: TrackerActionOutcome[], options: Partial<Omit<TrackerOutcome, "actions">> = {}): this {
    this.tracker = { tracker: "github", repo: "netra-systems/netra-apex", dryRun: false, requests: { reads: 3, writes: actions.length }, ...options, actions };
    return this;
  }
  withQuery(query: Partial<RunQuery>): this {
    this.query = { ...this.query, ...query };
    return this;
  }

  build(): Report {
    const kept = this.clusters.reduce((a, c) => a + c.cluster.stats.count, 0);
    const skippedTotal = Object.values(this.skipped).reduce((a, b) => a + (b ?? 0), 0);
    const filteredTotal = Object.values(this.filtered).reduce((a, b) => a + (b ?? 0), 0);
    const read = kept + skippedTotal + filteredTotal + this.extraRead;
    const judgedClusters = this.clusters.map((c) => judged(c.cluster, kept, this.window.minutes, c.overrides));
    const order = (p: Priority): number => Number(p.slice(1));
    judgedClusters.sort((a, b) => order(a.priority) - order(b.priority) || b.cluster.stats.count - a.cluster.stats.count);
    const services = new Map<string, number>();
    const revisions = new Map<string, CountByName>();
    for (const { cluster } of this.clusters) {
      services.set(cluster.service ?? "?", (services.get(cluster.service ?? "?") ?? 0) + cluster.stats.count);
      for (const revision of cluster.stats.revisions) {
        const seen = revisions.get(revision.name);
        revisions.set(revision.name, { name: revision.name, count: (seen?.count ?? 0) + revision.count, ...(revision.firstSeen ? { firstSeen: revision.firstSeen } : {}) });
      }
    }
    const sources = this.sources ?? [
      {
        input: "cloud-logging:projects/netra-staging",
        format: "cloud-logging" as const,
        entriesRead: read,
        pages: Math.max(1, Math.ceil(read / 1000)),
        filter: this.query.filters[0] ?? "",
        completeness: this.completeness,
      },
    ];
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: "log-gardener", version: "0.1.0" },
      generatedAt: "2025-09-15T01:53:02Z",
      window: this.window,
      query: this.query,
      sources,
      complete: sources.every((s) => s.completeness.kind === "complete" || s.completeness.kind === "no_data"),
      totals: { read, kept, skipped: this.skipped, filtered: this.filtered, skippedSamples: this.skippedSamples },
      services: [...services].map(([name, count]) => ({ name, count })),
      projects: kept > 0 ? [{ name: "netra-staging", count: kept }] : [],
      revisions: [...revisions.values()],
      timeline: [],
      clusters: judgedClusters,
      ...(this.tracker ? { tracker: this.tracker } : {}),
    };
  }
}

/** History for one cluster, for judge tests. */
export function historyOf(entries: { fingerprint: string; runs?: ClusterRunPoint[]; lastPriority?: Priority; lastPriorityAt?: string; issue?: TrackedIssueRef; firstSeen?: string; totalCount?: number }[], revisionsFirstSeen: Record<string, string> = {}): RunHistory {
  const clusters = new Map<string, ClusterHistory>();
  for (const entry of entries) {
    clusters.set(entry.fingerprint, {
      fingerprint: entry.fingerprint,
      totalCount: entry.totalCount ?? (entry.runs ?? []).reduce((a, r) => a + r.count, 0),
      runs: entry.runs ?? [],
      ...(entry.firstSeen ? { firstSeen: entry.firstSeen } : {}),
      ...(entry.lastPriority ? { lastPriority: entry.lastPriority } : {}),
      ...(entry.lastPriorityAt ? { lastPriorityAt: entry.lastPriorityAt } : {}),
      ...(entry.issue ? { issue: entry.issue } : {}),
    });
  }
  return { clusters, revisionsFirstSeen: new Map(Object.entries(revisionsFirstSeen)) };
}

/** Run points at the given rates over 60-minute windows, oldest first. */
export function runsAtRates(rates: number[]): ClusterRunPoint[] {
  return rates.map((rate, index) => ({ runId: `run-${index + 1}`, count: Math.round(rate * 60), ratePerMinute: rate }));
}
