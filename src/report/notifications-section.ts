// The worklog's Notifications section: what each configured sink was sent, or why not.
import type { NotificationOutcome } from "../model/notify.js";
import type { Report } from "../model/report.js";
import { codeFence, markdownText } from "./escape.js";

function outcomeLine(n: NotificationOutcome): string {
  const what = `${n.events} ${n.events === 1 ? "problem" : "problems"}`;
  switch (n.status) {
    case "sent":
      return `- ${n.sink} ${markdownText(n.name)}: sent one message (${what})${n.attempts > 1 ? ` after ${n.attempts} attempts` : ""}.`;
    case "failed":
      return `- ${n.sink} ${markdownText(n.name)}: **FAILED**${n.attempts > 0 ? ` after ${n.attempts} attempts` : ""} (${markdownText(n.error ?? "unknown error")}); the run went on.`;
    case "preview":
      return `- ${n.sink} ${markdownText(n.name)}: dry run, nothing sent; the message would be:\n\n${codeFence(n.preview ?? "")}`;
    case "nothing-to-send":
      return `- ${n.sink} ${markdownText(n.name)}: nothing new, escalated or regressed to tell.`;
  }
}

export function notificationsSection(report: Report): string | undefined {
  const outcomes = report.notifications ?? [];
  if (outcomes.length === 0) return undefined;
  return ["## Notifications", "", ...outcomes.map(outcomeLine), ""].join("\n");
}
