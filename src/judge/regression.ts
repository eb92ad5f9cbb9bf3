// Whether a cluster whose issue was closed has come back.
import type { ClusterHistory, TrackedIssueRef } from "../model/history.js";
import { formatHours } from "./explain.js";

export type RegressionVerdict =
  | { readonly kind: "no_closed_issue" }
  /** Closed as not planned or as a duplicate: someone decided not to track it here; recurrences are expected. */
  | { readonly kind: "muted"; readonly issue: TrackedIssueRef; readonly reason: string }
  /** Seen again, but only within the grace period after the close: entries from instances still running the old code. */
  | { readonly kind: "within_grace"; readonly issue: TrackedIssueRef; readonly reason: string }
  | { readonly kind: "regression"; readonly issue: TrackedIssueRef; readonly reason: string };

function issueRef(issue: TrackedIssueRef): string {
  return `issue #${issue.number}`;
}

/** `lastSeen` is the cluster's latest entry in this window (RFC 3339). */
export function judgeRegression(history: ClusterHistory | undefined, lastSeen: string | undefined, graceHours: number): RegressionVerdict {
  const issue = history?.issue;
  if (!issue || issue.state !== "closed") return { kind: "no_closed_issue" };
  if (issue.stateReason === "not_planned" || issue.stateReason === "duplicate") {
    const how = issue.stateReason === "not_planned" ? "not planned" : "a duplicate";
    return { kind: "muted", issue, reason: `${issueRef(issue)} was closed as ${how}: recurrences are muted, not regressions` };
  }
  const closedMs = issue.closedAt ? Date.parse(issue.closedAt) : Number.NaN;
  if (Number.isNaN(closedMs)) {
    return { kind: "regression", issue, reason: `${issueRef(issue)} is closed (close time unknown) and the problem occurs again` };
  }
  const lastSeenMs = lastSeen ? Date.parse(lastSeen) : Number.NaN;
  const graceEndMs = closedMs + graceHours * 3_600_000;
  if (Number.isNaN(lastSeenMs) || lastSeenMs <= graceEndMs) {
    return {
      kind: "within_grace",
      issue,
      reason: `${issueRef(issue)} was closed ${issue.closedAt}; no entry after the ${formatHours(graceHours)} grace period (until ${new Date(graceEndMs).toISOString()})`,
    };
  }
  return {
    kind: "regression",
    issue,
    reason: `${issueRef(issue)} was closed ${issue.closedAt} and the problem recurred at ${lastSeen}, ${formatHours((lastSeenMs - closedMs) / 3_600_000)} later (grace ${formatHours(graceHours)})`,
  };
}
