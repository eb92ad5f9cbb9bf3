// The local tracker: issues kept in the state store, so the whole job runs with no account.
// The store's local issues follow GitHub's REST shapes, so this is a field-name adapter.
import type { LocalComment, LocalIssue, StateStore } from "../state/store.js";
import { RequestCounter, type Tracker, type TrackerComment, type TrackerIssue } from "./tracker.js";

function toIssue(issue: LocalIssue): TrackerIssue {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    stateReason: issue.state_reason,
    labels: issue.labels,
    url: `local:#${issue.number}`,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    closedAt: issue.closed_at,
    // Local issues are only ever filed by log-gardener.
    createdByUs: true,
  };
}

function toComment(comment: LocalComment): TrackerComment {
  return { id: comment.id, body: comment.body, createdAt: comment.created_at, updatedAt: comment.updated_at, author: comment.author };
}

export function createLocalTracker(store: StateStore, opts: { readonly label: string }): Tracker {
  const counter = new RequestCounter();
  const count = (kind: string): void => counter.add(kind);
  return {
    kind: "local",
    label: opts.label,
    async listBotIssues() {
      count("read");
      const issues = await store.listLocalIssues({ labels: [opts.label], state: "all" });
      return issues.map(toIssue).sort((a, b) => a.number - b.number);
    },
    async listRecentIssues(limit) {
      count("read");
      const issues = await store.listLocalIssues({ state: "all" });
      return issues.map(toIssue).sort((a, b) => b.number - a.number).slice(0, limit);
    },
    async listIssuesAfter(afterNumber) {
      count("read");
      const issues = await store.listLocalIssues({ state: "all" });
      return issues.map(toIssue).filter((i) => i.number > afterNumber).sort((a, b) => b.number - a.number);
    },
    async getIssue(issueNumber) {
      count("read");
      const issue = await store.getLocalIssue(issueNumber);
      return issue ? toIssue(issue) : undefined;
    },
    async listComments(issueNumber) {
      count("read");
      return (await store.listLocalComments(issueNumber)).map(toComment);
    },
    async createIssue(input) {
      count("write");
      return toIssue(await store.createLocalIssue({ title: input.title, body: input.body, labels: input.labels }));
    },
    async updateIssue(issueNumber, patch) {
      count("write");
      return toIssue(
        await store.updateLocalIssue(issueNumber, {
          title: patch.title,
          body: patch.body,
          labels: patch.labels,
          state: patch.state,
          ...(patch.stateReason !== undefined ? { state_reason: patch.stateReason } : {}),
        }),
      );
    },
    async createComment(issueNumber, body) {
      count("write");
      return toComment(await store.createLocalComment(issueNumber, { body, author: opts.label }));
    },
    async updateComment(commentId, body) {
      count("write");
      return toComment(await store.updateLocalComment(commentId, { body }));
    },
    async search(phrases) {
      if (phrases.length === 0) return { issues: [], requests: 0, skipped: 0 };
      count("search");
      const needles = phrases.map((p) => p.toLowerCase());
      const issues = await store.listLocalIssues({ state: "all" });
      const hits = issues.filter((i) => needles.some((n) => `${i.title}\n${i.body}`.toLowerCase().includes(n)));
      return { issues: hits.map(toIssue), requests: 1, skipped: 0 };
    },
    requests() {
      return { ...counter.counts };
    },
  };
}
