// Builders for realistic clusters, judged clusters and reports, so tests state only what they are about.
import type { ClusterStats, CountByName, IssueCluster, MinuteCount } from "../../src/model/cluster.js";
import type { SourceLocation } from "../../src/model/entry.js";
import type { ClusterHistory, ClusterRunPoint, RunHistory, TrackedIssueRef } from "../../src/model/history.js";
import type { Category, JudgedCluster, Priority, Trend } from "../../src/model/judgement.js";
import { REPORT_SCHEMA_VERSION, type Report, type RunQuery, type SeverityMinute } from "../../src/model/report.js";
import { severityRank, type Severity } from "../../src/model/severity.js";
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
  private instances = 1;
  private errorInstances: number | undefined;
  private httpStatuses: CountByName[] | undefined;

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
  /** Times of the first and last entry (the minutes in between get the count spread evenly). */
  withSeen(firstSeen: string, lastSeen: string): this {
    this.firstSeen = firstSeen;
    this.lastSeen = lastSeen;
    return this;
  }
  /** Instances where it logged at ERROR or above; by default all of them when it has errors, none otherwise. */
  withErrorInstances(instances: number): this {
    this.errorInstances = instances;
    return this;
  }

  withInstances(instances: number): this {
    this.instances = instances;
    return this;
  }
  /** An HTTP request cluster (route and status in the template) answering these statuses. */
  withHttpStatuses(statuses: CountByName[]): this {
    this.httpStatuses = statuses;
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
      instances: this.instances,
      errorInstances: this.errorInstances ?? (severityRank(maxSeverity) >= severityRank("ERROR") ? this.instances : 0),
      errorTypes: this.errorTypes,
      httpStatuses: this.httpStatuses ?? [],
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
      kind: this.httpStatuses ? "http" : "log",
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
  readonly issue?: JudgedCluster["issue"];
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
    rulesPriority: overrides.heldPriority?.rulesSaid ?? priority,
    shown: { priority, category: overrides.category ?? "new" },
    issue: overrides.issue ?? { kind: "file", reason: "no issue tracks it yet" },
    reasons: [overrides.priorityReason ?? `${priority}: rest (rule rest)`],
  };
}

/** Kept entries per minute, each cluster's minutes counted at its highest severity (close enough for renderer tests). */
function timelineOf(clusters: readonly IssueCluster[]): SeverityMinute[] {
  const minutes = new Map<string, { count: number; bySeverity: Partial<Record<Severity, number>> }>();
  for (const cluster of clusters) {
    for (const m of cluster.stats.perMinute) {
      const slot = minutes.get(m.minute) ?? { count: 0, bySeverity: {} };
      slot.count += m.count;
      slot.bySeverity[cluster.stats.maxSeverity] = (slot.bySeverity[cluster.stats.maxSeverity] ?? 0) + m.count;
      minutes.set(m.minute, slot);
    }
  }
  return [...minutes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([minute, slot]) => ({ minute, ...slot }));
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
      timeline: timelineOf(this.clusters.map((c) => c.cluster)),
      clusters: judgedClusters,
      ...(this.tracker ? { tracker: this.tracker } : {}),
    };
  }
}

/** History for one cluster, for judge tests. */
export function historyOf(entries: { fingerprint: string; runs?: ClusterRunPoint[]; lastPriority?: Priority; lastPriorityAt?: string; issue?: TrackedIssueRef; firstSeen?: string; firstRevision?: string; lastSeen?: string; service?: string; totalCount?: number }[], revisionsFirstSeen: Record<string, string> = {}): RunHistory {
  const clusters = new Map<string, ClusterHistory>();
  for (const entry of entries) {
    clusters.set(entry.fingerprint, {
      fingerprint: entry.fingerprint,
      totalCount: entry.totalCount ?? (entry.runs ?? []).reduce((a, r) => a + r.count, 0),
      runs: entry.runs ?? [],
      ...(entry.firstSeen ? { firstSeen: entry.firstSeen } : {}),
      ...(entry.firstRevision ? { firstRevision: entry.firstRevision } : {}),
      ...(entry.lastSeen ? { lastSeen: entry.lastSeen } : {}),
      ...(entry.service ? { service: entry.service } : {}),
      ...(entry.lastPriority ? { lastPriority: entry.lastPriority } : {}),
      ...(entry.lastPriorityAt ? { lastPriorityAt: entry.lastPriorityAt } : {}),
      ...(entry.issue ? { issue: entry.issue } : {}),
    });
  }
  return { clusters, revisionsFirstSeen: new Map(Object.entries(revisionsFirstSeen)) };
}

/**
 * Hourly run points with windows, oldest first, the last ending at `endIso`: `counts[i]` entries in hour i. For the
 * seasonal baseline, which places each run in the day by its window.
 */
export function hourlyRuns(counts: readonly number[], endIso: string): ClusterRunPoint[] {
  const endMs = Date.parse(endIso);
  return counts.map((count, index) => {
    const start = endMs - (counts.length - index) * 3_600_000;
    return {
      runId: `hour-${index + 1}`,
      windowStart: new Date(start).toISOString(),
      windowEnd: new Date(start + 3_600_000).toISOString(),
      count,
      ratePerMinute: count / 60,
    };
  });
}

/** Run points at the given rates over 60-minute windows, oldest first. */
export function runsAtRates(rates: number[]): ClusterRunPoint[] {
  return rates.map((rate, index) => ({ runId: `run-${index + 1}`, count: Math.round(rate * 60), ratePerMinute: rate }));
}

/**
 * A realistic run over one hour of a Cloud Run backend, shaped after the worklogs this tool replaces:
 * a CRITICAL permissive-auth cluster, a startup race (two templates merged) that is rising, a loud
 * session-middleware warning held by the cooldown, a per-user SSOT warning and an HTTP 405.
 */
export function worklogFixture(): ReportFixture {
  const revision = "netra-backend-staging-00645-l8x";
  const auth = new ClusterFixture()
    .withFingerprint("lgfp3f9a1c0b2d4e6f80")
    .withName(
      "[🔑] GOLDEN PATH AUTH=<*> permissive authentication with circuit breaker for connection <*>",
      "[🔑] GOLDEN PATH AUTH=<*> permissive authentication with circuit breaker for connection <*> - user_id: <*>, connection_state: <*>, timestamp: <*>",
    )
    .withCount(42, "CRITICAL")
    .seen("2025-09-15T00:58:11.255943Z", "2025-09-15T01:51:12.490103Z")
    .withConnections(["main_e1999c70", "main_2da1b58a", "main_cfa09152"])
    .withSource({ module: "netra_backend.app.routes.websocket_ssot", function: "_handle_main_mode", line: 741 })
    .withRevisions([{ name: revision, count: 42, firstSeen: "2025-09-15T00:58:11.255943Z" }])
    .withSamples([
      {
        insertId: "68c76f5900071a2b",
        jsonPayload: {
          labels: { function: "_handle_main_mode", line: "741", module: "netra_backend.app.routes.websocket_ssot" },
          message: "[🔑] GOLDEN PATH AUTH=[REDACTED] permissive authentication with circuit breaker for connection main_e1999c70 - user_id: pending, connection_state: connected, timestamp: 2025-09-15T00:58:11.255925+00:00",
        },
        resource: { labels: { revision_name: revision, service_name: "netra-backend-staging" }, type: "cloud_run_revision" },
        severity: "CRITICAL",
        timestamp: "2025-09-15T00:58:11.255943Z",
      },
      {
        insertId: "68c77b2c000d4e11",
        jsonPayload: {
          labels: { function: "_handle_main_mode", line: "741", module: "netra_backend.app.routes.websocket_ssot" },
          message: "[🔑] GOLDEN PATH AUTH=[REDACTED] permissive authentication with circuit breaker for connection main_cfa09152 - user_id: pending, connection_state: connected, timestamp: 2025-09-15T01:51:12.490085+00:00",
        },
        severity: "CRITICAL",
        timestamp: "2025-09-15T01:51:12.490103Z",
      },
    ]);
  const race = new ClusterFixture()
    .withFingerprint("lgfp9b2e44d01c7a5e31")
    .withAliases(["lgfp9b2e44d01c7a5e32"])
    .withName(
      "RACE CONDITION DETECTED: Startup phase <*> did not reach <*> within <*>",
      "[🔴] RACE CONDITION DETECTED: Startup phase <*> did not reach <*> within <*> - this would cause WebSocket 1011 errors",
    )
    .withSeverities({ ERROR: 18, WARNING: 18 })
    .withTemplate("Cannot wait for startup phase - no app_state available", 18, "WARNING")
    .seen("2025-09-15T01:50:26.680034Z", "2025-09-15T01:52:01.113200Z")
    .withPerMinute([
      { minute: "2025-09-15T01:50Z", count: 20 },
      { minute: "2025-09-15T01:51Z", count: 10 },
      { minute: "2025-09-15T01:52Z", count: 6 },
    ])
    .withSource({ module: "netra_backend.app.websocket_core.gcp_initialization_validator", function: "validate_gcp_readiness_for_websocket", line: 897 })
    .withRevisions([{ name: revision, count: 36, firstSeen: "2025-09-15T01:50:26.680034Z" }])
    .withSamples([
      {
        jsonPayload: {
          context: { name: "netra_backend.app.websocket_core.gcp_initialization_validator", service: "netra-service" },
          labels: { function: "validate_gcp_readiness_for_websocket", line: "897", module: "netra_backend.app.websocket_core.gcp_initialization_validator" },
          message: "[🔴] RACE CONDITION DETECTED: Startup phase 'no_app_state' did not reach 'services' within 2.1s - this would cause WebSocket 1011 errors",
        },
        severity: "ERROR",
        timestamp: "2025-09-15T01:50:26.680191Z",
      },
    ]);
  const session = new ClusterFixture()
    .withFingerprint("lgfp0c11de5a7f3b9a02")
    .withCount(917, "WARNING")
    .seen("2025-09-15T00:52:31.002488Z", "2025-09-15T01:52:25.002488Z")
    .withRevisions([{ name: revision, count: 917, firstSeen: "2025-09-15T00:52:31.002488Z" }]);
  const ssot = new ClusterFixture()
    .withFingerprint("lgfp77aa0f1e2d3c4b5a")
    .withName("SSOT validation issues (non-blocking): Multiple manager instances for user <*> - potential duplication")
    .withCount(23, "WARNING")
    .withUsers(["demo-user-001"])
    .seen("2025-09-15T01:02:12.545693Z", "2025-09-15T01:48:41.351550Z")
    .withSamples([
      {
        jsonPayload: {
          labels: { function: "validate_manager_creation", line: "137", module: "netra_backend.app.websocket_core.ssot_validation_enhancer" },
          message: "SSOT validation issues (non-blocking): ['Multiple manager instances for user demo-user-001 - potential duplication']",
        },
        severity: "WARNING",
        timestamp: "2025-09-15T01:48:41.351550Z",
      },
    ])
    .withSource({ module: "netra_backend.app.websocket_core.ssot_validation_enhancer", function: "validate_manager_creation", line: 137 })
    .withRevisions([{ name: revision, count: 23, firstSeen: "2025-09-15T01:02:12.545693Z" }]);
  const beacon = new ClusterFixture()
    .withFingerprint("lgfpa1b2c3d4e5f60718")
    .withName("POST /ws/beacon → 405")
    .withCount(4, "WARNING")
    .seen("2025-09-15T01:12:40.413930Z", "2025-09-15T01:48:40.413930Z")
    .withSource(undefined)
    .withRevisions([{ name: revision, count: 4, firstSeen: "2025-09-15T01:12:40.413930Z" }])
    .withSamples([
      {
        httpRequest: { latency: "0.014068527s", referer: "https://app.staging.netrasystems.ai/", requestMethod: "POST", requestUrl: "https://api.staging.netrasystems.ai/ws/beacon", status: 405 },
        severity: "WARNING",
        timestamp: "2025-09-15T01:48:40.413930Z",
      },
    ]);

  return new ReportFixture()
    .withCluster(auth, {
      priority: "P0",
      priorityReason: 'P0: severity CRITICAL, keyword "auth" (rule critical-security)',
      category: "other",
      categoryReason: "other: seen before (first seen 2025-09-13T18:01:23Z, 310 entries in earlier runs); occurs in revision netra-backend-staging-00645-l8x, first seen 2.3 days ago (over 2 days)",
      trend: { kind: "steady", baselineRate: 0.65, factor: 1.077 },
    })
    .withCluster(race, {
      priority: "P1",
      priorityReason: "P1: raised one step from P2: 18 of 36 at ERROR+ (max ERROR) (rule error); trend: rising, 0.6/min (36 in 60 min) vs baseline 0.1/min (median of 4 runs) = 6× ≥ 2×",
      category: "active-dev",
      categoryReason: "active-dev: occurs only in revision netra-backend-staging-00645-l8x first seen within 2 days (oldest 1 h ago)",
      trend: { kind: "rising", baselineRate: 0.1, factor: 6 },
      escalation: { from: "P2", reason: "P2 → P1: rate 6× the baseline" },
    })
    .withCluster(session, {
      priority: "P1",
      priorityReason: "P1: held, set 2025-09-14T01:52:00Z and not lowered within the 3 days cooldown (until 2025-09-17T01:52:00.000Z); rules now say P2: severity WARNING, rate 15.3/min (917 in 60 min) ≥ 5/min (rule warning-sustained)",
      category: "other",
      categoryReason: "other: seen before (first seen 2025-09-13T18:01:23Z, 5,120 entries in earlier runs)",
      trend: { kind: "steady", baselineRate: 14.2, factor: 1.076 },
      heldPriority: { rulesSaid: "P2", until: "2025-09-17T01:52:00.000Z" },
    })
    .withCluster(ssot, { priority: "P3", priorityReason: "P3: no other rule held (rule rest)", category: "other", categoryReason: "other: seen before", trend: { kind: "falling", baselineRate: 1.1, factor: 0.348 } })
    .withCluster(beacon, { priority: "P3", priorityReason: "P3: no other rule held (rule rest)", category: "new", categoryReason: "new: not seen in any earlier run", trend: { kind: "new" } })
    .withSkipped({ invalid_json: 2 }, [
      { reason: "invalid_json", input: "export-2025-09-15.json", position: 1204, detail: "Unexpected token ] at column 1" },
      { reason: "invalid_json", input: "export-2025-09-15.json", position: 3310, detail: "Unterminated string" },
    ])
    .withFiltered({ below_min_severity: 3412, duplicate_entry: 12 })
    .withTracker([
      { fingerprint: "lgfp3f9a1c0b2d4e6f80", kind: "create", title: "P0 · [🔑] GOLDEN PATH AUTH permissive authentication with circuit breaker", priority: "P0", category: "other", issue: { number: 1171, url: "https://github.com/netra-systems/netra-apex/issues/1171" }, status: "done", details: ["created with 2 samples"] },
      { fingerprint: "lgfp9b2e44d01c7a5e31", kind: "update", title: "P1 · RACE CONDITION DETECTED: Startup phase did not reach", priority: "P1", category: "active-dev", issue: { number: 1127, url: "https://github.com/netra-systems/netra-apex/issues/1127" }, status: "done", details: ["retitled P2→P1: rate 6× baseline", "comment with this run's figures"] },
      { fingerprint: "lgfp0c11de5a7f3b9a02", kind: "comment", title: "P1 · Session access failed (middleware not installed?)", priority: "P1", category: "other", issue: { number: 889, url: "https://github.com/netra-systems/netra-apex/issues/889" }, status: "done", details: ["comment with this run's figures"] },
      { fingerprint: "lgfp77aa0f1e2d3c4b5a", kind: "none", title: "P3 · SSOT validation issues", priority: "P3", category: "other", issue: { number: 902 }, status: "unchanged", details: [] },
      { fingerprint: "lgfpa1b2c3d4e5f60718", kind: "defer", title: "P3 · POST /ws/beacon → 405", priority: "P3", category: "new", status: "deferred", details: ["creation cap of 1 reached"] },
    ]);
}
