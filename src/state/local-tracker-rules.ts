import type { LocalIssue, LocalIssueQuery, LocalIssueUpdate } from "./store.js";

/** Who our own comments are from, like GitHub's `user.login` for a bot. */
export const DEFAULT_COMMENT_AUTHOR = "log-gardener";

/**
 * GitHub's `PATCH /issues/{n}` semantics: `labels` replaces the set; `state_reason` counts only when
 * `state` changes (closing defaults it to `completed`, reopening to `reopened`); closing stamps
 * `closed_at`, reopening clears it.
 */
export function applyIssueUpdate(issue: LocalIssue, patch: LocalIssueUpdate, at: string): LocalIssue {
  const stateChanges = patch.state !== undefined && patch.state !== issue.state;
  const state = patch.state ?? issue.state;
  let stateReason = issue.state_reason;
  let closedAt = issue.closed_at;
  if (stateChanges && state === "closed") {
    stateReason = patch.state_reason ?? "completed";
    closedAt = at;
  } else if (stateChanges && state === "open") {
    stateReason = patch.state_reason ?? "reopened";
    closedAt = null;
  }
  return {
    ...issue,
    title: patch.title ?? issue.title,
    body: patch.body ?? issue.body,
    labels: patch.labels === undefined ? issue.labels : [...new Set(patch.labels)],
    state,
    state_reason: stateReason,
    closed_at: closedAt,
    updated_at: at,
  };
}

/** `GET /issues?labels=a,b&state=&since=`: every label given must be on the issue; state defaults to open. */
export function matchesIssueQuery(issue: LocalIssue, query: LocalIssueQuery): boolean {
  const state = query.state ?? "open";
  if (state !== "all" && issue.state !== state) return false;
  if (query.since !== undefined && Date.parse(issue.updated_at) < Date.parse(query.since)) return false;
  return (query.labels ?? []).every((label) => issue.labels.includes(label));
}
