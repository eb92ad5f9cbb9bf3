// The JSON report's shape, version 1, as a zod schema: the contract scripts rely on (see docs/report-json.md).
// Fields are only ever added within a version; absent values are `null`, never a missing key.
import { z } from "zod";

const Priority = z.enum(["P0", "P1", "P2", "P3"]);
const Category = z.enum(["new", "regression", "active-dev", "other"]);
const Severity = z.enum(["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"]);
const Timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, "RFC 3339 in UTC");
const Count = z.number().int().nonnegative();
const CountByName = z.object({ name: z.string(), count: Count, firstSeen: Timestamp.nullable() }).strict();
const MinuteCount = z.object({ minute: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/), count: Count }).strict();
const SeverityCounts = z.partialRecord(Severity, Count);

const Completeness = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("complete") }).strict(),
  z.object({ kind: z.literal("no_data") }).strict(),
  z.object({ kind: z.literal("truncated"), reason: z.string(), readUntil: z.string().nullable() }).strict(),
  z.object({ kind: z.literal("query_failed"), error: z.string(), readUntil: z.string().nullable() }).strict(),
]);

const Trend = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("new") }).strict(),
  z.object({ kind: z.literal("no_baseline") }).strict(),
  z.object({ kind: z.enum(["rising", "steady", "falling"]), baselineRate: z.number().nonnegative(), factor: z.number().nonnegative() }).strict(),
]);

const TrackerAction = z
  .object({
    kind: z.enum(["create", "comment", "edit-comment", "update", "reopen", "close-duplicate", "close", "defer", "none"]),
    status: z.enum(["planned", "done", "failed", "deferred", "unchanged"]),
    title: z.string(),
    issueNumber: z.number().int().positive().nullable(),
    issueUrl: z.string().nullable(),
    details: z.array(z.string()),
    error: z.string().nullable(),
  })
  .strict();

const IssueVerdictKind = z.enum(["file", "refile", "update", "reopen", "leave-closed", "muted", "ignored"]);
const SetAsideCount = { problems: Count, entries: Count };

export const JsonCluster = z
  .object({
    fingerprint: z.string(),
    aliases: z.array(z.string()),
    name: z.string(),
    kind: z.enum(["log", "http"]),
    service: z.string().nullable(),
    priority: Priority,
    priorityReason: z.string(),
    category: Category,
    categoryReason: z.string(),
    trend: Trend,
    escalation: z.object({ from: Priority, reason: z.string() }).strict().nullable(),
    heldPriority: z.object({ rulesSaid: Priority, until: z.string() }).strict().nullable(),
    reasons: z.array(z.string()),
    count: Count,
    /** count / totals.kept, 0..1, unrounded. */
    share: z.number().min(0).max(1),
    /** count / window.minutes, unrounded. */
    ratePerMinute: z.number().nonnegative(),
    peakMinute: MinuteCount.nullable(),
    firstSeen: Timestamp.nullable(),
    lastSeen: Timestamp.nullable(),
    maxSeverity: Severity,
    severityCounts: SeverityCounts,
    distinctUsers: Count,
    distinctConnections: Count,
    exampleUsers: z.array(z.string()),
    exampleConnections: z.array(z.string()),
    revisions: z.array(CountByName),
    firstRevision: z.string().nullable(),
    instances: Count,
    errorTypes: z.array(CountByName),
    httpStatuses: z.array(CountByName),
    source: z
      .object({ file: z.string().nullable(), module: z.string().nullable(), function: z.string().nullable(), line: z.number().int().nullable() })
      .strict()
      .nullable(),
    logger: z.string().nullable(),
    templates: z.array(z.object({ fingerprint: z.string(), template: z.string(), count: Count, maxSeverity: Severity }).strict()),
    mergeReasons: z.array(z.string()),
    perMinute: z.array(MinuteCount),
    /** Real entries, repaired and redacted, as LogEntry-shaped JSON. */
    samples: z.array(z.unknown()),
    tracker: TrackerAction.nullable(),
    /** What the judge decided for the problem's issue; `rule` names the ignore rule, `issueNumber` the issue it is about. */
    issueVerdict: z.object({ kind: IssueVerdictKind, issueNumber: z.number().int().positive().nullable(), rule: z.string().nullable(), reason: z.string() }).strict(),
    /** Logs Explorer (with its query), Cloud Trace and source links; each null when it cannot be built. */
    links: z
      .object({
        logs: z.object({ url: z.string(), project: z.string(), query: z.string() }).strict().nullable(),
        trace: z.object({ url: z.string(), traceId: z.string() }).strict().nullable(),
        source: z.object({ url: z.string(), commit: z.string(), path: z.string(), line: z.number().int().nullable() }).strict().nullable(),
      })
      .strict(),
  })
  .strict();

export const JsonReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.literal("log-gardener"), version: z.string() }).strict(),
    generatedAt: z.string(),
    window: z
      .object({ start: Timestamp.nullable(), end: Timestamp.nullable(), basis: z.enum(["flags", "data"]), label: z.string(), minutes: z.number().positive() })
      .strict(),
    query: z
      .object({ services: z.array(z.string()), minSeverity: Severity, since: z.string().nullable(), until: z.string().nullable(), filters: z.array(z.string()) })
      .strict(),
    /** True when every source read completely (or answered with no data). */
    complete: z.boolean(),
    sources: z.array(
      z
        .object({
          input: z.string(),
          format: z.enum(["gcloud-json", "ndjson", "text", "cloud-logging", "bigquery", "duckdb"]),
          entriesRead: Count,
          bytesRead: Count.nullable(),
          pages: Count.nullable(),
          filter: z.string().nullable(),
          /** BigQuery: bytes the query processed (what on-demand pricing bills), and its job id. */
          bytesProcessed: Count.nullable(),
          jobId: z.string().nullable(),
          completeness: Completeness,
        })
        .strict(),
    ),
    totals: z
      .object({
        read: Count,
        kept: Count,
        /** Entries that could not be used, by reason. */
        skipped: z.record(z.string(), Count),
        skippedTotal: Count,
        /** Entries left out on purpose (severity, window, service, duplicates), by reason. */
        filtered: z.record(z.string(), Count),
        filteredTotal: Count,
        skippedSamples: z.array(z.object({ reason: z.string(), input: z.string(), position: Count, detail: z.string().nullable() }).strict()),
      })
      .strict(),
    /** What the miner held and what its bounds cut (null when no miner ran). */
    miner: z.object({ templates: Count, shapes: Count, evictions: Count, truncatedLines: Count, truncatedTokens: Count }).strict().nullable(),
    services: z.array(CountByName),
    projects: z.array(CountByName),
    revisions: z.array(CountByName),
    timeline: z.array(z.object({ minute: z.string(), count: Count, bySeverity: SeverityCounts }).strict()),
    /** Most urgent first: priority, then count. */
    clusters: z.array(JsonCluster),
    /** Problems set aside, counted rather than hidden: ignored by rule (most entries first) and muted on their issues. */
    setAside: z
      .object({
        ignored: z.object({ ...SetAsideCount, byRule: z.array(z.object({ rule: z.string(), ...SetAsideCount }).strict()) }).strict(),
        muted: z.object({ ...SetAsideCount, issues: z.array(z.number().int().positive()) }).strict(),
      })
      .strict(),
    /** One per configured sink (Slack, webhooks): a failure is reported here and never fails the run. */
    notifications: z.array(
      z
        .object({
          sink: z.enum(["slack", "webhook"]),
          name: z.string(),
          status: z.enum(["sent", "failed", "preview", "nothing-to-send"]),
          events: Count,
          attempts: Count,
          error: z.string().nullable(),
          preview: z.string().nullable(),
        })
        .strict(),
    ),
    tracker: z
      .object({
        tracker: z.enum(["github", "local"]),
        repo: z.string().nullable(),
        /** Where the GitHub token came from: GITHUB_TOKEN, GH_TOKEN or `gh auth token` (never its value). */
        tokenSource: z.string().nullable(),
        dryRun: z.boolean(),
        requests: z.record(z.string(), Count),
        actions: z.array(TrackerAction.extend({ fingerprint: z.string(), priority: Priority, category: Category })),
        /** Why the tracker phase stopped short (null when it finished); resetAt when a rate limit stopped it. */
        incomplete: z.object({ reason: z.string(), resetAt: z.string().nullable() }).strict().nullable(),
      })
      .strict()
      .nullable(),
  })
  .strict();

export type JsonReport = z.infer<typeof JsonReportSchema>;
export type JsonClusterShape = z.infer<typeof JsonCluster>;
