// One message per run that groups its events: Slack's Block Kit for an incoming webhook, a versioned
// JSON document for any other webhook, and the plain text both share (the dry-run preview). Pure.
import type { NotifyEvent, NotifyEventKind } from "../model/notify.js";
import type { Report } from "../model/report.js";
import { formatRate, plural } from "../model/figures.js";

export const WEBHOOK_PAYLOAD_VERSION = 1;

const HEADINGS: Record<NotifyEventKind, string> = { new: "New", regression: "Regressions", escalation: "Escalated" };
const KINDS: readonly NotifyEventKind[] = ["new", "regression", "escalation"];

/** `3 problems need attention in api, auth (last-1h): 2 new, 1 regression`. */
export function headline(events: readonly NotifyEvent[], report: Report): string {
  const services = [...new Set(events.map((e) => e.service).filter((s): s is string => s !== undefined))];
  const counts = KINDS.map((k) => [k, events.filter((e) => e.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k === "new" ? "new" : k === "regression" ? (n === 1 ? "regression" : "regressions") : n === 1 ? "escalation" : "escalations"}`);
  const what = events.length === 1 ? "1 problem needs" : `${events.length} problems need`;
  return `log-gardener: ${what} attention${services.length > 0 ? ` in ${services.slice(0, 3).join(", ")}${services.length > 3 ? " …" : ""}` : ""} (${report.window.label}): ${counts.join(", ")}`;
}

function eventFacts(event: NotifyEvent): string {
  const change = event.kind === "escalation" && event.from ? `${event.from} → ${event.priority}` : event.priority;
  return `${change} · ${plural(event.count, "entry", "entries")}, ${formatRate(event.ratePerMinute)}/min${event.service ? ` · ${event.service}` : ""}`;
}

/** The message as plain text: Slack's notification fallback and the dry-run preview. */
export function plainText(events: readonly NotifyEvent[], report: Report, maxEvents: number): string {
  const lines = [headline(events, report)];
  for (const kind of KINDS) {
    const group = shown(events.filter((e) => e.kind === kind), events, maxEvents);
    if (group.length === 0) continue;
    lines.push(`${HEADINGS[kind]}:`);
    for (const event of group) {
      const issue = event.issue ? ` ${event.issue.url ?? `#${event.issue.number}`}` : "";
      lines.push(`- ${event.name} (${eventFacts(event)})${issue}`);
    }
  }
  const hidden = events.length - Math.min(events.length, maxEvents);
  if (hidden > 0) lines.push(`and ${hidden} more in the worklog`);
  return lines.join("\n");
}

/** The first `maxEvents` of all events, kept in their groups. */
function shown(group: readonly NotifyEvent[], all: readonly NotifyEvent[], maxEvents: number): NotifyEvent[] {
  const allowed = new Set(all.slice(0, maxEvents));
  return group.filter((e) => allowed.has(e));
}

/** Slack mrkdwn: only `&`, `<` and `>` are control characters (Slack "Formatting text"). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function slackLink(url: string, label: string): string {
  return `<${url.replace(/[|>]/g, encodeURIComponent)}|${slackEscape(label).replace(/\|/g, "¦")}>`;
}

/** Slack's limit for one section's text is 3,000 characters. */
const SLACK_SECTION_CHARS = 3_000;

export function slackPayload(events: readonly NotifyEvent[], report: Report, maxEvents: number): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [{ type: "header", text: { type: "plain_text", text: headline(events, report).slice(0, 150), emoji: false } }];
  for (const kind of KINDS) {
    const group = shown(events.filter((e) => e.kind === kind), events, maxEvents);
    if (group.length === 0) continue;
    const lines = group.map((event) => {
      const title = event.issue?.url ? slackLink(event.issue.url, `#${event.issue.number} ${event.name}`) : `*${slackEscape(event.name)}*${event.issue ? ` (#${event.issue.number})` : ""}`;
      const links = [event.links?.logs ? slackLink(event.links.logs.url, "logs") : undefined, event.links?.trace ? slackLink(event.links.trace.url, "trace") : undefined].filter(Boolean);
      return `• ${title}: ${slackEscape(eventFacts(event))}${links.length > 0 ? ` · ${links.join(" · ")}` : ""}`;
    });
    let text = `*${HEADINGS[kind]}*\n${lines.join("\n")}`;
    if (text.length > SLACK_SECTION_CHARS) text = `${text.slice(0, SLACK_SECTION_CHARS - 1)}…`;
    blocks.push({ type: "section", text: { type: "mrkdwn", text } });
  }
  const hidden = events.length - Math.min(events.length, maxEvents);
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: slackEscape(`${hidden > 0 ? `and ${hidden} more · ` : ""}window ${report.window.start ?? "?"} → ${report.window.end ?? "?"} · log-gardener ${report.tool.version}`) }] });
  return { text: plainText(events, report, maxEvents), blocks };
}

/** The generic webhook's document (docs/notifications.md): stable keys, absent values null. */
export function webhookPayload(events: readonly NotifyEvent[], report: Report, maxEvents: number): Record<string, unknown> {
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    tool: { name: report.tool.name, version: report.tool.version },
    generatedAt: report.generatedAt,
    window: { label: report.window.label, start: report.window.start ?? null, end: report.window.end ?? null },
    summary: headline(events, report),
    total: events.length,
    events: events.slice(0, maxEvents).map((e) => ({
      kind: e.kind,
      fingerprint: e.fingerprint,
      priority: e.priority,
      from: e.from ?? null,
      name: e.name,
      service: e.service ?? null,
      count: e.count,
      ratePerMinute: e.ratePerMinute,
      issue: e.issue ? { number: e.issue.number, url: e.issue.url ?? null } : null,
      logsUrl: e.links?.logs?.url ?? null,
      traceUrl: e.links?.trace?.url ?? null,
      sourceUrl: e.links?.source?.url ?? null,
    })),
  };
}
