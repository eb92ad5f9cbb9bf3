// The JSON report: the same facts as the worklog for machines, in the versioned shape of json-schema.ts.
import type { CountByName } from "../model/cluster.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { Report } from "../model/report.js";
import type { Completeness, SourceResult } from "../model/source.js";
import type { TrackerActionOutcome } from "../model/tracker.js";
import type { JsonClusterShape, JsonReport } from "./json-schema.js";
import { countSetAside } from "./set-aside.js";

function counts(items: readonly CountByName[]): JsonClusterShape["revisions"] {
  return items.map((item) => ({ name: item.name, count: item.count, firstSeen: item.firstSeen ?? null }));
}

function completeness(value: Completeness): JsonReport["sources"][number]["completeness"] {
  switch (value.kind) {
    case "complete":
    case "no_data":
      return { kind: value.kind };
    case "truncated":
      return { kind: "truncated", reason: value.reason, readUntil: value.readUntil ?? null };
    case "query_failed":
      return { kind: "query_failed", error: value.error, readUntil: value.readUntil ?? null };
  }
}

function source(result: SourceResult): JsonReport["sources"][number] {
  return {
    input: result.input,
    format: result.format,
    entriesRead: result.entriesRead,
    bytesRead: result.bytesRead ?? null,
    pages: result.pages ?? null,
    filter: result.filter ?? null,
    bytesProcessed: result.bytesProcessed ?? null,
    jobId: result.jobId ?? null,
    completeness: completeness(result.completeness),
  };
}

function trackerAction(action: TrackerActionOutcome): NonNullable<JsonClusterShape["tracker"]> {
  return {
    kind: action.kind,
    status: action.status,
    title: action.title,
    issueNumber: action.issue?.number ?? null,
    issueUrl: action.issue?.url ?? null,
    details: [...action.details],
    error: action.error ?? null,
  };
}

function issueVerdict(verdict: JudgedCluster["issue"]): JsonClusterShape["issueVerdict"] {
  const issueNumber = verdict.kind === "refile" ? verdict.previous : "number" in verdict ? (verdict.number ?? null) : null;
  return { kind: verdict.kind, issueNumber, rule: verdict.kind === "ignored" ? verdict.rule : null, reason: verdict.reason };
}

function setAside(report: Report): JsonReport["setAside"] {
  const { ignored, muted } = countSetAside(report.clusters);
  return {
    ignored: { problems: ignored.problems, entries: ignored.entries, byRule: ignored.byRule.map((r) => ({ rule: r.rule, problems: r.problems, entries: r.entries })) },
    muted: { problems: muted.problems, entries: muted.entries, issues: [...muted.issues] },
  };
}

function cluster(judged: JudgedCluster, action: TrackerActionOutcome | undefined): JsonClusterShape {
  const { cluster: c } = judged;
  const { stats } = c;
  return {
    fingerprint: c.fingerprint,
    aliases: [...c.aliases],
    name: c.name,
    kind: c.kind,
    service: c.service ?? null,
    priority: judged.priority,
    priorityReason: judged.priorityReason,
    category: judged.category,
    categoryReason: judged.categoryReason,
    trend: { ...judged.trend },
    escalation: judged.escalation ? { from: judged.escalation.from, reason: judged.escalation.reason } : null,
    heldPriority: judged.heldPriority ? { rulesSaid: judged.heldPriority.rulesSaid, until: judged.heldPriority.until } : null,
    reasons: [...judged.reasons],
    count: stats.count,
    share: judged.share,
    ratePerMinute: judged.ratePerMinute,
    peakMinute: stats.peakMinute ? { minute: stats.peakMinute.minute, count: stats.peakMinute.count } : null,
    firstSeen: stats.firstSeen ?? null,
    lastSeen: stats.lastSeen ?? null,
    maxSeverity: stats.maxSeverity,
    severityCounts: { ...stats.severityCounts },
    distinctUsers: stats.distinctUsers,
    distinctConnections: stats.distinctConnections,
    exampleUsers: [...stats.exampleUsers],
    exampleConnections: [...stats.exampleConnections],
    revisions: counts(stats.revisions),
    firstRevision: stats.firstRevision ?? null,
    instances: stats.instances,
    errorTypes: counts(stats.errorTypes),
    httpStatuses: counts(stats.httpStatuses),
    source: c.source
      ? { file: c.source.file ?? null, module: c.source.module ?? null, function: c.source.function ?? null, line: c.source.line ?? null }
      : null,
    logger: c.logger ?? null,
    templates: c.templates.map((t) => ({ fingerprint: t.fingerprint, template: t.template, count: t.count, maxSeverity: t.maxSeverity })),
    mergeReasons: [...c.mergeReasons],
    perMinute: stats.perMinute.map((m) => ({ minute: m.minute, count: m.count })),
    samples: [...c.samples],
    tracker: action ? trackerAction(action) : null,
    issueVerdict: issueVerdict(judged.issue),
    links: {
      logs: judged.links?.logs ? { ...judged.links.logs } : null,
      trace: judged.links?.trace ? { ...judged.links.trace } : null,
      source: judged.links?.source ? { url: judged.links.source.url, commit: judged.links.source.commit, path: judged.links.source.path, line: judged.links.source.line ?? null } : null,
    },
  };
}

function sumOf(values: Partial<Record<string, number>>): number {
  return Object.values(values).reduce<number>((total, n) => total + (n ?? 0), 0);
}

/** Builds the version-1 JSON document (see docs/report-json.md); keys always come in the same order. */
export function toJsonReport(report: Report): JsonReport {
  const actions = new Map((report.tracker?.actions ?? []).map((a) => [a.fingerprint, a]));
  const { totals } = report;
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    generatedAt: report.generatedAt,
    window: {
      start: report.window.start ?? null,
      end: report.window.end ?? null,
      basis: report.window.basis,
      label: report.window.label,
      minutes: report.window.minutes,
    },
    query: {
      services: [...report.query.services],
      minSeverity: report.query.minSeverity,
      since: report.query.since ?? null,
      until: report.query.until ?? null,
      filters: [...report.query.filters],
    },
    complete: report.complete,
    sources: report.sources.map(source),
    totals: {
      read: totals.read,
      kept: totals.kept,
      skipped: Object.fromEntries(Object.entries(totals.skipped).filter((e): e is [string, number] => e[1] !== undefined)),
      skippedTotal: sumOf(totals.skipped),
      filtered: Object.fromEntries(Object.entries(totals.filtered).filter((e): e is [string, number] => e[1] !== undefined)),
      filteredTotal: sumOf(totals.filtered),
      skippedSamples: totals.skippedSamples.map((s) => ({ reason: s.reason, input: s.input, position: s.position, detail: s.detail ?? null })),
    },
    miner: report.miner
      ? { templates: report.miner.templates, shapes: report.miner.shapes, evictions: report.miner.evictions, truncatedLines: report.miner.truncatedLines, truncatedTokens: report.miner.truncatedTokens }
      : null,
    services: counts(report.services),
    projects: counts(report.projects),
    revisions: counts(report.revisions),
    timeline: report.timeline.map((m) => ({ minute: m.minute, count: m.count, bySeverity: { ...m.bySeverity } })),
    clusters: report.clusters.map((judged) => cluster(judged, actions.get(judged.cluster.fingerprint))),
    setAside: setAside(report),
    notifications: (report.notifications ?? []).map((n) => ({ sink: n.sink, name: n.name, status: n.status, events: n.events, attempts: n.attempts, error: n.error ?? null, preview: n.preview ?? null })),
    tracker: report.tracker
      ? {
          tracker: report.tracker.tracker,
          repo: report.tracker.repo ?? null,
          tokenSource: report.tracker.tokenSource ?? null,
          dryRun: report.tracker.dryRun,
          requests: { ...report.tracker.requests },
          actions: report.tracker.actions.map((a) => ({ fingerprint: a.fingerprint, priority: a.priority, category: a.category, ...trackerAction(a) })),
          incomplete: report.tracker.incomplete ? { reason: report.tracker.incomplete.reason, resetAt: report.tracker.incomplete.resetAt ?? null } : null,
        }
      : null,
  };
}

/** The JSON report as text: 2-space indent, trailing newline. */
export function renderJsonReport(report: Report): string {
  return [...jsonReportChunks(report)].join("");
}

/**
 * The JSON report's text in pieces, the same bytes as `JSON.stringify(document, null, 2)`: a top-level
 * list (the clusters) goes out an item at a time, so a run with a very long tail of clusters never
 * needs its whole report as one string (V8 caps a string near 512 MiB; 200,000 clusters pass that).
 */
export function* jsonReportChunks(report: Report): Generator<string> {
  const fields = Object.entries(toJsonReport(report)).filter(([, value]) => value !== undefined);
  yield "{\n";
  for (const [index, [key, value]] of fields.entries()) {
    const after = index < fields.length - 1 ? ",\n" : "\n";
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (const [at, item] of value.entries()) yield `    ${indented(item, "    ")}${at < value.length - 1 ? ",\n" : "\n"}`;
      yield `  ]${after}`;
    } else yield `  ${JSON.stringify(key)}: ${indented(value, "  ")}${after}`;
  }
  yield "}\n";
}

/** `value` as JSON.stringify indents it two spaces a level, every line after the first moved in by `by` (no string holds a raw newline). */
function indented(value: unknown, by: string): string {
  return (JSON.stringify(value, null, 2) ?? "null").replace(/\n/g, `\n${by}`);
}
