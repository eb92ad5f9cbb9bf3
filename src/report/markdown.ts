// The worklog: a Markdown page a person reads in a minute. Every figure is exact, every piece of log text is escaped.
import type { CountByName, IssueCluster } from "../model/cluster.js";
import { assertNever } from "../model/errors.js";
import { isSetAside, PRIORITIES, type JudgedCluster, type Trend } from "../model/judgement.js";
import type { Report } from "../model/report.js";
import { SEVERITIES, severityRank } from "../model/severity.js";
import type { SourceResult } from "../model/source.js";
import { filterReasonWords, totalOf, type FilterReason } from "../model/stats.js";
import type { TrackerActionOutcome } from "../model/tracker.js";
import { codeFence, inlineCode, markdownTableRow, markdownText, stripControl, truncateText } from "./escape.js";
import { linksMarkdown } from "./links.js";
import { notificationsSection } from "./notifications-section.js";
import { sampleText } from "./sample-text.js";
import { countSetAside } from "./set-aside.js";
import { formatBytes, formatCount, formatDuration, formatFactor, formatMinutes, formatRate, formatRatePerUnit, formatShare, plural } from "../model/figures.js";
import { countsBy, formatSpan, formatTime, moreProblems } from "./worklog-format.js";

export interface WorklogOptions {
  /** `brief`: summary, table and a short section per problem (`report.worklog`); `full`: every fact and whole samples. */
  readonly detail?: WorklogDetail;
  /** Bytes the brief worklog may take; problem sections past it are left to the JSON and HTML reports (`report.worklogMaxBytes`). */
  readonly maxBytes?: number;
  /** Characters of one sample entry; see `report.maxSampleChars`. */
  readonly maxSampleChars?: number;
  /** Names listed in one table cell (revisions, users, error types) before "and N more". */
  readonly maxListed?: number;
  /** Busiest minutes listed under technical context. */
  readonly busiestMinutes?: number;
}

export type WorklogDetail = "brief" | "full";

const DEFAULTS: Required<WorklogOptions> = { detail: "brief", maxBytes: 19_500, maxSampleChars: 4_000, maxListed: 5, busiestMinutes: 5 };

// Pieces of a line are inline Markdown; a table row escapes its cells' pipes (`markdownTableRow`).
const code = inlineCode;
const text = markdownText;

function listNames(items: readonly CountByName[], max: number, withCount = true): string {
  if (items.length === 0) return "none";
  const shown = items.slice(0, max).map((item) => (withCount ? `${code(item.name)} (${formatCount(item.count)})` : code(item.name)));
  return items.length > max ? `${shown.join(", ")} and ${formatCount(items.length - max)} more` : shown.join(", ");
}

function issueLink(issue: { readonly number: number; readonly url?: string } | undefined): string {
  if (!issue) return "";
  // Only a plain https URL becomes a link; anything else is shown as the bare number.
  return issue.url && /^https:\/\/[^\s()<>[\]]+$/.test(issue.url) ? `[#${issue.number}](${issue.url})` : `#${issue.number}`;
}

// ---- completeness ------------------------------------------------------------------------------

/** "complete", "no data", "query failed: …", "incomplete: read N entries up to T, then …". */
export function describeCompleteness(source: SourceResult): string {
  const c = source.completeness;
  switch (c.kind) {
    case "complete":
      return `complete (${plural(source.entriesRead, "entry", "entries")}${source.pages !== undefined ? `, ${plural(source.pages, "page")}` : ""}${engineFigures(source)})`;
    case "no_data":
      return "no data: the source answered and held no entries";
    case "truncated":
      return `incomplete: read ${plural(source.entriesRead, "entry", "entries")}${c.readUntil ? ` up to ${formatTime(c.readUntil)}` : ""}, then ${text(c.reason)}`;
    case "query_failed":
      return source.entriesRead === 0
        ? `query failed: ${text(c.error)}`
        : `incomplete: read ${plural(source.entriesRead, "entry", "entries")}${c.readUntil ? ` up to ${formatTime(c.readUntil)}` : ""}, then query failed: ${text(c.error)}`;
    default:
      return assertNever(c, "completeness");
  }
}

/** `, 1.2 GiB processed, job bqjob_…` for sources that ran a query job. */
function engineFigures(source: SourceResult): string {
  const parts = [
    ...(source.bytesProcessed !== undefined ? [`${formatBytes(source.bytesProcessed)} processed`] : []),
    ...(source.jobId !== undefined ? [`job ${code(source.jobId)}`] : []),
  ];
  return parts.map((part) => `, ${part}`).join("");
}

function readSummary(report: Report): string {
  const kinds = new Set(report.sources.map((s) => s.completeness.kind));
  if (report.sources.length === 0) return "no source was read";
  if (kinds.size === 1 && kinds.has("complete")) return `complete (${plural(report.sources.length, "source")})`;
  if (kinds.size === 1 && kinds.has("no_data")) return "no data: every source answered and held no entries";
  if (report.sources.length === 1 && report.sources[0]) return describeCompleteness(report.sources[0]);
  const failed = report.sources.filter((s) => s.completeness.kind === "truncated" || s.completeness.kind === "query_failed").length;
  return failed > 0 ? `incomplete: ${formatCount(failed)} of ${plural(report.sources.length, "source")} did not read completely (see Sources)` : `complete (${plural(report.sources.length, "source")})`;
}

function incompleteBanner(report: Report): string {
  const broken = report.sources.filter((s) => s.completeness.kind === "truncated" || s.completeness.kind === "query_failed");
  if (broken.length === 0) return "";
  const lines = broken.map((s) => `> - ${code(s.input)}: ${describeCompleteness(s)}`);
  return [
    "> [!WARNING]",
    "> **Incomplete read.** The figures below cover only the entries that were read; counts, rates and \"not seen\" may be too low.",
    ...lines,
    "",
  ].join("\n");
}

// ---- header and summary --------------------------------------------------------------------------

function header(report: Report, options: Required<WorklogOptions>): string {
  const { window, totals } = report;
  const services = report.services.length > 0 ? report.services.map((s) => s.name) : report.query.services;
  // Text logs name no service; the files read are the next best name for what this worklog covers.
  const inputs = report.sources.map((source) => baseName(source.input));
  const title = services.length > 0 ? services.map(text).join(", ") : inputs.length > 0 ? inputs.map(text).join(", ") : "no service";
  const skipped = totalOf(totals.skipped);
  const filtered = totalOf(totals.filtered);
  const rows: [string, string][] = [
    ["Window (UTC)", windowText(report)],
    ["Services", listNames(report.services, 10)],
    ["Projects", listNames(report.projects, 10)],
    ["Revisions", listNames(report.revisions, options.maxListed)],
    ["Entries", `${formatCount(totals.read)} read · ${formatCount(totals.kept)} kept · ${formatCount(skipped)} skipped · ${formatCount(filtered)} filtered${filtered > 0 ? ` (${filteredReasons(report)})` : ""}`],
    ["Read", readSummary(report)],
    ...minerBounds(report),
    ["Minimum severity", report.query.minSeverity],
    ...report.query.filters.map((filter): [string, string] => ["Cloud Logging filter", code(filter)]),
    // The version is ours, not log text: shown as written (escaping would print `0\.1.0` in raw Markdown).
    ["Generated", `${formatTime(report.generatedAt)} by log-gardener ${report.tool.version.replace(/[^\w.+-]/g, "")}`],
  ];
  return [
    `# Log worklog: ${title} · ${text(window.label)}`,
    "",
    ...(incompleteBanner(report) ? [incompleteBanner(report)] : []),
    "| | |",
    "|---|---|",
    ...rows.map((row) => markdownTableRow(row)),
    "",
  ].join("\n");
}

/** `data.json` from `/tmp/exports/data.json`; `-` (stdin) as `standard input`. */
function baseName(input: string): string {
  if (input === "-") return "standard input";
  return input.split(/[\\/]/).filter(Boolean).pop() ?? input;
}

function windowText(report: Report): string {
  const { window } = report;
  if (!window.start && !window.end) return "not known: no kept entry had a timestamp";
  const basis = window.basis === "flags" ? "as asked" : "span of the data read";
  return `${formatSpan(window.start, window.end)} (${formatMinutes(window.minutes)} ${window.minutes === 1 ? "minute" : "minutes"}, ${basis})`;
}

/** `178 below WARNING, 12 outside the window`. */
function filteredReasons(report: Report): string {
  return (Object.entries(report.totals.filtered) as [FilterReason, number | undefined][])
    .filter((e): e is [FilterReason, number] => (e[1] ?? 0) > 0)
    .map(([reason, n]) => `${formatCount(n)} ${filterReasonWords(reason, report.query.minSeverity)}`)
    .join(", ");
}

function nothingKept(report: Report): string {
  const { totals } = report;
  if (!report.complete && totals.read === 0) return "**Nothing was read**, so nothing can be said about the service in this window: see Sources.";
  if (totals.read === 0) return "**No data**: the sources answered but held no entries for this window. This is not the same as \"no errors\": check the query and the window.";
  const reasons = Object.entries(totals.filtered)
    .filter((e): e is [string, number] => (e[1] ?? 0) > 0)
    .map(([reason, n]) => `${formatCount(n)} ${reason.replace(/_/g, " ")}`);
  return `**0 entries at ${report.query.minSeverity} or above**: ${plural(totals.read, "entry", "entries")} read, none kept${reasons.length > 0 ? ` (${reasons.join(", ")})` : ""}.`;
}

/**
 * Problems an ignore rule or a person set aside, in one line: how many and how many entries, by rule, and the muted
 * issues. Counted, so that ignoring never hides how much is being ignored.
 */
function setAsideLine(report: Report): string | undefined {
  const { ignored, muted } = countSetAside(report.clusters);
  const parts: string[] = [];
  if (ignored.problems > 0) {
    const rules = ignored.byRule.map((r) => `${code(r.rule)} ${plural(r.problems, "problem")}, ${plural(r.entries, "entry", "entries")}`).join("; ");
    parts.push(`${plural(ignored.problems, "problem")} ignored by rule (${plural(ignored.entries, "entry", "entries")}: ${rules})`);
  }
  if (muted.problems > 0) {
    const issues = muted.issues.map((n) => `#${n}`).join(", ");
    parts.push(`${plural(muted.problems, "problem")} muted on ${muted.issues.length === 1 ? "its issue" : "their issues"} (${plural(muted.entries, "entry", "entries")}${issues ? `: ${issues}` : ""})`);
  }
  return parts.length > 0 ? `- **Set aside**, counted and left alone: ${parts.join(" · ")}.` : undefined;
}

/** The Issue cell of a table row: an ignored problem says by which rule, a muted one says so beside its issue. */
function issueCell(judged: JudgedCluster, issue: string): string {
  if (judged.issue.kind === "ignored") return `ignored: ${code(judged.issue.rule)}`;
  if (judged.issue.kind === "muted") return `${issue || (judged.issue.number !== undefined ? `#${judged.issue.number}` : "")} muted`.trim();
  return issue || "–";
}

function summary(report: Report): string {
  const { clusters, totals } = report;
  const lines = ["## Summary", ""];
  if (totals.kept === 0) {
    lines.push(nothingKept(report), "");
    return lines.join("\n");
  }
  lines.push(`- **${plural(clusters.length, "cluster")}** from ${plural(totals.kept, "kept entry", "kept entries")}: ${countsBy(clusters, PRIORITIES, (c) => c.priority)}.`);
  const notable = [
    ["new", clusters.filter((c) => c.category === "new").length],
    ["regression", clusters.filter((c) => c.category === "regression").length],
    ["active-dev", clusters.filter((c) => c.category === "active-dev").length],
    ["rising", clusters.filter((c) => c.trend.kind === "rising").length],
    ["escalated", clusters.filter((c) => c.escalation).length],
    ["held by cooldown", clusters.filter((c) => c.heldPriority).length],
  ] as const;
  const present = notable.filter(([, n]) => n > 0);
  lines.push(present.length > 0 ? `- ${present.map(([label, n]) => `${label}: ${formatCount(n)}`).join(" · ")}.` : "- Nothing new, regressed, rising or escalated.");
  const setAside = setAsideLine(report);
  if (setAside) lines.push(setAside);
  const urgent = clusters.filter((c) => (c.priority === "P0" || c.priority === "P1") && !isSetAside(c.issue));
  if (urgent.length > 0) {
    lines.push(`- Most urgent:`);
    for (const c of urgent.slice(0, 5)) {
      // "other" is the everyday category; naming it in every line would only add noise.
      const category = c.category === "other" ? "" : `, ${c.category}`;
      lines.push(`  - **${c.priority}** ${text(c.cluster.name)}: ${plural(c.cluster.stats.count, "entry", "entries")}${dated(report) ? `, ${formatRatePerUnit(c.ratePerMinute)}` : ""}${category}. ${priorityText(c)}`);
    }
    if (urgent.length > 5) lines.push(`  - and ${formatCount(urgent.length - 5)} more P0/P1 below.`);
  } else {
    lines.push("- Nothing at P0 or P1.");
  }
  if (report.tracker) lines.push(`- Tracker: ${trackerSummary(report)}.`);
  if (!report.complete) lines.push("- **The read was incomplete**: see the warning above.");
  lines.push("");
  return lines.join("\n");
}

/**
 * Why the cluster has its priority. A held priority is said in the worklog's own words (the rules'
 * priority, the UTC time the hold ends) rather than the judge's sentence with two raw timestamps.
 */
function priorityText(judged: JudgedCluster): string {
  const held = judged.heldPriority;
  if (!held) return judgeText(withoutPriority(judged.priorityReason));
  const rules = judged.reasons.find((r) => r.startsWith(`${held.rulesSaid}: `));
  return `held until ${formatTime(held.until)} (cooldown: a priority is not lowered automatically); the rules now say ${held.rulesSaid}${rules ? `: ${judgeText(withoutPriority(rules))}` : ""}`;
}

const RFC3339_IN_TEXT = /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\b/g;

/** A judge's sentence with its timestamps as the worklog prints times (`2025-09-14 18:00:00 UTC`). */
function judgeText(reason: string): string {
  return text(reason.replace(RFC3339_IN_TEXT, (time) => formatTime(time)));
}

/** Reasons start with the priority they give (`P1: …`); next to the priority itself that is said twice. */
function withoutPriority(reason: string): string {
  return reason.replace(/^P[0-3]: /, "");
}

// ---- clusters ----------------------------------------------------------------------------------

function trendText(trend: Trend): string {
  switch (trend.kind) {
    case "new":
      return "new (no earlier run)";
    case "no_baseline":
      return "no baseline yet";
    case "rising":
    case "steady":
    case "falling":
      return `${trend.kind}: ${formatFactor(trend.factor)} the baseline of ${formatRatePerUnit(trend.baselineRate)}`;
    default:
      return assertNever(trend, "trend");
  }
}

function trendShort(trend: Trend): string {
  return trend.kind === "rising" || trend.kind === "falling" ? `${trend.kind} ${formatFactor(trend.factor)}` : trend.kind.replace("_", " ");
}

function locationText(cluster: IssueCluster): string {
  const s = cluster.source;
  if (!s) return cluster.logger ? `logger ${code(cluster.logger)}` : "not given";
  const parts = [s.module ?? s.file, s.function].filter((p): p is string => Boolean(p)).map(code);
  if (s.line !== undefined) parts.push(`line ${s.line}`);
  if (cluster.logger && cluster.logger !== s.module) parts.push(`logger ${code(cluster.logger)}`);
  return parts.length > 0 ? parts.join(" · ") : "not given";
}

function severityText(cluster: IssueCluster): string {
  return [...SEVERITIES]
    .sort((a, b) => severityRank(b) - severityRank(a))
    .filter((s) => (cluster.stats.severityCounts[s] ?? 0) > 0)
    .map((s) => `${s} ${formatCount(cluster.stats.severityCounts[s] ?? 0)}`)
    .join(" · ");
}

function idsText(distinct: number, examples: readonly string[], max: number): string {
  if (distinct === 0) return "none recorded";
  const shown = examples.slice(0, max).map(code).join(", ");
  return `${formatCount(distinct)} distinct${shown ? `: ${shown}${distinct > Math.min(examples.length, max) ? ", …" : ""}` : ""}`;
}

function actionVerb(action: TrackerActionOutcome): string {
  const verbs: Record<TrackerActionOutcome["kind"], [done: string, planned: string]> = {
    create: ["created", "would create"],
    comment: ["commented on", "would comment on"],
    "edit-comment": ["updated the comment on", "would update the comment on"],
    update: ["updated", "would update"],
    reopen: ["reopened", "would reopen"],
    "close-duplicate": ["closed as a duplicate", "would close as a duplicate"],
    close: ["closed", "would close"],
    defer: ["deferred", "would defer"],
    none: ["no change to", "no change to"],
  };
  const [done, planned] = verbs[action.kind];
  const target = issueLink(action.issue);
  switch (action.status) {
    case "done":
      return `${done} ${target || "an issue"}`.trim();
    case "planned":
      return `${planned} ${target}`.trim() + " (dry run)";
    case "unchanged":
      return `no change${target ? ` to ${target}` : ""}`;
    case "deferred":
      return `deferred (${action.error ? text(action.error) : "creation cap"})${target ? ` ${target}` : ""}`;
    case "failed":
      return `failed to ${action.kind === "create" ? "create" : "update"}${target ? ` ${target}` : ""}: ${text(action.error ?? "unknown error")}`;
    default:
      return assertNever(action.status, "tracker status");
  }
}

/** The value at a dotted path of a parsed LogEntry, when it is a string or number. */
function field(entry: Readonly<Record<string, unknown>>, path: string): string | number | undefined {
  let value: unknown = entry;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" || typeof value === "number" ? value : undefined;
}

/** Where each fact of a gist is found in a LogEntry, first match wins. */
const GIST_FIELDS: readonly (readonly [name: string, paths: readonly string[]])[] = [
  ["severity", ["severity"]],
  ["timestamp", ["timestamp"]],
  ["message", ["message", "jsonPayload.message", "jsonPayload.msg", "textPayload", "jsonPayload.error"]],
  ["error", ["jsonPayload.exc_info", "jsonPayload.stack_trace", "jsonPayload.traceback", "jsonPayload.exception"]],
  ["module", ["jsonPayload.labels.module", "sourceLocation.file", "jsonPayload.logger"]],
  ["function", ["jsonPayload.labels.function", "sourceLocation.function"]],
  ["line", ["jsonPayload.labels.line", "sourceLocation.line"]],
  ["request", ["httpRequest.requestMethod"]],
  ["url", ["httpRequest.requestUrl"]],
  ["status", ["httpRequest.status"]],
  ["revision", ["resource.labels.revision_name"]],
];

/**
 * The few fields a person reads first (as the worklogs written by hand quoted them), or undefined
 * for a text line or an entry none of them is found in. The whole entry stays one click away.
 */
export function sampleGist(sample: unknown): Record<string, string | number> | undefined {
  if (typeof sample !== "object" || sample === null || Array.isArray(sample)) return undefined;
  const entry = sample as Record<string, unknown>;
  const gist: Record<string, string | number> = {};
  for (const [name, paths] of GIST_FIELDS) {
    for (const path of paths) {
      const value = field(entry, path);
      if (value !== undefined && value !== "") {
        gist[name] = value;
        break;
      }
    }
  }
  return gist["message"] !== undefined || gist["url"] !== undefined ? gist : undefined;
}

function fenceFor(body: string): string {
  return codeFence(body, /^\s*[[{]/.test(body) ? "json" : "text");
}

function samplesSection(cluster: IssueCluster, maxChars: number): string[] {
  const { samples } = cluster;
  if (samples.length === 0) return ["_No sample entries were kept for this cluster._", ""];
  const first = samples[0];
  const gist = sampleGist(first);
  const lines = [`**Sample** (1 of ${plural(cluster.stats.count, "entry", "entries")}, repaired and redacted):`, ""];
  // One short sample is shown; whole entries fold away so a cluster stays one screen long on GitHub.
  const folded: string[] = [];
  samples.forEach((sample, i) => {
    const { text: body, cutFrom } = sampleText(sample, maxChars);
    const note = cutFrom !== undefined ? ` (cut at ${formatCount(body.length)} of ${formatCount(cutFrom)} characters)` : "";
    if (i === 0 && !gist) lines.push(...(note ? [`The entry${note}:`, ""] : []), fenceFor(body), "");
    else folded.push(`${i === 0 ? "The whole entry" : `Sample ${i + 1}`}${note}:`, "", fenceFor(body), "");
  });
  if (gist) {
    // A stack trace inside a JSON string reads as one long line of \n: it is shown as text below.
    const multiline = Object.entries(gist).filter((e): e is [string, string] => typeof e[1] === "string" && e[1].includes("\n"));
    for (const [name] of multiline) delete gist[name];
    lines.push(fenceFor(sampleText(gist, maxChars).text), "");
    for (const [, value] of multiline) lines.push(fenceFor(sampleText(value, maxChars).text), "");
  }
  if (folded.length > 0) {
    const what = gist ? (samples.length > 1 ? `The whole entry and ${plural(samples.length - 1, "more sample")}` : "The whole entry") : plural(samples.length - 1, "more sample");
    lines.push("<details>", `<summary>${what}</summary>`, "", ...folded, "</details>", "");
  }
  return lines;
}

function clusterSection(judged: JudgedCluster, index: number, action: TrackerActionOutcome | undefined, options: Required<WorklogOptions>, dated: boolean): string {
  const { cluster } = judged;
  const { stats } = cluster;
  const rows: [string, string][] = [
    ["Priority", `**${judged.priority}**: ${priorityText(judged)}`],
    ["Category", `${judged.category}: ${judgeText(judged.categoryReason.replace(/^[a-z-]+: /, ""))}`],
    ["Severity", severityText(cluster)],
    ["Count", `${formatCount(stats.count)} (${formatShare(judged.share)} of kept entries)`],
    [
      "Rate",
      dated
        ? `${formatRatePerUnit(judged.ratePerMinute)} over the window${stats.peakMinute ? ` · peak ${formatCount(stats.peakMinute.count)} in the minute ${code(stats.peakMinute.minute)}` : ""}`
        : "not known: the entries have no timestamps",
    ],
    ["First / last seen", `${formatTime(stats.firstSeen)} / ${formatTime(stats.lastSeen)}`],
    ["Trend", trendText(judged.trend)],
    ["Location", locationText(cluster)],
  ];
  const links = linksMarkdown(judged.links, text);
  if (links) rows.push(["Links", links]);
  // Rows with nothing to say (a text log has no revisions, most problems no users) are left out:
  // a reader scans a cluster in seconds only when every row carries a fact.
  if (stats.distinctUsers > 0) rows.push(["Users", idsText(stats.distinctUsers, stats.exampleUsers, options.maxListed)]);
  if (stats.distinctConnections > 0) rows.push(["Connections", idsText(stats.distinctConnections, stats.exampleConnections, options.maxListed)]);
  if (stats.revisions.length > 0) {
    rows.push(["Revisions", `${listNames(stats.revisions, options.maxListed)}${stats.firstRevision && stats.revisions.length > 1 ? `; first seen in this window in ${code(stats.firstRevision)}` : ""}`]);
  }
  if (stats.instances > 0) rows.push(["Instances", formatCount(stats.instances)]);
  if (stats.errorTypes.length > 0) rows.push(["Error types", listNames(stats.errorTypes, options.maxListed)]);
  if (stats.httpStatuses.length > 0) rows.push(["HTTP statuses", listNames(stats.httpStatuses, options.maxListed)]);
  if (judged.escalation) rows.push(["Escalated", `from ${judged.escalation.from}: ${judgeText(judged.escalation.reason.replace(/^P[0-3] → P[0-3]: /, ""))}`]);
  // A held priority is explained in the Priority row.
  if (action) {
    // The planner repeats the priority and category reasons; the rows above already give them.
    const repeated = new Set([judged.priorityReason, `Category ${judged.category}: ${judged.categoryReason}`]);
    const details = action.details.filter((d) => !repeated.has(d));
    rows.push(["Tracker", `${actionVerb(action)}${details.length > 0 ? `: ${details.map(text).join("; ")}` : ""}`]);
  }
  rows.push(["Fingerprint", code(cluster.fingerprint)]);

  const lines = [`### ${index + 1}. ${judged.priority} · ${text(cluster.name)}`, "", "| | |", "|---|---|", ...rows.map((row) => markdownTableRow(row)), ""];
  if (cluster.templates.length > 1) {
    lines.push(`**Templates** (${formatCount(cluster.templates.length)}, merged into one problem):`, "");
    for (const t of cluster.templates) lines.push(`- ${formatCount(t.count)} × ${code(t.template)}`);
    lines.push("");
    for (const reason of cluster.mergeReasons) lines.push(`- Merged because ${text(reason)}`);
    if (cluster.mergeReasons.length > 0) lines.push("");
  } else if (cluster.templates[0]) {
    lines.push(`**Template**: ${code(cluster.templates[0].template)}`, "");
  }
  const otherReasons = judged.reasons.filter((r) => r !== judged.priorityReason && r !== judged.categoryReason);
  if (otherReasons.length > 0) {
    lines.push("**Why**:", "", ...otherReasons.map((r) => `- ${judgeText(r)}`), "");
  }
  lines.push(...samplesSection(cluster, options.maxSampleChars));
  return lines.join("\n");
}

function clusterTable(report: Report, actions: ReadonlyMap<string, TrackerActionOutcome>): string {
  const lines = [
    "| # | Priority | Cluster | Count | Share | Rate | Peak/min | First seen | Last seen | Category | Trend | Issue |",
    "|--:|---|---|--:|--:|--:|--:|---|---|---|---|---|",
  ];
  // Twelve columns are wide on GitHub: when every time falls on one day (the header says which),
  // the table shows the clock time alone.
  const days = new Set(report.clusters.flatMap((c) => [c.cluster.stats.firstSeen, c.cluster.stats.lastSeen]).map((t) => formatTime(t).slice(0, 10)));
  const when = (t: string | undefined): string => (days.size === 1 && t ? formatTime(t).slice(11, 19) : formatTime(t));
  report.clusters.forEach((c, i) => {
    const s = c.cluster.stats;
    const issue = actions.get(c.cluster.fingerprint)?.issue;
    lines.push(
      markdownTableRow([String(i + 1), c.priority, text(c.cluster.name), formatCount(s.count), formatShare(c.share), dated(report) ? formatRatePerUnit(c.ratePerMinute) : "–", dated(report) ? formatCount(s.peakMinute?.count ?? 0) : "–", when(s.firstSeen), when(s.lastSeen), c.category, trendShort(c.trend), issueCell(c, issueLink(issue))]),
    );
  });
  return lines.join("\n");
}

// ---- skipped, sources, tracker, technical context ----------------------------------------------

function skippedSection(report: Report): string {
  const { totals } = report;
  const rows = [
    ...Object.entries(totals.skipped).map(([reason, n]) => [reason, "skipped (could not be used)", n ?? 0] as const),
    ...Object.entries(totals.filtered).map(([reason, n]) => [reason, "filtered (left out on purpose)", n ?? 0] as const),
  ].filter(([, , n]) => n > 0);
  const lines = ["## Skipped and filtered entries", ""];
  if (rows.length === 0) {
    lines.push(totals.read === 0 ? "None: nothing was read." : `None: all ${plural(totals.read, "entry", "entries")} read were kept.`, "");
    return lines.join("\n");
  }
  lines.push("| Reason | Kind | Entries |", "|---|---|--:|", ...rows.map(([reason, kind, n]) => markdownTableRow([code(reason), kind, formatCount(n)])), "");
  if (totals.skippedSamples.length > 0) {
    lines.push(`First skipped entries (${formatCount(totals.skippedSamples.length)} of ${formatCount(totalOf(totals.skipped))}):`, "");
    for (const s of totals.skippedSamples) {
      lines.push(`- ${code(`${s.input}#${s.position}`)}: ${code(s.reason)}${s.detail ? `, ${text(s.detail)}` : ""}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

function sourcesSection(report: Report): string {
  const lines = ["## Sources", "", "| Input | Format | Entries read | Result |", "|---|---|--:|---|"];
  for (const s of report.sources) lines.push(markdownTableRow([code(s.input), s.format, formatCount(s.entriesRead), describeCompleteness(s)]));
  if (report.sources.length === 0) lines.push("| none | | 0 | nothing was read |");
  lines.push("");
  return lines.join("\n");
}

function trackerSummary(report: Report): string {
  const tracker = report.tracker;
  if (!tracker) return "";
  const done: Record<TrackerActionOutcome["kind"], string> = {
    create: "created",
    comment: "commented",
    "edit-comment": "comment edited",
    update: "updated",
    reopen: "reopened",
    "close-duplicate": "closed as duplicate",
    close: "closed (quiet)",
    defer: "deferred",
    none: "unchanged",
  };
  const byOutcome = new Map<string, number>();
  for (const a of tracker.actions) {
    const key =
      a.status === "deferred" || a.kind === "defer"
        ? "deferred"
        : a.status === "failed"
          ? "failed"
          : a.status === "unchanged" || a.kind === "none"
            ? "unchanged"
            : a.status === "planned"
              ? `to ${a.kind === "edit-comment" ? "edit a comment" : a.kind}`
              : done[a.kind];
    byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1);
  }
  const parts = [...byOutcome].map(([k, n]) => `${formatCount(n)} ${k}`);
  return `${parts.length > 0 ? parts.join(", ") : "no actions"}${tracker.dryRun ? " (dry run: nothing was written)" : ""}`;
}

function trackerSection(report: Report): string {
  const tracker = report.tracker;
  if (!tracker) return "";
  const names = new Map(report.clusters.map((c) => [c.cluster.fingerprint, c.cluster.name]));
  const where = tracker.repo ? ` ${code(tracker.repo)}` : "";
  const lines = [
    "## Tracker",
    "",
    `${tracker.tracker === "github" ? "GitHub" : "Local tracker"}${where}: ${trackerSummary(report)}. Requests: ${
      Object.entries(tracker.requests).map(([k, n]) => `${formatCount(n)} ${text(k)}`).join(", ") || "none"
    }.`,
    "",
  ];
  if (tracker.actions.length === 0) return [...lines, ""].join("\n");
  lines.push("| Priority | Cluster | Action | Details |", "|---|---|---|---|");
  for (const a of tracker.actions) {
    lines.push(markdownTableRow([a.priority, text(names.get(a.fingerprint) ?? a.title), actionVerb(a), a.details.map(text).join("; ") || "–"]));
  }
  const deferred = tracker.actions.filter((a) => (a.status === "deferred" || a.kind === "defer") && a.error === undefined);
  if (tracker.incomplete) {
    lines.push("", `**Tracker incomplete**: ${text(tracker.incomplete.reason)}. What was not written is deferred to the next run.`);
  }
  if (deferred.length > 0) {
    lines.push("", `Deferred by this run's creation cap (${code("tracker.maxNewIssues")}): ${plural(deferred.length, "cluster")}, judged again on the next run.`);
  }
  lines.push("");
  return lines.join("\n");
}

function technicalContext(report: Report, options: Required<WorklogOptions>): string {
  const lines = ["## Technical context", ""];
  lines.push(dated(report) ? `- Window label ${code(report.window.label)}; rates are over ${formatDuration(report.window.minutes)} (${formatMinutes(report.window.minutes)} minutes).` : `- Window label ${code(report.window.label)}; no rates: the entries have no timestamps.`);
  if (report.query.services.length > 0) lines.push(`- Services asked for: ${report.query.services.map(code).join(", ")}.`);
  const busiest = [...report.timeline].sort((a, b) => b.count - a.count || (a.minute < b.minute ? -1 : 1)).slice(0, options.busiestMinutes);
  if (busiest.length > 0) {
    lines.push(
      `- Busiest minutes: ${busiest
        .map((m) => `${code(m.minute)} ${formatCount(m.count)} (${[...SEVERITIES].reverse().filter((s) => (m.bySeverity[s] ?? 0) > 0).map((s) => `${s} ${formatCount(m.bySeverity[s] ?? 0)}`).join(", ")})`)
        .join("; ")}.`,
    );
  }
  lines.push(`- Fingerprints (${code("lgfp…")}) stay the same across runs; the tracker finds an issue again by the one in its body.`);
  lines.push(`- The same facts as JSON (schema version ${report.schemaVersion}) are written beside this file.`);
  if (report.query.filters.length > 0) {
    lines.push("", `Cloud Logging ${report.query.filters.length === 1 ? "filter" : "filters"} (paste into the Logs Explorer):`, "");
    for (const filter of report.query.filters) lines.push(codeFence(filter), "");
  }
  lines.push("");
  return lines.join("\n");
}

/** Renders the worklog, brief unless `detail: "full"`. Pure: the same report gives the same bytes. */
export function renderWorklog(report: Report, worklogOptions: WorklogOptions = {}): string {
  const options = { ...DEFAULTS, ...worklogOptions };
  return options.detail === "full" ? renderFullWorklog(report, options) : renderBriefWorklog(report, options);
}

/** Every fact of every problem, with whole samples (`--worklog full`). */
function renderFullWorklog(report: Report, options: Required<WorklogOptions>): string {
  const actions = new Map((report.tracker?.actions ?? []).map((a) => [a.fingerprint, a]));
  const parts = [header(report, options), summary(report)];
  if (report.clusters.length > 0) {
    parts.push("## Clusters", "", clusterTable(report, actions), "");
    report.clusters.forEach((c, i) => parts.push(clusterSection(c, i, actions.get(c.cluster.fingerprint), options, dated(report))));
  }
  parts.push(skippedSection(report), sourcesSection(report));
  const tracker = trackerSection(report);
  if (tracker) parts.push(tracker);
  const notifications = notificationsSection(report);
  if (notifications) parts.push(notifications);
  parts.push(technicalContext(report, options));
  return `${parts.join("\n").trimEnd()}\n`;
}

// ---- the brief worklog ---------------------------------------------------------------------------
// What a person reads in a minute: what needs them today, one table row per problem, and a few
// lines per problem. Whole entries, every template and per-minute counts are in the JSON report and
// the HTML page; `--worklog full` renders them here too.

/** Lines and characters of the one sample line(s) a brief section quotes. */
const GIST_LINES = 3;
const GIST_LINE_CHARS = 100;
/** Characters of one symptom template or merge reason in a brief section. */
const SYMPTOM_CHARS = 80;
/** Templates listed as symptoms of one problem; the rest are counted. */
const SYMPTOM_TEMPLATES = 3;
/** Problems the summary names by priority before "and N more". */
const SUMMARY_ITEMS = 5;

const byteLength = (value: string): number => new TextEncoder().encode(value).length;

/** Why a person should look today: P0/P1, new, escalated or regressed; undefined when none applies. */
function attention(judged: JudgedCluster): string[] {
  const why: string[] = [];
  if (isSetAside(judged.issue)) return why;
  if (judged.priority === "P0" || judged.priority === "P1") why.push(judged.priority);
  if (judged.category === "new") why.push("new");
  if (judged.escalation) why.push(`escalated from ${judged.escalation.from}`);
  if (judged.category === "regression") why.push("regressed");
  return why;
}

/** A link written once at the foot of the page (`[#1171]: https://…`), so a row carries 7 characters, not 60. */
function issueRef(issue: { readonly number: number; readonly url?: string } | undefined, links: Map<number, string>): string {
  if (!issue) return "";
  if (issue.url && /^https:\/\/[^\s()<>[\]]+$/.test(issue.url)) {
    links.set(issue.number, issue.url);
    return `[#${issue.number}]`;
  }
  return `#${issue.number}`;
}

/** `00:52` when the whole window is one day (the header says which), `09-14 18:00` otherwise. */
function shortTimes(report: Report): (time: string | undefined) => string {
  const days = new Set(report.clusters.flatMap((c) => [c.cluster.stats.firstSeen, c.cluster.stats.lastSeen]).filter(Boolean).map((t) => formatTime(t).slice(0, 10)));
  return (time) => {
    if (!time) return "–";
    const full = formatTime(time);
    return days.size <= 1 ? full.slice(11, 16) : `${full.slice(5, 10)} ${full.slice(11, 16)}`;
  };
}

/** Whether the window has a length: undated entries give counts, not rates. */
function dated(report: Report): boolean {
  return Boolean(report.window.start && report.window.end);
}

/** A rate only when the window has a length. */
function rateText(report: Report, judged: JudgedCluster): string {
  return dated(report) ? formatRatePerUnit(judged.ratePerMinute) : "–";
}

function briefHeader(report: Report): string {
  const { window, totals } = report;
  const services = report.services.length > 0 ? report.services.map((s) => s.name) : report.query.services;
  const inputs = report.sources.map((source) => baseName(source.input));
  const title = services.length > 0 ? services.map(text).join(", ") : inputs.length > 0 ? inputs.map(text).join(", ") : "no service";
  const filtered = totalOf(totals.filtered);
  const span =
    window.start && window.end
      ? `${formatSpan(window.start, window.end)} (${formatDuration(window.minutes)}, ${window.basis === "flags" ? "as asked" : "span of the data read"})`
      : "not known: no kept entry had a timestamp, so no rates are given";
  const lines = [
    `# Log worklog: ${title} · ${text(window.label)}`,
    "",
    ...(incompleteBanner(report) ? [incompleteBanner(report)] : []),
    `- **Window**: ${span}`,
    `- **Entries**: ${formatCount(totals.read)} read, ${formatCount(totals.kept)} kept at ${report.query.minSeverity} or above, ${formatCount(totalOf(totals.skipped))} skipped, ${formatCount(filtered)} filtered${filtered > 0 ? ` (${filteredReasons(report)})` : ""}; read ${readSummary(report)}`,
    ...minerBounds(report).map(([name, value]) => `- **${name}**: ${value}`),
    `- **Generated**: ${formatTime(report.generatedAt)} by log-gardener ${report.tool.version.replace(/[^\w.+-]/g, "")}`,
    "",
  ];
  return lines.join("\n");
}

function briefSummary(report: Report, actions: ReadonlyMap<string, TrackerActionOutcome>, links: Map<number, string>): string {
  const { clusters, totals } = report;
  const lines = ["## Needs a person today", ""];
  if (totals.kept === 0) return [...lines, nothingKept(report), ""].join("\n");
  const needing = clusters.map((c, index) => ({ c, index, why: attention(c) })).filter((item) => item.why.length > 0);
  for (const { c, index, why } of needing.slice(0, SUMMARY_ITEMS)) {
    const issue = issueRef(actions.get(c.cluster.fingerprint)?.issue, links);
    const service = c.cluster.service ? ` · ${code(c.cluster.service)}` : "";
    const rate = rateText(report, c);
    lines.push(
      `- **${why.join(", ")}** · ${index + 1}. ${text(c.cluster.name)}${service}: ${plural(c.cluster.stats.count, "entry", "entries")}${rate === "–" ? "" : `, ${rate}`}${issue ? ` · ${issue}` : ""}`,
    );
  }
  if (needing.length > SUMMARY_ITEMS) lines.push(`- and ${plural(needing.length - SUMMARY_ITEMS, "more problem")} that need a look: see the table and the JSON report.`);
  if (needing.length === 0) lines.push("- Nothing: no problem is new, escalated, regressed or at P0/P1.");
  const rest = clusters.length - needing.length;
  lines.push(
    `- ${plural(clusters.length, "problem")} in ${plural(totals.kept, "kept entry", "kept entries")} (${countsBy(clusters, PRIORITIES, (c) => c.priority)})${rest > 0 && needing.length > 0 ? `; ${formatCount(rest)} of them ${rest === 1 ? "needs" : "need"} no one today` : ""}.`,
  );
  const setAside = setAsideLine(report);
  if (setAside) lines.push(setAside);
  if (report.tracker) lines.push(`- Tracker: ${trackerSummary(report)}.`);
  if (!report.complete) lines.push("- **The read was incomplete**: see the warning above.");
  lines.push("");
  return lines.join("\n");
}

/**
 * One row per problem in table order (priority, then count) while the table stays within `maxBytes`;
 * the rest are counted in a line below it (a long tail of one-off templates is tens of thousands of
 * rows, which belong in the JSON report and the HTML page, not in a page read in a minute).
 */
function briefTable(report: Report, actions: ReadonlyMap<string, TrackerActionOutcome>, links: Map<number, string>, maxBytes: number): string {
  const when = shortTimes(report);
  const lines = ["## Problems", "", "| # | P | Service | Problem | Count | Rate | First seen | Last seen | Category | Issue |", "|--:|---|---|---|--:|--:|---|---|---|---|"];
  let budget = maxBytes - byteLength(lines.join("\n"));
  let listed = 0;
  for (const [i, c] of report.clusters.entries()) {
    const s = c.cluster.stats;
    const issue = actions.get(c.cluster.fingerprint)?.issue;
    const rowLinks = new Map<number, string>();
    const row = markdownTableRow([String(i + 1), c.priority, c.cluster.service ? text(c.cluster.service) : "–", text(c.cluster.name), formatCount(s.count), rateText(report, c), when(s.firstSeen), when(s.lastSeen), c.category, issueCell(c, issueRef(issue, rowLinks))]);
    budget -= byteLength(row) + 1;
    if (budget < 0) break;
    for (const [number, url] of rowLinks) links.set(number, url);
    lines.push(row);
    listed += 1;
  }
  if (listed < report.clusters.length) {
    lines.push("", `${moreProblems(report.clusters.slice(listed))} past the table's share of ${code("report.worklogMaxBytes")}: every one is in the JSON report.`);
  }
  lines.push("");
  return lines.join("\n");
}

/** A few lines of the first sample: its message (or request line), cut to `GIST_LINES` × `GIST_LINE_CHARS`. */
function gistLines(cluster: IssueCluster): { lines: string[]; when?: string; severity?: string } | undefined {
  const sample = cluster.samples[0];
  if (sample === undefined) return undefined;
  const gist = sampleGist(sample);
  const request = gist && gist["url"] !== undefined ? `${gist["request"] ?? ""} ${gist["url"]}${gist["status"] !== undefined ? ` → ${gist["status"]}` : ""}`.trim() : undefined;
  const message = typeof sample === "string" ? sample : gist?.["message"] !== undefined ? String(gist["message"]) : request;
  if (message === undefined) return undefined;
  const all = [...(request !== undefined && message !== request ? [request] : []), ...stripControl(message).split("\n")].map((line) => line.trimEnd()).filter((line) => line.trim() !== "");
  const lines = all.slice(0, GIST_LINES).map((line) => (line.length > GIST_LINE_CHARS ? `${line.slice(0, GIST_LINE_CHARS - 1)}…` : line));
  if (all.length > GIST_LINES) lines.push(`… ${plural(all.length - GIST_LINES, "more line")}`);
  const when = gist?.["timestamp"];
  const severity = gist?.["severity"];
  return { lines, ...(when !== undefined ? { when: String(when) } : {}), ...(severity !== undefined ? { severity: String(severity) } : {}) };
}

function symptomsText(cluster: IssueCluster): string {
  const parts = cluster.templates.slice(0, SYMPTOM_TEMPLATES).map((t) => `${formatCount(t.count)} × ${code(truncateText(t.template, SYMPTOM_CHARS))}`);
  if (cluster.templates.length > SYMPTOM_TEMPLATES) parts.push(`${plural(cluster.templates.length - SYMPTOM_TEMPLATES, "more template")}`);
  return parts.join("; ");
}

function briefSection(judged: JudgedCluster, index: number, action: TrackerActionOutcome | undefined, links: Map<number, string>, options: Required<WorklogOptions>): string {
  const { cluster } = judged;
  const { stats } = cluster;
  const issue = issueRef(action?.issue, links);
  const location = locationText(cluster);
  // count, rate, service and times are in the table row; the section adds what the row cannot say
  const facts = [
    severityText(cluster),
    judged.trend.kind === "new" || judged.trend.kind === "no_baseline" ? undefined : trendShort(judged.trend),
    isSetAside(judged.issue) ? issueCell(judged, issue) : action ? `${issue ? `${issue} ` : ""}${actionWord(action)}` : issue || undefined,
    location === "not given" ? undefined : location,
    stats.revisions.length > 1 ? `${plural(stats.revisions.length, "revision")}, first ${code(stats.firstRevision ?? stats.revisions[0]?.name ?? "")}` : undefined,
  ].filter((part): part is string => part !== undefined && part !== "");
  const lines = [`### ${index + 1}. ${judged.priority} · ${text(cluster.name)}`, "", facts.join(" · "), ""];
  lines.push(`- **Why ${judged.priority}**: ${priorityText(judged)}${judged.escalation ? ` (escalated from ${judged.escalation.from})` : ""}`);
  if (judged.category !== "other") lines.push(`- **${judged.category}**: ${judgeText(judged.categoryReason.replace(/^[a-z-]+: /, ""))}`);
  const cause = [
    ...(stats.errorTypes.length > 0 ? [`error types ${listNames(stats.errorTypes, options.maxListed)}`] : []),
    ...(stats.httpStatuses.length > 0 ? [`HTTP ${listNames(stats.httpStatuses, options.maxListed)}`] : []),
  ];
  // one template is the name and the sample already; several are the symptoms of one cause
  if (cluster.templates.length > 1 || cause.length > 0) {
    const merged = cluster.mergeReasons.length > 0 ? ` (merged: ${text(truncateText(cluster.mergeReasons.join("; "), SYMPTOM_CHARS))})` : "";
    lines.push(`- **Symptoms**: ${[...(cluster.templates.length > 1 ? [symptomsText(cluster)] : []), ...cause].join("; ")}${merged}`);
  }
  const problemLinks = linksMarkdown(judged.links, text);
  if (problemLinks) lines.push(`- **Links**: ${problemLinks}`);
  const gist = gistLines(cluster);
  if (gist) {
    const about = [gist.when ? formatTime(gist.when) : undefined, gist.severity].filter(Boolean).join(", ");
    const head = `- **Sample**${about ? ` (${about})` : ""}:`;
    const only = gist.lines[0];
    if (gist.lines.length === 1 && only !== undefined) lines.push(`${head} ${code(only)}`, "");
    else lines.push(head, "", indent(codeFence(gist.lines.join("\n"), "text")), "");
  } else {
    lines.push("");
  }
  return lines.join("\n");
}

const indent = (block: string): string => block.split("\n").map((line) => (line === "" ? line : `  ${line}`)).join("\n");

function actionWord(action: TrackerActionOutcome): string {
  if (action.status === "failed") return "tracker write failed";
  if (action.status === "deferred" || action.kind === "defer") return "deferred (creation cap)";
  if (action.status === "unchanged" || action.kind === "none") return "unchanged";
  const done: Record<TrackerActionOutcome["kind"], string> = { create: "created", comment: "commented", "edit-comment": "comment edited", update: "updated", reopen: "reopened", "close-duplicate": "closed as a duplicate", close: "closed (quiet)", defer: "deferred", none: "unchanged" };
  return action.status === "planned" ? `would be ${done[action.kind]}` : done[action.kind];
}

function briefFooter(report: Report, omitted: number): string {
  const lines = ["## Read", ""];
  for (const s of report.sources) lines.push(`- ${code(s.input)} (${s.format}): ${describeCompleteness(s)}`);
  if (report.sources.length === 0) lines.push("- nothing was read");
  const skipped = Object.entries(report.totals.skipped).filter((e): e is [string, number] => (e[1] ?? 0) > 0);
  if (skipped.length > 0) lines.push(`- Skipped: ${skipped.map(([reason, n]) => `${formatCount(n)} ${code(reason)}`).join(", ")}`);
  for (const filter of report.query.filters) lines.push(`- Cloud Logging filter: ${code(filter)}`);
  if (omitted > 0) lines.push(`- Problems without a section here: ${formatCount(omitted)} (size bound ${code("report.worklogMaxBytes")}).`);
  lines.push(`- Whole samples, every template and per-minute counts: the JSON report beside this file, the HTML page, or ${code("--worklog full")}.`);
  lines.push("");
  return lines.join("\n");
}

function linkDefinitions(links: ReadonlyMap<number, string>): string {
  if (links.size === 0) return "";
  return `${[...links].sort((a, b) => a[0] - b[0]).map(([number, url]) => `[#${number}]: ${url}`).join("\n")}\n`;
}

/**
 * Header, what needs a person, the table, then a short section per problem while the page stays
 * under `maxBytes`: P0/P1 first, then new, escalated and regressed ones, then the rest; shown in
 * table order.
 */
function renderBriefWorklog(report: Report, options: Required<WorklogOptions>): string {
  const actions = new Map((report.tracker?.actions ?? []).map((a) => [a.fingerprint, a]));
  const links = new Map<number, string>();
  const head = [briefHeader(report), briefSummary(report, actions, links)];
  // the table may take three quarters of the page (75 rows fit the default); the problem sections share what is left
  const tableBytes = Math.floor((options.maxBytes * 3) / 4);
  if (report.clusters.length > 0) head.push(briefTable(report, actions, links, tableBytes));
  const rank = (c: JudgedCluster): number => (c.priority === "P0" || c.priority === "P1" ? 0 : attention(c).length > 0 ? 1 : 2);
  const order = report.clusters.map((c, i) => ({ i, first: rank(c) })).sort((a, b) => a.first - b.first || a.i - b.i);
  let budget = options.maxBytes - byteLength(head.join("\n")) - byteLength(briefFooter(report, report.clusters.length)) - byteLength(linkDefinitions(links)) - byteLength(notificationsSection(report) ?? "") - 200;
  const shown = new Set<number>();
  // Sections are tried in order, a larger one skipped for smaller ones after it, until the budget is
  // below the smallest seen: past that, rendering the rest of a long tail is work for nothing.
  let smallest = Number.POSITIVE_INFINITY;
  for (const { i } of order) {
    if (budget < smallest && Number.isFinite(smallest)) break;
    const c = report.clusters[i] as JudgedCluster;
    // a section pays for the link definitions it adds at the foot of the page
    const sectionLinks = new Map<number, string>();
    const section = briefSection(c, i, actions.get(c.cluster.fingerprint), sectionLinks, options);
    for (const number of links.keys()) sectionLinks.delete(number);
    const size = byteLength(section) + 1 + byteLength(linkDefinitions(sectionLinks));
    smallest = Math.min(smallest, size);
    if (size > budget) continue;
    budget -= size;
    for (const [number, url] of sectionLinks) links.set(number, url);
    shown.add(i);
  }
  // links are written for shown sections only: recollect them from what is printed
  const printedLinks = new Map<number, string>();
  const finalHead = [briefHeader(report), briefSummary(report, actions, printedLinks), ...(report.clusters.length > 0 ? [briefTable(report, actions, printedLinks, tableBytes)] : [])];
  const parts = [...finalHead];
  if (shown.size > 0) parts.push("## Details", "", ...report.clusters.flatMap((c, i) => (shown.has(i) ? [briefSection(c, i, actions.get(c.cluster.fingerprint), printedLinks, options)] : [])));
  const notifications = notificationsSection(report);
  if (notifications) parts.push(notifications);
  parts.push(briefFooter(report, report.clusters.length - shown.size));
  const definitions = linkDefinitions(printedLinks);
  return `${parts.join("\n").trimEnd()}\n${definitions ? `\n${definitions}` : ""}`;
}

/** A row only when the miner's bounds cut in, so that a reader knows some templates are partial or gone. */
function minerBounds(report: Report): [string, string][] {
  const miner = report.miner;
  if (miner === undefined || miner.evictions + miner.truncatedLines + miner.truncatedTokens === 0) return [];
  return [[
    "Miner bounds",
    `${formatCount(miner.templates)} templates from ${formatCount(miner.shapes)} shapes held · ${formatCount(miner.evictions)} shapes evicted (miner.maxClusters) · ${formatCount(miner.truncatedLines + miner.truncatedTokens)} messages mined on a prefix`,
  ]];
}
