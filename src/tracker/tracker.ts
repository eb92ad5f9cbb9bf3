// The tracker seen by the gardener: GitHub's REST API, or the local issues in the state store.
import type { IssuePatch, IssueStateReason } from "../model/tracker.js";

export interface TrackerIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly state: "open" | "closed";
  readonly stateReason: IssueStateReason | null;
  readonly labels: readonly string[];
  readonly url?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
  /**
   * Filed by the account the tracker is authenticated as. Only such issues are ever ours: anyone
   * can copy a marker and a label name into an issue, nobody can file one as our account.
   */
  readonly createdByUs: boolean;
}

export interface TrackerComment {
  readonly id: number;
  readonly body: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly author?: string;
  readonly url?: string;
}

export interface IssueCreate {
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  /** GitHub logins; the local tracker does not assign. */
  readonly assignees?: readonly string[];
}

/** What the gardener needs from an issue tracker; both implementations behave like GitHub's REST API. */
export interface Tracker {
  readonly kind: "github" | "local";
  readonly repo?: string;
  /** Where the GitHub token came from (GITHUB_TOKEN, GH_TOKEN, gh auth token); never the value. */
  readonly tokenSource?: string;
  /** The API's host (`api.github.com`), for messages that say where a failure happened. */
  readonly host?: string;
  /** tracker.label: on every issue we file; with our account as author, what makes an issue ours. */
  readonly label: string;
  /** Every issue carrying the bot label, open and closed (pull requests excluded), oldest first. */
  listBotIssues(): Promise<readonly TrackerIssue[]>;
  getIssue(issueNumber: number): Promise<TrackerIssue | undefined>;
  /**
   * The newest issues, any label and state: where a creation whose response was lost shows up even
   * when GitHub dropped its labels (it does so silently without push access).
   */
  listRecentIssues(limit: number): Promise<readonly TrackerIssue[]>;
  /**
   * Every issue numbered above `afterNumber` (any label and state, newest first): what was filed
   * since a listing, by us, by another run, or by people. Paged from the newest, so it costs one
   * request when little happened.
   */
  listIssuesAfter(afterNumber: number): Promise<readonly TrackerIssue[]>;
  /** Oldest first. */
  listComments(issueNumber: number): Promise<readonly TrackerComment[]>;
  createIssue(input: IssueCreate): Promise<TrackerIssue>;
  updateIssue(issueNumber: number, patch: IssuePatch): Promise<TrackerIssue>;
  createComment(issueNumber: number, body: string): Promise<TrackerComment>;
  updateComment(commentId: number, body: string): Promise<TrackerComment>;
  /**
   * Issues (not pull requests) in the repository whose text contains any of the phrases, any state.
   * Search indexes lag by minutes: only a fallback, and for related issues. Phrases are batched
   * into as few requests as the API allows, at most `maxRequests`; the rest are not searched.
   */
  search(phrases: readonly string[], opts: { readonly maxRequests: number }): Promise<SearchResult>;
  /** A file of the repository's default branch (CODEOWNERS), undefined when it does not exist; only GitHub has files. */
  readFile?(path: string): Promise<string | undefined>;
  /** Requests made so far, by kind (read, write, search, retry, rate-limited…). */
  requests(): Readonly<Record<string, number>>;
}

export interface SearchResult {
  readonly issues: readonly TrackerIssue[];
  readonly requests: number;
  /** Phrases left out because `maxRequests` ran out. */
  readonly skipped: number;
}

/**
 * Ours: filed by our account and carrying our label, in every lookup. An issue a person took our
 * label off is theirs now; one GitHub filed without it (no push access) stops the run instead
 * (LabelsDroppedError), so unlabelled issues are never adopted later.
 */
export function isOurIssue(issue: TrackerIssue, label: string): boolean {
  return issue.createdByUs && issue.labels.includes(label);
}

/**
 * GitHub filed our issue without our label: it drops labels silently when the token has no push
 * access. Every later run would file the problem again, so the tracker phase stops here.
 */
export class LabelsDroppedError extends Error {
  override name = "LabelsDroppedError";
  constructor(
    readonly issueNumber: number,
    label: string,
    closed: boolean,
  ) {
    super(`the token lacks permission to label issues: GitHub filed #${issueNumber} without the ${label} label (labels need push access)${closed ? `, so #${issueNumber} was closed again` : ""}`);
  }
}

/** A write failed in a way that leaves it unknown whether it landed (5xx, connection lost). */
export function isUncertainWriteError(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== "number" || status >= 500;
}

/**
 * GitHub refusing the token or the repository (401, a 403 that is not a rate limit, 404 on the
 * repository) or a usage problem: the user must act, so the run stops with exit 2 rather than
 * deferring the tracker phase.
 */
export function isTrackerRefusal(error: unknown): boolean {
  if ((error as { name?: unknown } | null)?.name === "UsageError" || (error as { name?: unknown } | null)?.name === "AuthError") return true;
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : "";
  const headers = (error as { response?: { headers?: Record<string, unknown> } } | null)?.response?.headers ?? {};
  if (status === 401) return true;
  if (status === 403) return headers["x-ratelimit-remaining"] !== "0" && !/rate limit/i.test(message);
  return status === 404 && /\/repos\/[^/]+\/[^/]+\/?$|\/repos\/[^/]+\/[^/]+\/issues\/?(\?|$)/.test(String((error as { request?: { url?: unknown } }).request?.url ?? ""));
}

/** Requests a tracker made, by kind (reads, writes, search, not-modified …), for the worklog. */
export class RequestCounter {
  readonly counts: Record<string, number> = {};
  add(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }
}
