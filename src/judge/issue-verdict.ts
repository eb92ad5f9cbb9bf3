// What to do with each cluster's issue (file, update, reopen, leave closed, mute, ignore) and with quiet open issues (close).
import type { IgnoreRule, JudgeConfig } from "../config/sections/judge.js";
import type { IssueCluster } from "../model/cluster.js";
import type { ClusterHistory, PublishedIssue, TrackedIssueRef } from "../model/history.js";
import type { IssueVerdict, QuietIssueVerdict } from "../model/judgement.js";
import { severityRank } from "../model/severity.js";
import { formatHours } from "./explain.js";
import { judgeRegression } from "./regression.js";

const DAY_MS = 86_400_000;

/** The first ignore rule that holds for the cluster, with why; expired and outgrown rules hold no more. */
export function matchIgnoreRule(cluster: IssueCluster, rules: readonly IgnoreRule[], now: Date): { rule: IgnoreRule; reason: string } | undefined {
  for (const rule of rules) {
    if (rule.untilDate !== undefined && now.getTime() >= Date.parse(rule.untilDate)) continue;
    if (rule.untilCount !== undefined && cluster.stats.count >= rule.untilCount) continue;
    if (rule.fingerprint !== undefined && rule.fingerprint !== cluster.fingerprint && !cluster.aliases.includes(rule.fingerprint)) continue;
    if (rule.service !== undefined && rule.service !== cluster.service) continue;
    if (rule.maxSeverity !== undefined && severityRank(cluster.stats.maxSeverity) > severityRank(rule.maxSeverity)) continue;
    if (rule.messagePattern !== undefined) {
      const pattern = new RegExp(rule.messagePattern, "i");
      if (![cluster.name, ...cluster.templates.map((t) => t.template)].some((text) => pattern.test(text))) continue;
    }
    const limits = [
      ...(rule.untilDate !== undefined ? [`until ${rule.untilDate}`] : []),
      ...(rule.untilCount !== undefined ? [`while under ${rule.untilCount} entries a window (${cluster.stats.count} now)`] : []),
    ];
    return { rule, reason: `ignored by rule ${rule.name}${limits.length > 0 ? `, ${limits.join(", ")}` : ""}` };
  }
  return undefined;
}

function mutedByLabel(issue: PublishedIssue, ignoreLabel: string): boolean {
  return issue.labels.includes(ignoreLabel);
}

/**
 * The issue verdict for a cluster seen in this run. `published` is the issue as the tracker shows it now; without a
 * tracker reading (a dry run with no tracker, an old caller) the state's link stands in.
 */
export function judgeIssue(
  cluster: IssueCluster,
  published: PublishedIssue | undefined,
  gone: number | undefined,
  previous: ClusterHistory | undefined,
  now: Date,
  config: JudgeConfig,
): IssueVerdict {
  const ignored = matchIgnoreRule(cluster, config.ignore, now);
  if (ignored) return { kind: "ignored", rule: ignored.rule.name, reason: ignored.reason };
  // The tracker's word that the linked issue is gone outranks the state's link to it, which still names it.
  if (published === undefined && gone !== undefined) {
    return { kind: "refile", previous: gone, reason: `issue #${gone} is gone from the tracker (deleted or transferred): filed afresh` };
  }
  const issue: TrackedIssueRef | PublishedIssue | undefined = published ?? previous?.issue;
  if (issue === undefined) return { kind: "file", reason: "no issue tracks it yet" };
  if (published && mutedByLabel(published, config.ignoreLabel)) {
    return { kind: "muted", number: published.number, reason: `issue #${published.number} carries the ${config.ignoreLabel} label: muted` };
  }
  if (issue.state === "open") return { kind: "update", reason: `issue #${issue.number} is open` };
  const regression = judgeRegression({ fingerprint: cluster.fingerprint, totalCount: 0, runs: [], issue }, cluster.stats.lastSeen, config.regressionGraceHours);
  switch (regression.kind) {
    case "muted":
      return { kind: "muted", number: issue.number, reason: regression.reason };
    case "within_grace":
      return { kind: "leave-closed", number: issue.number, reason: regression.reason };
    case "regression":
      return { kind: "reopen", number: issue.number, reason: regression.reason };
    case "no_closed_issue":
      return { kind: "update", reason: `issue #${issue.number} is open` };
  }
}

/** How this run read a service: auto-close needs a complete read with data of the quiet problem's service. */
export interface CurrentRead {
  /** Every source complete (not truncated, not failed). */
  readonly complete: boolean;
  /** Entries were read at all (a no-data read may be a logging outage, not a quiet service). */
  readonly hadData: boolean;
  /** Services the run read; empty: every service in its inputs. */
  readonly services: readonly string[];
  /** Why not complete, for the reason. */
  readonly incomplete?: string;
}

/**
 * An open issue whose problem this run did not see is closed as completed when its problem has not been seen for
 * `autoCloseQuietDays`, with complete reads of its service on that many days since, this run's read complete and with
 * data, and no person reopening it in that time. Anything less keeps it open, and says why.
 */
export function judgeQuietIssue(
  fingerprint: string,
  issue: PublishedIssue,
  history: ClusterHistory | undefined,
  read: CurrentRead,
  now: Date,
  config: JudgeConfig,
): QuietIssueVerdict {
  const keep = (reason: string): QuietIssueVerdict => ({ fingerprint, number: issue.number, verdict: { kind: "keep-open", reason } });
  const days = config.autoCloseQuietDays;
  if (mutedByLabel(issue, config.ignoreLabel)) return keep(`carries the ${config.ignoreLabel} label`);
  if (!read.complete) return keep(`not closed: this run's read was not complete (${read.incomplete ?? "truncated or failed"})`);
  if (!read.hadData) return keep("not closed: this run read no entries at all, which says nothing about this problem");
  if (history === undefined || history.lastSeen === undefined) return keep("not closed: the state has no record of when this problem was last seen");
  const service = history.service;
  if (service !== undefined && read.services.length > 0 && !read.services.includes(service)) return keep(`not closed: this run did not read ${service}`);
  const lastSeenMs = Date.parse(history.lastSeen);
  const quietDays = (now.getTime() - lastSeenMs) / DAY_MS;
  if (quietDays < days) return keep(`quiet ${formatHours(quietDays * 24)}, closes after ${days} days`);
  if (issue.reopenedByPersonAt !== undefined && now.getTime() - Date.parse(issue.reopenedByPersonAt) < days * DAY_MS) {
    return keep(`not closed: a person reopened it ${issue.reopenedByPersonAt}`);
  }
  // Days (UTC) on which a complete read of its service saw nothing of it, this run's day included.
  const readDays = new Set([now.toISOString().slice(0, 10)]);
  for (const run of history.runs) {
    const end = run.windowEnd ?? run.windowStart;
    if (end !== undefined && Date.parse(end) > lastSeenMs && run.count === 0) readDays.add(end.slice(0, 10));
  }
  // The day of the last sighting is not a quiet day, and the day of this run is one only from here on.
  readDays.delete(history.lastSeen.slice(0, 10));
  if (readDays.size < days) return keep(`not closed: complete reads on ${readDays.size} of the ${days} days since it was last seen (${history.lastSeen}) saw nothing; a gap is no evidence`);
  const reason = `not seen since ${history.lastSeen}: quiet for ${Math.floor(quietDays)} days over ${readDays.size} days of complete reads`;
  return {
    fingerprint,
    number: issue.number,
    verdict: {
      kind: "close",
      lastSeen: history.lastSeen,
      reason,
      comment: `Not seen since ${history.lastSeen} (${readDays.size} days of complete reads${service ? ` of ${service}` : ""} found nothing): closed as completed. It reopens if it recurs.`,
    },
  };
}
