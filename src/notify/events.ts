// Which problems a run tells people about: new urgent ones, escalations and regressions. Pure.
import type { NotifyConfig } from "../config/sections/notify.js";
import { isSetAside, type JudgedCluster } from "../model/judgement.js";
import type { NotifyEvent, NotifyEventKind } from "../model/notify.js";
import type { Report } from "../model/report.js";
import type { TrackerActionOutcome } from "../model/tracker.js";

/**
 * A problem is new when this run filed its issue (or would, on a dry run), so a re-run that writes
 * nothing notifies nothing, with or without state; without a tracker, when the judge calls it new.
 * A regression is a reopened issue or the judge's regression; an escalation is the judge's.
 */
export function notifyEvents(report: Report, on: NotifyConfig["on"]): NotifyEvent[] {
  const actions = new Map((report.tracker?.actions ?? []).map((a) => [a.fingerprint, a]));
  const events: NotifyEvent[] = [];
  for (const judged of report.clusters) {
    // An ignore rule or a person (a muted issue) set it aside: the worklog counts it, nobody is paged for it.
    if (isSetAside(judged.issue)) continue;
    const action = actions.get(judged.cluster.fingerprint);
    const kind = eventKind(judged, action, report.tracker !== undefined);
    if (kind === undefined || !on[kind].includes(judged.priority)) continue;
    events.push(toEvent(kind, judged, action));
  }
  const order: Record<NotifyEventKind, number> = { new: 0, regression: 1, escalation: 2 };
  return events.sort((a, b) => order[a.kind] - order[b.kind] || a.priority.localeCompare(b.priority) || b.count - a.count);
}

function eventKind(judged: JudgedCluster, action: TrackerActionOutcome | undefined, tracked: boolean): NotifyEventKind | undefined {
  if (action?.kind === "reopen" || (judged.category === "regression" && (!tracked || action?.kind === "create"))) return "regression";
  if (tracked ? action?.kind === "create" : judged.category === "new") return "new";
  if (judged.escalation) return "escalation";
  return undefined;
}

function toEvent(kind: NotifyEventKind, judged: JudgedCluster, action: TrackerActionOutcome | undefined): NotifyEvent {
  const { cluster } = judged;
  return {
    kind,
    fingerprint: cluster.fingerprint,
    priority: judged.priority,
    ...(kind === "escalation" && judged.escalation ? { from: judged.escalation.from } : {}),
    name: cluster.name,
    ...(cluster.service !== undefined ? { service: cluster.service } : {}),
    count: cluster.stats.count,
    ratePerMinute: judged.ratePerMinute,
    ...(action?.issue ? { issue: action.issue } : {}),
    ...(judged.links ? { links: judged.links } : {}),
  };
}
