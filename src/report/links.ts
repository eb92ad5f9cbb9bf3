// Links from a problem to where its evidence lives: the Logs Explorer with the query that selects
// its entries, Cloud Trace for a sampled trace, and the source line at the commit that ran. Pure.
import type { LinksConfig, SourceLinksConfig } from "../config/sections/links.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { ProblemLinks } from "../model/links.js";
import { SEVERITIES, severityRank, type Severity } from "../model/severity.js";

export interface LinkContext {
  /** The window the run read (RFC 3339); the cluster's first and last seen when absent. */
  readonly start?: string;
  readonly end?: string;
  /** The project when the sample does not say (a run over one project). */
  readonly project?: string;
  /** The resource type when the sample does not say (`cloud_run_revision`). */
  readonly resourceType: string;
  readonly config: LinksConfig;
}

/** Placeholders the miner and redaction put in templates (`<*>`, `<email:1a2b3c>`): never in the logged text. */
const PLACEHOLDER = /<[^<>\s]*>/;
/** Where a sample's message may be; the query searches the fields the samples use. */
const MESSAGE_FIELDS = ["textPayload", "jsonPayload.message", "jsonPayload.msg"] as const;

export function problemLinks(judged: JudgedCluster, ctx: LinkContext): ProblemLinks {
  const samples = judged.cluster.samples.filter(isRecord);
  const logs = logsLink(judged, samples, ctx);
  const trace = traceLink(samples, ctx.config.consoleUrl);
  const source = ctx.config.source ? sourceLink(judged, samples, ctx.config.source) : undefined;
  return { ...(logs ? { logs } : {}), ...(trace ? { trace } : {}), ...(source ? { source } : {}) };
}

function logsLink(judged: JudgedCluster, samples: readonly Record<string, unknown>[], ctx: LinkContext): ProblemLinks["logs"] {
  const project = samples.map(projectOf).find((p) => p !== undefined) ?? ctx.project;
  const start = ctx.start ?? judged.cluster.stats.firstSeen;
  const end = ctx.end ?? judged.cluster.stats.lastSeen;
  if (!project || !start || !end) return undefined;
  const query = logsQuery(judged, samples, { ...ctx, start, end });
  return { url: logsExplorerUrl(ctx.config.consoleUrl, project, query, start, end), project, query };
}

/**
 * One restriction a line, as the Logs Explorer writes queries (lines are ANDed): resource, service,
 * the lowest severity in the cluster, the time range, then the template's constant text.
 */
export function logsQuery(judged: JudgedCluster, samples: readonly Record<string, unknown>[], ctx: LinkContext & { start: string; end: string }): string {
  const { cluster } = judged;
  const resourceType = samples.map((s) => text(lookup(s, "resource.type"))).find((t) => t !== undefined) ?? ctx.resourceType;
  const lines = [`resource.type=${quote(resourceType)}`];
  if (cluster.service !== undefined) lines.push(`${serviceField(resourceType)}=${quote(cluster.service)}`);
  lines.push(`severity>=${lowestSeverity(cluster.stats.severityCounts)}`);
  lines.push(`timestamp>=${quote(ctx.start)}`, `timestamp<=${quote(ctx.end)}`);
  const textRestriction = cluster.kind === "http" ? httpRestriction(judged, samples, ctx.config) : messageRestriction(judged, samples, ctx.config);
  if (textRestriction) lines.push(textRestriction);
  return lines.join("\n");
}

/** Cloud Run services, revisions and jobs name themselves in different resource labels. */
function serviceField(resourceType: string): string {
  if (resourceType === "cloud_run_job") return "resource.labels.job_name";
  if (resourceType === "k8s_container") return "resource.labels.container_name";
  if (resourceType === "gae_app") return "resource.labels.module_id";
  return "resource.labels.service_name";
}

function lowestSeverity(counts: Readonly<Partial<Record<Severity, number>>>): Severity {
  const present = SEVERITIES.filter((s) => (counts[s] ?? 0) > 0);
  return present.sort((a, b) => severityRank(a) - severityRank(b))[0] ?? "DEFAULT";
}

/** The longest constant pieces of each template, in their order: `"timed out after"` of `… <*> timed out after <*> ms`. */
export function templateTerms(template: string, config: Pick<LinksConfig, "maxTextTerms" | "maxTermChars">): string[] {
  const firstLine = template.split("\n", 1)[0] ?? "";
  const pieces = firstLine
    .split(PLACEHOLDER)
    .map((piece, index) => ({ piece: piece.trim().slice(0, config.maxTermChars).trim(), index }))
    .filter(({ piece }) => piece.length >= 3 && /\p{L}/u.test(piece));
  const longest = [...pieces].sort((a, b) => b.piece.length - a.piece.length || a.index - b.index).slice(0, config.maxTextTerms);
  return longest.sort((a, b) => a.index - b.index).map(({ piece }) => piece);
}

function messageRestriction(judged: JudgedCluster, samples: readonly Record<string, unknown>[], config: LinksConfig): string | undefined {
  const used = MESSAGE_FIELDS.filter((field) => samples.some((s) => typeof lookup(s, field) === "string"));
  const fields = used.length > 0 ? used : (["textPayload", "jsonPayload.message"] as const);
  const templates = [...judged.cluster.templates].sort((a, b) => b.count - a.count).slice(0, config.maxTemplates);
  const perTemplate = templates
    .map((t) => templateTerms(t.template, config))
    .filter((terms) => terms.length > 0)
    .map((terms) => terms.map((term) => anyField(fields, term)).join(" AND "));
  const unique = [...new Set(perTemplate)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `(${unique.map((t) => `(${t})`).join(" OR ")})`;
}

function anyField(fields: readonly string[], term: string): string {
  const parts = fields.map((field) => `${field}:${quote(term)}`);
  return parts.length === 1 ? (parts[0] ?? "") : `(${parts.join(" OR ")})`;
}

/** Request logs: method and status exactly, the route's constant pieces in the URL. */
function httpRestriction(judged: JudgedCluster, samples: readonly Record<string, unknown>[], config: LinksConfig): string | undefined {
  const http = samples.map((s) => lookup(s, "httpRequest")).find(isRecord);
  const parts: string[] = [];
  const method = text(http?.requestMethod);
  if (method) parts.push(`httpRequest.requestMethod=${quote(method)}`);
  const status = typeof http?.status === "number" ? http.status : undefined;
  if (status !== undefined) parts.push(`httpRequest.status=${status}`);
  const route = judged.cluster.templates[0]?.template.split(" ")[1];
  if (route && route !== "-") for (const term of templateTerms(route, config)) parts.push(`httpRequest.requestUrl:${quote(term)}`);
  return parts.length > 0 ? parts.join("\n") : undefined;
}

/**
 * `https://console.cloud.google.com/logs/query;query=…;timeRange=START%2FEND?project=P`: the
 * Logs Explorer's documented link form, every reserved character of the query percent-encoded.
 */
export function logsExplorerUrl(consoleUrl: string, project: string, query: string, start: string, end: string): string {
  return `${origin(consoleUrl)}/logs/query;query=${strictEncode(query)};timeRange=${strictEncode(`${start}/${end}`)}?project=${strictEncode(project)}`;
}

/** encodeURIComponent leaves `( ) ! ' *`, which the console's matrix parameters read as syntax. */
function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(/[()!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function traceLink(samples: readonly Record<string, unknown>[], consoleUrl: string): ProblemLinks["trace"] {
  for (const sample of samples) {
    const match = /^projects\/([^/]+)\/traces\/([0-9a-f]{32})$/i.exec(text(sample.trace) ?? "");
    if (!match) continue;
    const [, project = "", traceId = ""] = match;
    return { url: `${origin(consoleUrl)}/traces/list?project=${strictEncode(project)}&tid=${traceId}`, traceId };
  }
  return undefined;
}

/** Where in its code a problem is raised: the cluster's source location, else the first template's that has one. */
function sourceLocation(judged: JudgedCluster) {
  return judged.cluster.source ?? judged.cluster.templates.find((t) => t.source?.file)?.source;
}

/** The problem's source file as a path in the repository (what CODEOWNERS is matched against), if it has one there. */
export function problemSourcePath(judged: JudgedCluster, stripPrefixes: readonly string[]): string | undefined {
  const file = sourceLocation(judged)?.file;
  return file ? repositoryPath(file, stripPrefixes) : undefined;
}

function sourceLink(judged: JudgedCluster, samples: readonly Record<string, unknown>[], config: SourceLinksConfig): ProblemLinks["source"] {
  const location = sourceLocation(judged);
  const path = problemSourcePath(judged, config.stripPathPrefixes);
  if (!path) return undefined;
  const commit = commitOf(judged, samples, config);
  if (!commit) return undefined;
  const line = location?.line;
  const url = config.urlTemplate
    .replace("{repository}", config.repository.replace(/\/+$/, ""))
    .replace("{commit}", encodeURIComponent(commit))
    .replace("{path}", path.split("/").map(encodeURIComponent).join("/"))
    .replace(/#?L?\{line\}/, (m) => (line === undefined ? "" : m.replace("{line}", String(line))));
  return { url, commit, path, ...(line !== undefined ? { line } : {}) };
}

/** A path inside the repository, or undefined for one outside it (a library in site-packages, say). */
export function repositoryPath(file: string, stripPrefixes: readonly string[]): string | undefined {
  let path = file.replace(/\\/g, "/");
  for (const prefix of stripPrefixes) {
    if (path.startsWith(prefix)) {
      path = path.slice(prefix.length);
      break;
    }
  }
  path = path.replace(/^\.\//, "");
  // Still absolute (another directory, a drive letter) or in installed libraries: not the repository's file.
  if (path.startsWith("/") || /^[A-Za-z]:\//.test(path) || path.split("/").includes("..") || /(^|\/)(site-packages|node_modules|dist-packages)\//.test(path)) return undefined;
  return path.length > 0 ? path : undefined;
}

/** The commit the sampled entry's service ran: the configured field of the entry, else its revision's mapping. */
function commitOf(judged: JudgedCluster, samples: readonly Record<string, unknown>[], config: SourceLinksConfig): string | undefined {
  if (config.commitField) {
    for (const sample of samples) {
      const value = text(lookup(sample, config.commitField));
      if (value && /^[0-9a-f]{7,40}$/i.test(value)) return value;
    }
  }
  const revisions = [
    ...samples.map((s) => text(lookup(s, "resource.labels.revision_name"))),
    ...judged.cluster.stats.revisions.map((r) => r.name),
  ];
  for (const revision of revisions) if (revision && config.revisions[revision]) return config.revisions[revision];
  return undefined;
}

function projectOf(sample: Record<string, unknown>): string | undefined {
  return text(lookup(sample, "resource.labels.project_id")) ?? /^projects\/([^/]+)\//.exec(text(sample.logName) ?? "")?.[1];
}

function origin(url: string): string {
  return url.replace(/\/+$/, "");
}

/** A Logging query string literal: backslash and double quote escaped. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function lookup(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(".")) {
    if (!isRecord(current)) return undefined;
    current = current[part];
  }
  return current;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A link destination that cannot end the Markdown link early (parentheses and spaces encoded). */
function markdownHref(url: string): string {
  return url.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** `[Logs Explorer](…) · [Cloud Trace](…) · [api/x.py:42 at 9fceb02](…)`, or undefined when there is no link. */
export function linksMarkdown(links: ProblemLinks | undefined, escapeText: (text: string) => string): string | undefined {
  if (!links) return undefined;
  const parts: string[] = [];
  if (links.logs) parts.push(`[Logs Explorer](${markdownHref(links.logs.url)})`);
  if (links.trace) parts.push(`[Cloud Trace](${markdownHref(links.trace.url)})`);
  if (links.source) parts.push(`[${escapeText(sourceLabel(links.source))}](${markdownHref(links.source.url)})`);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

/** `api/payments/provider.py:42 at 9fceb02`. */
export function sourceLabel(source: NonNullable<ProblemLinks["source"]>): string {
  return `${source.path}${source.line !== undefined ? `:${source.line}` : ""} at ${source.commit.slice(0, 7)}`;
}
