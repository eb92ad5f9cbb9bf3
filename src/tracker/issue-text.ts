// Titles, bodies and comments for issues, as safe Markdown within GitHub's limits.
// Untrusted log text only ever appears inside code fences it cannot close, inline code, or
// markdownText (no HTML, links, @mentions or #references).
import { trimInvisible } from "../model/invisible.js";
import type { Category, JudgedCluster, Priority } from "../model/judgement.js";
import type { RunWindow } from "../model/window.js";
import type { Severity } from "../model/severity.js";
import { severityRank } from "../model/severity.js";
import { codeFence, inlineCode, markdownTableRow, markdownText, stripControl } from "../report/escape.js";
import { linksMarkdown } from "../report/links.js";
import { formatCount, formatDuration, formatMinutes, formatRate, formatRatePerUnit, plural } from "../model/figures.js";
import { formatSpan, formatTime } from "../report/worklog-format.js";
import type { CommentMarker, IssueMarker } from "./marker.js";
import { renderCommentMarker, renderIssueMarker } from "./marker.js";

/** GitHub rejects longer titles (422). */
export const GITHUB_TITLE_LIMIT = 256;
/** GitHub rejects longer bodies and comments (422 "body is too long (maximum is 65536 characters)"). */
export const GITHUB_BODY_LIMIT = 65_536;
/** One sample rendered as JSON is cut here, so one huge entry cannot crowd out the rest. */
const MAX_SAMPLE_CHARS = 4_000;
/** Templates shown in a body; clusters merge a handful at most, the rest are counted. */
const MAX_TEMPLATES_SHOWN = 5;

export const SUMMARY_START = "<!-- log-gardener:summary -->";
export const SUMMARY_END = "<!-- /log-gardener:summary -->";

export interface TextOptions {
  readonly maxSamples: number;
  /** At most GITHUB_BODY_LIMIT. */
  readonly maxBodyChars: number;
}

export interface RelatedLink {
  /** An issue number in the same repository, or none when the related cluster has no issue yet. */
  readonly issueNumber?: number;
  /** The related cluster, when its issue may be created earlier in the same run (apply fills the number in). */
  readonly fingerprint?: string;
  readonly text: string;
}

/** Where apply puts `#N: ` once the related cluster's issue exists; an HTML comment renders as nothing otherwise. */
export function relatedPlaceholder(fingerprint: string): string {
  return `<!-- log-gardener:related ${fingerprint} -->`;
}

/** Fills in issue numbers for related clusters whose issues were created earlier in this run. */
export function fillRelatedNumbers(body: string, issueOf: (fingerprint: string) => number | undefined): string {
  return body.replace(/<!-- log-gardener:related (lgfp[0-9a-f]+) -->/g, (placeholder, fp: string) => {
    const n = issueOf(fp);
    return n === undefined ? placeholder : `#${n}: `;
  });
}

/** Placeholders whose cluster got no issue: the line keeps its plain text. */
export function stripRelatedPlaceholders(body: string): string {
  return body.replace(/<!-- log-gardener:related lgfp[0-9a-f]+ -->/g, "");
}

const ZERO_WIDTH_SPACE = "\u200b";

/** Titles are plain text, but GitHub still links `#123` and notifies `@name` in them. */
function neutraliseTitleText(text: string): string {
  return stripControl(text)
    .replace(/[\r\n\t]+/g, " ")
    .replace(/@(?=[\w-])/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`);
}

function truncateCodePoints(text: string, max: number, ellipsis = "…"): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - ellipsis.length)).join("") + ellipsis;
}

export function issueTitle(category: Category, priority: Priority, name: string): string {
  const prefix = `GCP-${category} | ${priority} | `;
  return prefix + truncateCodePoints(trimInvisible(neutraliseTitleText(name)), GITHUB_TITLE_LIMIT - prefix.length);
}

const TITLE_PATTERN = /^GCP-(?<category>new|regression|active-dev|other) \| (?<priority>P[0-3]) \| (?<name>.*)$/s;

/** Reads back a title we wrote; a title a human rewrote gives undefined, and its priority is then read from labels. */
export function parseIssueTitle(title: string): { category: Category; priority: Priority; name: string } | undefined {
  const groups = TITLE_PATTERN.exec(title)?.groups;
  if (!groups) return undefined;
  return { category: groups["category"] as Category, priority: groups["priority"] as Priority, name: groups["name"] ?? "" };
}

/** Replaces the priority and category in one of our titles, keeping a name a human may have edited. */
export function retitle(title: string, category: Category, priority: Priority): string {
  const parsed = parseIssueTitle(title);
  return parsed ? issueTitle(category, priority, parsed.name) : title;
}

export function windowText(window: RunWindow): string {
  const span = window.start && window.end ? ` (${formatSpan(window.start, window.end)})` : "";
  return `${inlineCode(window.label)}${span}`;
}

/** Most severe first: `CRITICAL 67, ERROR 67`. */
function severityText(judged: JudgedCluster): string {
  const entries = (Object.entries(judged.cluster.stats.severityCounts) as [Severity, number | undefined][]).filter(([, n]) => (n ?? 0) > 0);
  entries.sort(([a], [b]) => severityRank(b) - severityRank(a));
  return entries.map(([severity, n]) => `${severity} ${formatCount(n ?? 0)}`).join(", ");
}

function figuresText(judged: JudgedCluster, window: RunWindow): string {
  const stats = judged.cluster.stats;
  const peak = stats.peakMinute ? `; peak ${formatCount(stats.peakMinute.count)} in ${stats.peakMinute.minute}` : "";
  // The same minutes as the judge's reasons ("1,802 in 59.96 min"), so the figures agree on the page.
  return `**${formatCount(stats.count)}** ${stats.count === 1 ? "entry" : "entries"} (${severityText(judged)}) in ${formatDuration(window.minutes)} = ${formatRatePerUnit(judged.ratePerMinute)}${peak}`;
}

function revisionsText(judged: JudgedCluster): string {
  const revisions = judged.cluster.stats.revisions;
  if (revisions.length === 0) return "unknown";
  return revisions.slice(0, 5).map((r) => `${inlineCode(r.name)} (${formatCount(r.count)})`).join(", ") + (revisions.length > 5 ? `, and ${revisions.length - 5} more` : "");
}

export function sourceText(judged: JudgedCluster): string {
  const source = judged.cluster.source;
  if (!source) return judged.cluster.logger ? `logger ${inlineCode(judged.cluster.logger)}` : "unknown";
  const where = [source.file && `${source.file}${source.line !== undefined ? `:${source.line}` : ""}`, source.module, source.function && `${source.function}()`].filter(Boolean);
  return where.map((w) => inlineCode(String(w))).join(" · ") || "unknown";
}

export function trendText(judged: JudgedCluster): string {
  const trend = judged.trend;
  switch (trend.kind) {
    case "new":
      return "new: not seen in earlier runs";
    case "no_baseline":
      return "no baseline yet";
    case "rising":
    case "steady":
    case "falling":
      return `${trend.kind}: ${Math.round(trend.factor * 10) / 10}× the baseline of ${formatRatePerUnit(trend.baselineRate)}`;
  }
}

/** The judge's reason without its leading `P1: `, which the text around it already says. */
function reasonText(reason: string): string {
  return reason.replace(/^P[0-3]:\s*/, "");
}

/** The judge's reason; a held priority in plain words (until when, in UTC, and what the rules say now). */
function priorityText(judged: JudgedCluster): string {
  const held = judged.heldPriority;
  if (!held) return markdownText(reasonText(judged.priorityReason));
  const rules = judged.reasons.find((r) => r.startsWith(`${held.rulesSaid}: `));
  return `held until ${formatTime(held.until)} (cooldown: a priority is not lowered automatically); the rules now say ${held.rulesSaid}${rules ? `: ${markdownText(reasonText(rules))}` : ""}`;
}


/** The block of current facts kept up to date in the issue body (everything outside it belongs to humans). */
export function summaryBlock(judged: JudgedCluster, shown: { priority: Priority; category: Category }, window: RunWindow): string {
  const stats = judged.cluster.stats;
  const rows: [string, string][] = [
    ["Priority", `${shown.priority}: ${priorityText(judged)}`],
    ["Category", shown.category],
    ["Latest window", windowText(window)],
    ["Entries", figuresText(judged, window)],
    ["Users · connections · instances", `${formatCount(stats.distinctUsers)} · ${formatCount(stats.distinctConnections)} · ${formatCount(stats.instances)}`],
    ["Last seen", formatTime(stats.lastSeen)],
    ["Revisions", revisionsText(judged)],
  ];
  const table = rows.map((row) => markdownTableRow(row)).join("\n");
  return `${SUMMARY_START}\n| | |\n|---|---|\n${table}\n${SUMMARY_END}`;
}

/** Puts a fresh summary block in place of the old one, or appends it when a human removed it. */
export function replaceSummary(body: string, summary: string): string {
  const start = body.indexOf(SUMMARY_START);
  const end = body.indexOf(SUMMARY_END, start);
  if (start >= 0 && end > start) return body.slice(0, start) + summary + body.slice(end + SUMMARY_END.length);
  return `${body}\n\n${summary}`;
}

export function currentSummary(body: string): string | undefined {
  const start = body.indexOf(SUMMARY_START);
  const end = body.indexOf(SUMMARY_END, start);
  return start >= 0 && end > start ? body.slice(start, end + SUMMARY_END.length) : undefined;
}

function sampleBlocks(samples: readonly unknown[], max: number): string[] {
  return samples.slice(0, max).map((sample) => {
    const json = typeof sample === "string" ? sample : JSON.stringify(sample, null, 2) ?? String(sample);
    return codeFence(truncateCodePoints(json, MAX_SAMPLE_CHARS, "\n… (cut)"), typeof sample === "string" ? "" : "json");
  });
}

/** Joins sections in order, dropping optional ones (last first) and cutting samples so the text fits the budget. */
function fitSections(required: readonly string[], optional: readonly string[], budget: number): string {
  const head = required.join("\n\n");
  const kept: string[] = [];
  let used = head.length;
  for (const section of optional) {
    if (used + 2 + section.length <= budget) {
      kept.push(section);
      used += 2 + section.length;
    }
  }
  const text = [head, ...kept].join("\n\n");
  // The required part alone can only exceed the budget with absurd names; cut it and close nothing (no fences there).
  return text.length <= budget ? text : truncateCodePoints(text, budget);
}

export interface IssueBodyInput {
  readonly judged: JudgedCluster;
  readonly marker: IssueMarker;
  readonly shown: { readonly priority: Priority; readonly category: Category };
  readonly window: RunWindow;
  readonly firstSeen?: string;
  readonly firstRevision?: string;
  readonly related: readonly RelatedLink[];
  /** A closed issue this one continues (regression filed as a new issue). */
  readonly regressionOf?: number;
  /** An issue this one replaces because it was deleted or transferred away. */
  readonly refiledFor?: number;
}

export function issueBody(input: IssueBodyInput, options: TextOptions): string {
  const { judged, window } = input;
  const cluster = judged.cluster;
  const stats = cluster.stats;
  const required = [
    renderIssueMarker(input.marker),
    `## ${markdownText(cluster.name)}`,
    ...(input.regressionOf !== undefined ? [`Regression of #${input.regressionOf}: the problem came back after that issue was closed.`] : []),
    ...(input.refiledFor !== undefined ? [`Filed afresh: #${input.refiledFor}, which tracked this problem, was deleted or transferred out of this repository.`] : []),
    summaryBlock(judged, input.shown, window),
  ];
  const impact = [
    "### Impact",
    `- ${figuresText(judged, window)}; ${Math.round(judged.share * 1000) / 10}% of the entries kept in this run.`,
    `- ${plural(stats.distinctUsers, "distinct user")}, ${plural(stats.distinctConnections, "connection")}, ${plural(stats.instances, "instance")}.`,
    `- Trend: ${trendText(judged)}.`,
    `- Why ${input.shown.priority}: ${markdownText(reasonText(judged.priorityReason))}`,
    // The trend has its own line above; its reason would say it again.
    ...judged.reasons.filter((r) => r !== judged.priorityReason && !r.startsWith("trend:")).slice(0, 5).map((r) => `- ${markdownText(r)}`),
  ].join("\n");
  const templates = cluster.templates.slice(0, MAX_TEMPLATES_SHOWN);
  const behaviour = [
    "### Current behaviour",
    `What the service logs (${cluster.templates.length} template${cluster.templates.length === 1 ? "" : "s"}; \`<*>\` marks a variable part):`,
    codeFence(templates.map((t) => `[${t.maxSeverity} ×${t.count}] ${t.template}`).join("\n")),
    ...(cluster.templates.length > templates.length ? [`and ${cluster.templates.length - templates.length} more templates.`] : []),
    ...(stats.errorTypes.length > 0 ? [`Error types: ${stats.errorTypes.slice(0, 5).map((e) => `${inlineCode(e.name)} (${e.count})`).join(", ")}`] : []),
    ...(stats.httpStatuses.length > 0 ? [`HTTP statuses: ${stats.httpStatuses.slice(0, 5).map((e) => `${inlineCode(e.name)} (${e.count})`).join(", ")}`] : []),
  ].join("\n\n");
  const problem = problemSection(judged);
  const source = ["### Source location", sourceText(judged)].join("\n\n");
  // Links (Logs Explorer query, trace, source at the commit): computed once by the pipeline.
  const links = linksMarkdown(judged.links, markdownText);
  const linksSection = links ? ["### Links", links].join("\n\n") : "";
  const firstSeen = [
    "### First seen",
    `${formatTime(input.firstSeen ?? stats.firstSeen)} in revision ${input.firstRevision ?? stats.firstRevision ? inlineCode(input.firstRevision ?? stats.firstRevision ?? "") : "unknown"}.`,
  ].join("\n\n");
  const related = input.related.length > 0 ? ["### Related", ...input.related.map(relatedLine)].join("\n") : "";
  const samples = sampleBlocks(cluster.samples, options.maxSamples);
  const samplesSection = samples.length > 0 ? ["### Samples", ...samples].join("\n\n") : "";
  const footer = "---\n<sub>Filed by log-gardener from Cloud Logging entries. The summary block is kept current by later runs; everything else here is yours to edit.</sub>";
  const optional = [impact, problem, behaviour, source, linksSection, firstSeen, related, samplesSection, footer].filter((s) => s.length > 0);
  return fitSections(required, optional, Math.min(options.maxBodyChars, GITHUB_BODY_LIMIT));
}

/** Symptoms, routes and instances listed in a body; the rest are counted. */
const MAX_SYMPTOMS_SHOWN = 10;
const MAX_ROUTES_SHOWN = 10;
const MAX_INSTANCES_SHOWN = 5;
const MAX_REASONS_SHOWN = 5;

function countsText(counts: readonly { name: string; count: number }[], max: number): string {
  return counts.slice(0, max).map((c) => `${inlineCode(c.name)} (${formatCount(c.count)})`).join(", ") + (counts.length > max ? `, and ${counts.length - max} more` : "");
}

/**
 * The problem behind the templates: its cause (or root), each symptom with its count and share,
 * routes and statuses, instances, revisions, when it started and stopped, and why it is one problem.
 * Empty for a one-template problem with nothing more to say than the rest of the body.
 */
export function problemSection(judged: JudgedCluster): string {
  const problem = judged.cluster.problem;
  if (problem === undefined) return "";
  const stats = judged.cluster.stats;
  const lines = ["### The problem"];
  lines.push(`${problem.causeStated ? "Cause" : "Root"}: ${inlineCode(problem.cause.template)}`);
  if (problem.symptoms.length > 1) {
    const shown = problem.symptoms.slice(0, MAX_SYMPTOMS_SHOWN);
    lines.push(
      ["| symptom | entries | share |", "|---|---:|---:|", ...shown.map((s) => markdownTableRow([inlineCode(s.template), formatCount(s.count), `${Math.round(s.share * 1000) / 10}%`]))].join("\n") +
        (problem.symptoms.length > shown.length ? `\n\nand ${problem.symptoms.length - shown.length} more symptoms.` : ""),
    );
  }
  const facts: string[] = [];
  if (problem.routes.length > 0) facts.push(`- Routes (${formatCount(problem.routes.length)}): ${countsText(problem.routes, MAX_ROUTES_SHOWN)}`);
  if (problem.statuses.length > 0) facts.push(`- Statuses: ${countsText(problem.statuses, 5)}`);
  if (stats.instances > 0) facts.push(`- Instances (${formatCount(stats.instances)}): ${countsText(problem.instances.map((i) => ({ ...i, name: i.name.length > 16 ? `${i.name.slice(0, 8)}…${i.name.slice(-6)}` : i.name })), MAX_INSTANCES_SHOWN)}`);
  if (problem.revisions.length > 0) facts.push(`- Revisions: ${countsText(problem.revisions, 5)}`);
  if (problem.startedAt !== undefined) facts.push(`- Started ${formatTime(problem.startedAt)}, last seen ${formatTime(problem.stoppedAt)}`);
  if (facts.length > 0) lines.push(facts.join("\n"));
  const reasons = judged.cluster.mergeReasons;
  if (reasons.length > 0) {
    lines.push(["One problem because:", ...reasons.slice(0, MAX_REASONS_SHOWN).map((r) => `- ${markdownText(r)}`), ...(reasons.length > MAX_REASONS_SHOWN ? [`- and ${reasons.length - MAX_REASONS_SHOWN} more`] : [])].join("\n"));
  }
  return lines.join("\n\n");
}

function relatedLine(link: RelatedLink): string {
  const text = markdownText(link.text);
  if (link.issueNumber !== undefined) return `- #${link.issueNumber}: ${text}`;
  return link.fingerprint !== undefined ? `- ${relatedPlaceholder(link.fingerprint)}${text}` : `- ${text}`;
}

export interface CommentInput {
  readonly judged: JudgedCluster;
  readonly marker: CommentMarker;
  readonly window: RunWindow;
  /** The previous run's figures for this cluster, when known. */
  readonly previous?: { readonly count: number; readonly ratePerMinute: number; readonly window?: string };
  /** One line each: priority raised, reopened, held by cooldown. */
  readonly changes: readonly string[];
  readonly newSamples: readonly unknown[];
}

function optionalLine(value: string | undefined, line: (value: string) => string): string[] {
  return value === undefined ? [] : [line(value)];
}

export function commentBody(input: CommentInput, options: TextOptions): string {
  const { judged, window } = input;
  const previous = input.previous
    ? `Previous run${input.previous.window ? ` (${inlineCode(input.previous.window)})` : ""}: ${formatCount(input.previous.count)} entries, ${formatRatePerUnit(input.previous.ratePerMinute)}.`
    : "No earlier run on record.";
  const required = [
    renderCommentMarker(input.marker),
    `**Seen in** ${windowText(window)}: ${figuresText(judged, window)}.`,
    [
      ...input.changes.map((c) => `- ${c}`),
      `- Trend: ${trendText(judged)}. ${previous}`,
      `- Revisions: ${revisionsText(judged)}`,
      ...optionalLine(linksMarkdown(judged.links, markdownText), (links) => `- Links for this window: ${links}`),
    ].join("\n"),
  ];
  const earlier = input.marker.runs.slice(0, -1);
  const runsToday = earlier.length > 0
    ? ["Earlier runs today:", "| window | entries |", "|---|---|", ...earlier.map((r) => markdownTableRow([inlineCode(r.window), formatCount(r.count)]))].join("\n")
    : "";
  const samples = sampleBlocks(input.newSamples, options.maxSamples);
  const samplesSection = samples.length > 0 ? ["<details><summary>New samples</summary>", "", ...samples, "", "</details>"].join("\n\n") : "";
  return fitSections(required, [runsToday, samplesSection].filter((s) => s.length > 0), Math.min(options.maxBodyChars, GITHUB_BODY_LIMIT));
}
