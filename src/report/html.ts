// The HTML report: one self-contained page (inline CSS, SVG and a little script; a CSP forbids any request).
import type { JudgedCluster, Trend } from "../model/judgement.js";
import type { ProblemLinks } from "../model/links.js";
import type { Report } from "../model/report.js";
import { severityRank, type Severity } from "../model/severity.js";
import type { TrackerActionOutcome } from "../model/tracker.js";
import { escapeHtml, safeHref } from "./escape.js";
import { sourceLabel } from "./links.js";
import { sampleText } from "./sample-text.js";
import { sparklineSvg, timelineSvg, type Marker, type TimeSpan } from "./svg.js";
import { formatCount, formatDuration, formatRatePerUnit } from "../model/figures.js";
import { formatSpan, formatTime, moreProblems } from "./worklog-format.js";

/** `186 below minimum severity`: reason codes are for machines; the page says what they mean. */
/** `01:00:03` when the whole window is one UTC day (the header gives the date), else the full UTC time. */
function clockTime(time: string | undefined, oneDay: boolean): string {
  const full = formatTime(time);
  return oneDay && time ? full.slice(11, 19) : full;
}

/** True when every cluster's first and last entry fall on one UTC day. */
function onOneDay(report: Report): boolean {
  const days = new Set(report.clusters.flatMap((c) => [c.cluster.stats.firstSeen, c.cluster.stats.lastSeen]).map((t) => formatTime(t).slice(0, 10)));
  return days.size === 1;
}

function reasonCounts(counts: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${formatCount(n ?? 0)} ${reason.replace(/_/g, " ").replace(/\bmin\b/, "minimum")}`)
    .join(", ");
}

export interface HtmlReportOptions {
  /** Characters of one sample shown in a detail view (report.maxSampleChars). */
  readonly maxSampleChars: number;
  /** Clusters with a row on the page, in table order (report.htmlMaxClusters); the rest are counted below the table. */
  readonly maxClusters: number;
}

export function renderHtmlReport(report: Report, options: HtmlReportOptions = { maxSampleChars: 4_000, maxClusters: 2_000 }): string {
  const span = reportSpan(report);
  const markers = revisionMarkers(report);
  const oneDay = onOneDay(report);
  const actions = new Map((report.tracker?.actions ?? []).map((a) => [a.fingerprint, a]));
  // A page a browser opens at once: rows in table order up to the bound, the rest counted (a long tail of one-off templates is in the JSON report).
  const listed = report.clusters.slice(0, options.maxClusters);
  const services = [...new Set(listed.map((c) => c.cluster.service ?? "(none)"))].sort();
  const severities = [...new Set(listed.map((c) => c.cluster.stats.maxSeverity))].sort(
    (a, b) => severityRank(b) - severityRank(a),
  );
  const inputs = report.sources.map((source) => (source.input === "-" ? "standard input" : source.input.split(/[\\/]/).filter(Boolean).pop() ?? source.input));
  const title = `log-gardener: ${report.services.map((s) => s.name).join(", ") || inputs.join(", ") || "logs"} (${report.window.label})`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
${completenessBanner(report)}
${headerFacts(report)}
</header>
<main>
<section aria-labelledby="timeline-title">
<h2 id="timeline-title">Timeline</h2>
${span ? `<div class="chart-scroll">${timelineSvg(report.timeline, span, markers)}</div>` : `<p class="muted">No timestamps in the kept entries.</p>`}
<p class="legend">${["EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG", "DEFAULT"]
    .filter((s) => report.timeline.some((m) => (m.bySeverity[s as Severity] ?? 0) > 0))
    .map((s) => `<span class="swatch sev-${s.toLowerCase()}"></span>${s}`)
    .join(" ")}${markers.length > 0 ? ` <span class="swatch marker-swatch"></span>revision rollout` : ""}</p>
</section>
<section aria-labelledby="clusters-title">
<h2 id="clusters-title">Clusters <span class="muted" id="shown-count">${listed.length} of ${listed.length}</span></h2>
<div class="controls">
<label>Service <select id="filter-service"><option value="">all</option>${services.map((s) => `<option value="${escapeHtml(s)}">${escapeHtml(s)}</option>`).join("")}</select></label>
<label>Severity <select id="filter-severity"><option value="">all</option>${severities.map((s) => `<option value="${severityRank(s)}">${s} and above</option>`).join("")}</select></label>
<label>Search <input id="filter-text" type="search" placeholder="name, module, template"></label>
<span class="sorts">Sort: <button type="button" data-sort="priority" aria-pressed="true">priority</button><button type="button" data-sort="count" aria-pressed="false">count</button><button type="button" data-sort="trend" aria-pressed="false">trend</button></span>
</div>
<div class="table-wrap">
<table id="clusters">
<thead><tr><th>Priority</th><th>Cluster</th><th class="num">Count</th><th class="num rate">Rate</th><th class="trend">Trend</th><th class="wide">Occurrences</th><th class="wide">First / last seen</th><th>Issue</th></tr></thead>
${listed.map((c, i) => clusterBody(c, i, { span, markers, action: actions.get(c.cluster.fingerprint), options, oneDay })).join("\n")}
</table>
</div>
${listed.length < report.clusters.length ? `<p class="muted" id="not-listed">${escapeHtml(`${moreProblems(report.clusters.slice(listed.length), "cluster")} past report.htmlMaxClusters are not on this page: every one is in the JSON report.`)}</p>` : ""}
${report.clusters.length === 0 ? `<p class="empty">${escapeHtml(emptyMessage(report))}</p>` : ""}
</section>
</main>
<footer class="muted">${escapeHtml(`${report.tool.name} ${report.tool.version} · report schema ${report.schemaVersion} · generated ${report.generatedAt}`)}</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * A problem's own stretch of the window, first to last seen, so its sparkline shows its shape:
 * over a 12-day window a 20-minute burst would otherwise be one bar on a flat line.
 */
export function clusterSpan(stats: { readonly firstSeen?: string; readonly lastSeen?: string }, window: TimeSpan): TimeSpan {
  const first = stats.firstSeen ? Date.parse(stats.firstSeen) : Number.NaN;
  const last = stats.lastSeen ? Date.parse(stats.lastSeen) : Number.NaN;
  if (Number.isNaN(first) || Number.isNaN(last)) return window;
  const startMs = first - (first % 60_000);
  return { startMs, endMs: Math.max(last, startMs + 60_000) };
}

function reportSpan(report: Report): TimeSpan | undefined {
  const start = report.window.start ? Date.parse(report.window.start) : undefined;
  const end = report.window.end ? Date.parse(report.window.end) : undefined;
  return start !== undefined && end !== undefined && !Number.isNaN(start) && !Number.isNaN(end) ? { startMs: start, endMs: end } : undefined;
}

/** A revision's first entry in the window marks its rollout. */
export function revisionMarkers(report: Report): Marker[] {
  const start = report.window.start ? Date.parse(report.window.start) : Number.NaN;
  const end = report.window.end ? Date.parse(report.window.end) : Number.NaN;
  // A revision already serving when the window opened is not a rollout in it (with two services, each has one).
  const settled = Number.isNaN(start) ? -Infinity : start + Math.max(60_000, (end - start) * 0.01);
  return report.revisions
    .filter((r) => r.firstSeen !== undefined)
    .map((r) => ({ atMs: Date.parse(r.firstSeen as string), label: r.name }))
    .filter((m) => m.atMs > settled)
    .sort((a, b) => a.atMs - b.atMs);
}

function completenessBanner(report: Report): string {
  const problems = report.sources.flatMap((s) => {
    switch (s.completeness.kind) {
      case "complete":
        return [];
      case "no_data":
        return [`${s.input}: no data (the source answered and held no entries)`];
      case "truncated":
        return [`${s.input}: truncated after ${s.entriesRead} entries (${s.completeness.reason}${s.completeness.readUntil ? `, up to ${s.completeness.readUntil}` : ""})`];
      case "query_failed":
        return [`${s.input}: incomplete: read ${s.entriesRead} entries${s.completeness.readUntil ? ` up to ${s.completeness.readUntil}` : ""}, then ${s.completeness.error}`];
    }
  });
  if (problems.length === 0) return `<p class="banner ok">Complete read: every source was read to the end.</p>`;
  const cls = report.complete ? "banner note" : "banner warn";
  return `<div class="${cls}" role="status">${problems.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}</div>`;
}

function headerFacts(report: Report): string {
  const t = report.totals;
  const skipped = reasonCounts(t.skipped);
  const filtered = reasonCounts(t.filtered);
  const facts: [string, string][] = [
    [
      "Window (UTC)",
      report.window.start || report.window.end
        ? `${formatSpan(report.window.start, report.window.end)} (${formatDuration(report.window.minutes)}, ${report.window.basis === "flags" ? "as asked" : "span of the data"})`
        : "not known: no kept entry had a timestamp",
    ],
    ["Services", report.services.map((s) => `${s.name} (${formatCount(s.count)})`).join(", ") || "–"],
    ["Projects", report.projects.map((s) => s.name).join(", ") || "–"],
    ["Revisions", report.revisions.map((s) => `${s.name} (${formatCount(s.count)})`).join(", ") || "–"],
    ["Entries", `read ${formatCount(t.read)}, kept ${formatCount(t.kept)}, skipped ${skipped || "0"}, filtered ${filtered || "0"}`],
    ["Minimum severity", report.query.minSeverity],
  ];
  for (const filter of report.query.filters) facts.push(["Filter", filter]);
  return `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join("")}</dl>`;
}

function emptyMessage(report: Report): string {
  if (report.totals.read === 0) return "No data: the inputs held no entries.";
  return `0 entries at ${report.query.minSeverity} or above: ${formatCount(report.totals.read)} entries read, none kept.`;
}

function trendSortValue(trend: Trend): number {
  switch (trend.kind) {
    case "new":
      return 1e6;
    case "no_baseline":
      return 0;
    case "rising":
    case "steady":
    case "falling":
      return trend.factor;
  }
}

function trendText(trend: Trend): string {
  switch (trend.kind) {
    case "new":
      return "new";
    case "no_baseline":
      return "–";
    case "rising":
      return `▲ rising ${trend.factor.toFixed(1)}×`;
    case "steady":
      return `steady ${trend.factor.toFixed(1)}×`;
    case "falling":
      return `▼ falling ${trend.factor.toFixed(1)}×`;
  }
}

function clusterBody(
  judged: JudgedCluster,
  index: number,
  view: { span: TimeSpan | undefined; markers: readonly Marker[]; action: TrackerActionOutcome | undefined; options: HtmlReportOptions; oneDay: boolean },
): string {
  const { span, markers, action } = view;
  const c = judged.cluster;
  const s = c.stats;
  const location = c.source ? [c.source.module ?? c.source.file, c.source.function, c.source.line].filter((x) => x !== undefined).join(":") : c.logger ?? "";
  const searchText = [c.name, c.service, location, ...c.templates.map((t) => t.template)].join(" ").toLowerCase();
  const detailId = `detail-${index}`;
  const issueCell = action
    ? `${action.issue ? issueLink(action.issue) : `<span class="muted">–</span>`} <span class="action action-${action.kind}">${escapeHtml(action.kind)}${action.status === "planned" ? " (planned)" : action.status === "failed" ? " (failed)" : ""}</span>`
    : `<span class="muted">–</span>`;
  return `<tbody class="cluster" data-fingerprint="${escapeHtml(c.fingerprint)}" data-priority="${judged.priority.slice(1)}" data-count="${s.count}" data-trend="${trendSortValue(judged.trend)}" data-service="${escapeHtml(c.service ?? "(none)")}" data-severity="${severityRank(s.maxSeverity)}" data-search="${escapeHtml(searchText)}" data-order="${index}">
<tr class="row">
<td><span class="prio prio-${judged.priority}" title="${escapeHtml(judged.priorityReason)}">${judged.priority}</span></td>
<td class="name"><button type="button" class="toggle" aria-expanded="false" aria-controls="${detailId}">${escapeHtml(c.name)}</button><div class="sub"><span class="sev sev-text-${s.maxSeverity.toLowerCase()}">${s.maxSeverity}</span> ${escapeHtml(c.service ?? "")} ${location ? `<code>${escapeHtml(location)}</code>` : ""} <span class="cat">${judged.category}</span></div></td>
<td class="num">${formatCount(s.count)}</td>
<td class="num rate">${span ? formatRatePerUnit(judged.ratePerMinute) : "–"}</td>
<td class="trend">${escapeHtml(trendText(judged.trend))}</td>
<td class="wide">${span ? sparklineSvg(s.perMinute, clusterSpan(s, span), markers) : ""}</td>
<td class="wide small">${escapeHtml(clockTime(s.firstSeen, view.oneDay))}<br>${escapeHtml(clockTime(s.lastSeen, view.oneDay))}</td>
<td class="issue">${issueCell}</td>
</tr>
<tr class="detail" id="${detailId}" hidden><td colspan="8">${clusterDetail(judged, action, view.options)}</td></tr>
</tbody>`;
}

/** The problem's Logs Explorer, trace and source links (computed by the pipeline), as one line of anchors. */
function linksHtml(links: ProblemLinks | undefined): string {
  if (!links) return "";
  const anchors = [
    links.logs ? ["Logs Explorer", links.logs.url] : undefined,
    links.trace ? ["Cloud Trace", links.trace.url] : undefined,
    links.source ? [sourceLabel(links.source), links.source.url] : undefined,
  ].flatMap((pair) => {
    const href = pair ? safeHref(pair[1] ?? "") : undefined;
    return pair && href ? [`<a href="${href}" rel="noopener noreferrer" target="_blank">${escapeHtml(pair[0] ?? "")}</a>`] : [];
  });
  return anchors.length > 0 ? `<h3>Links</h3><p class="links">${anchors.join(" · ")}</p>` : "";
}

function clusterDetail(judged: JudgedCluster, action: TrackerActionOutcome | undefined, options: HtmlReportOptions): string {
  const c = judged.cluster;
  const s = c.stats;
  const list = (items: readonly string[]): string => (items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>` : `<p class="muted">–</p>`);
  const facts: [string, string][] = [
    ["Fingerprint", c.fingerprint],
    ["Priority", judged.priorityReason],
    ["Category", judged.categoryReason],
    ["Share of kept entries", `${(judged.share * 100).toFixed(1)}%`],
    ["Peak minute", s.peakMinute ? `${s.peakMinute.minute}: ${s.peakMinute.count}` : "–"],
    ["Severities", Object.entries(s.severityCounts).map(([k, v]) => `${k} ${formatCount(v ?? 0)}`).join(", ")],
    ["Users affected", `${s.distinctUsers}${s.exampleUsers.length ? ` (e.g. ${s.exampleUsers.slice(0, 5).join(", ")})` : ""}`],
    ["Connections affected", `${s.distinctConnections}${s.exampleConnections.length ? ` (e.g. ${s.exampleConnections.slice(0, 5).join(", ")})` : ""}`],
    ["Revisions", s.revisions.map((r) => `${r.name} (${r.count})`).join(", ") || "–"],
    ["First seen in revision", s.firstRevision ?? "–"],
    ["Instances", String(s.instances)],
  ];
  if (s.errorTypes.length) facts.push(["Error types", s.errorTypes.map((e) => `${e.name} (${e.count})`).join(", ")]);
  if (s.httpStatuses.length) facts.push(["HTTP statuses", s.httpStatuses.map((e) => `${e.name} (${e.count})`).join(", ")]);
  if (judged.escalation) facts.push(["Escalated", `from ${judged.escalation.from}: ${judged.escalation.reason}`]);
  if (judged.heldPriority) facts.push(["Held", `rules said ${judged.heldPriority.rulesSaid}; kept until ${judged.heldPriority.until}`]);
  return `<div class="detail-grid">
<div><h3>Facts</h3><dl class="facts small">${facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join("")}</dl>
${linksHtml(judged.links)}<h3>Why this priority</h3>${list(judged.reasons)}
${c.mergeReasons.length ? `<h3>Merged templates because</h3>${list(c.mergeReasons)}` : ""}
${action ? `<h3>Tracker</h3>${list(action.details.length ? action.details : [action.title])}` : ""}</div>
<div><h3>Templates</h3>${c.templates.map((t) => `<pre class="template">${escapeHtml(`${t.count}× ${t.template}`)}</pre>`).join("")}
<h3>Samples</h3>${c.samples.map((sample) => `<pre class="sample">${escapeHtml(boundedSample(sample, options.maxSampleChars))}</pre>`).join("")}</div>
</div>`;
}

function boundedSample(sample: unknown, maxChars: number): string {
  const { text, cutFrom } = sampleText(sample, maxChars);
  return cutFrom === undefined ? text : `${text}\n… (${cutFrom - text.length} more characters)`;
}

/** Only http(s) links become links. */
function issueLink(issue: { readonly number: number; readonly url?: string }): string {
  const href = issue.url ? safeHref(issue.url) : undefined;
  return href ? `<a href="${href}">#${issue.number}</a>` : `#${issue.number}`;
}

const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--panel:#f6f8fa;--accent:#0969da;
--sev-default:#8c959f;--sev-debug:#afb8c1;--sev-info:#54aeff;--sev-notice:#4ac26b;--sev-warning:#d4a72c;--sev-error:#cf222e;--sev-critical:#8250df;--sev-alert:#bf3989;--sev-emergency:#6e011a;
--p0:#cf222e;--p1:#bc4c00;--p2:#9a6700;--p3:#57606a}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#8d96a0;--line:#30363d;--panel:#161b22;--accent:#4493f8;
--sev-warning:#e3b341;--sev-error:#f85149;--sev-critical:#a371f7;--p0:#f85149;--p1:#f0883e;--p2:#d29922;--p3:#8d96a0}}
*{box-sizing:border-box}body{margin:0 auto;max-width:1400px;padding:16px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:20px 0 8px}h3{font-size:13px;margin:12px 0 4px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px;overflow:auto;max-height:360px;white-space:pre-wrap;word-break:break-word}
.muted{color:var(--muted)}.small{font-size:12px}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:4px 16px;margin:8px 0}.facts div{display:flex;gap:6px}.facts dt{color:var(--muted);min-width:120px}.facts dd{margin:0;word-break:break-word}
.detail-grid .facts{grid-template-columns:1fr}
.banner{border-radius:6px;padding:6px 10px;margin:8px 0;border:1px solid var(--line)}.banner p{margin:2px 0}.banner.warn{border-color:var(--sev-error);background:color-mix(in srgb,var(--sev-error) 12%,transparent)}.banner.ok{color:var(--muted)}
.chart{width:100%;height:auto;display:block}.timeline{max-height:240px}.chart-scroll{overflow-x:auto}
.chart .axis{stroke:var(--line)}.chart .tick,.chart .marker-label{fill:var(--muted);font-size:11px}.chart .marker{stroke:var(--accent);stroke-dasharray:3 2}
.sparkline{width:160px;height:28px}.spark-area{fill:color-mix(in srgb,var(--accent) 25%,transparent)}.spark-line{fill:none;stroke:var(--accent);stroke-width:1.2}
${["default", "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"].map((s) => `.sev-${s}{fill:var(--sev-${s});background:var(--sev-${s})}.sev-text-${s}{color:var(--sev-${s})}`).join("")}
.legend{font-size:12px;color:var(--muted)}.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:middle}.marker-swatch{border-left:2px dashed var(--accent);border-radius:0}
.controls{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin:8px 0}.controls select,.controls input,.controls button{font:inherit;color:inherit;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:4px 8px}
.sorts button{margin-left:4px;cursor:pointer}.sorts button[aria-pressed=true]{border-color:var(--accent);color:var(--accent)}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{font-size:12px;color:var(--muted);font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums}
.prio{display:inline-block;padding:1px 6px;border-radius:10px;font-weight:700;font-size:12px;color:#fff}.prio-P0{background:var(--p0)}.prio-P1{background:var(--p1)}.prio-P2{background:var(--p2)}.prio-P3{background:var(--p3)}
.name .toggle{all:unset;cursor:pointer;font-weight:600;color:var(--fg)}
.name{overflow-wrap:anywhere;min-width:11em}.detail pre{overflow-wrap:anywhere}.name .toggle:hover,.name .toggle:focus-visible{color:var(--accent);text-decoration:underline}
.sub{font-size:12px;color:var(--muted);margin-top:2px}.sev{font-weight:600}.cat{border:1px solid var(--line);border-radius:10px;padding:0 6px}
.action{font-size:12px;color:var(--muted)}.detail td{background:var(--panel)}.detail-grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.4fr);gap:16px}
.empty{padding:12px;color:var(--muted)}footer{margin-top:24px;font-size:12px}
td.issue{white-space:nowrap}
@media (max-width:700px){.chart-scroll .timeline{min-width:720px;max-height:none}body{padding:8px}.wide,.rate,.trend,.issue .action{display:none}.detail-grid{grid-template-columns:1fr}.facts div{flex-direction:column;gap:0}th,td{padding:4px}}
`;

/** Sorting, filtering and detail toggles; runs without any request (the CSP forbids them). */
const SCRIPT = `
(function(){
  var table=document.getElementById('clusters');
  var bodies=function(){return Array.prototype.slice.call(table.querySelectorAll('tbody.cluster'));};
  var sortKey='priority';
  function num(b,k){return Number(b.getAttribute('data-'+k));}
  function sort(){
    var list=bodies();
    list.sort(function(a,b){
      if(sortKey==='priority'){return num(a,'priority')-num(b,'priority')||num(b,'count')-num(a,'count')||num(a,'order')-num(b,'order');}
      return num(b,sortKey)-num(a,sortKey)||num(a,'priority')-num(b,'priority')||num(a,'order')-num(b,'order');
    });
    list.forEach(function(b){table.appendChild(b);});
  }
  function filter(){
    var service=document.getElementById('filter-service').value;
    var severity=document.getElementById('filter-severity').value;
    var text=document.getElementById('filter-text').value.toLowerCase().trim();
    var shown=0,all=bodies();
    all.forEach(function(b){
      var ok=(!service||b.getAttribute('data-service')===service)&&(!severity||num(b,'severity')>=Number(severity))&&(!text||b.getAttribute('data-search').indexOf(text)>=0);
      b.hidden=!ok;if(ok)shown++;
    });
    document.getElementById('shown-count').textContent=shown+' of '+all.length;
  }
  document.querySelectorAll('[data-sort]').forEach(function(btn){
    btn.addEventListener('click',function(){
      sortKey=btn.getAttribute('data-sort');
      document.querySelectorAll('[data-sort]').forEach(function(o){o.setAttribute('aria-pressed',String(o===btn));});
      sort();
    });
  });
  ['filter-service','filter-severity','filter-text'].forEach(function(id){document.getElementById(id).addEventListener('input',filter);});
  table.addEventListener('click',function(e){
    var t=e.target.closest('button.toggle');if(!t)return;
    var d=document.getElementById(t.getAttribute('aria-controls'));
    var open=t.getAttribute('aria-expanded')==='true';
    t.setAttribute('aria-expanded',String(!open));d.hidden=open;
  });
})();
`;
