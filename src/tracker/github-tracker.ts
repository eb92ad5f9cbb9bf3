// The GitHub implementation of Tracker: issues through the REST API, found again by label + marker.
import type { IssuePatch, IssueStateReason } from "../model/tracker.js";
import type { ClientOptions, GitHubClient } from "./client.js";
import { RequestCounter, createGitHubClient } from "./client.js";
import type { IssueCreate, Tracker, TrackerComment, TrackerIssue } from "./tracker.js";

export interface GitHubTrackerOptions {
  /** `OWNER/NAME`. */
  readonly repo: string;
  readonly token: string;
  readonly baseUrl: string;
  readonly label: string;
  readonly onRequest?: ClientOptions["onRequest"];
  readonly maxRateLimitWaitSeconds?: number;
  readonly readRetries?: number;
  /** Test knobs: GitHub's seconds scaled down, and the spacing of writes and searches. */
  readonly retryAfterUnitMs?: number;
  readonly writeSpacingMs?: number;
  readonly searchSpacingMs?: number;
}

/** GitHub returns 100 items per page at most. */
const PAGE_SIZE = 100;
/** Search hits read for a fallback lookup or related issues; the best matches come first. */
const SEARCH_RESULTS = 20;

interface RawLabel {
  readonly name?: string;
}

interface RawIssue {
  readonly number: number;
  readonly title: string;
  readonly body?: string | null;
  readonly state: string;
  readonly state_reason?: string | null;
  readonly labels: readonly (string | RawLabel)[];
  readonly html_url: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly closed_at: string | null;
  readonly pull_request?: unknown;
}

interface RawComment {
  readonly id: number;
  readonly body?: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly html_url: string;
  readonly user: { readonly login: string } | null;
}

function toIssue(raw: RawIssue): TrackerIssue {
  return {
    number: raw.number,
    title: raw.title,
    body: raw.body ?? "",
    state: raw.state === "closed" ? "closed" : "open",
    stateReason: (raw.state_reason ?? null) as IssueStateReason | null,
    labels: raw.labels.map((l) => (typeof l === "string" ? l : l.name ?? "")).filter((l) => l.length > 0),
    url: raw.html_url,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
    closedAt: raw.closed_at,
  };
}

function toComment(raw: RawComment): TrackerComment {
  return { id: raw.id, body: raw.body ?? "", createdAt: raw.created_at, updatedAt: raw.updated_at, author: raw.user?.login, url: raw.html_url };
}

/** Replays an unchanged GET from memory when GitHub answers 304 to its ETag (a 304 costs no rate limit). */
function addConditionalRequests(client: GitHubClient, counter: RequestCounter): void {
  const cache = new Map<string, { etag: string; response: unknown }>();
  client.hook.wrap("request", async (request, options) => {
    if (options.method !== "GET") return request(options);
    const key = client.request.endpoint(options).url;
    const cached = cache.get(key);
    if (cached) options.headers = { ...options.headers, "if-none-match": cached.etag };
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (etag) cache.set(key, { etag, response });
      return response;
    } catch (error) {
      if ((error as { status?: number }).status === 304 && cached) {
        counter.add("not-modified");
        return cached.response as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
}

export function createGitHubTracker(opts: GitHubTrackerOptions): Tracker {
  const [owner = "", repo = ""] = opts.repo.split("/");
  const counter = new RequestCounter();
  const client = createGitHubClient(
    {
      token: opts.token,
      baseUrl: opts.baseUrl,
      maxRateLimitWaitSeconds: opts.maxRateLimitWaitSeconds ?? 600,
      readRetries: opts.readRetries ?? 3,
      retryAfterUnitMs: opts.retryAfterUnitMs,
      writeSpacingMs: opts.writeSpacingMs,
      searchSpacingMs: opts.searchSpacingMs,
      onRequest: opts.onRequest,
    },
    counter,
  );
  addConditionalRequests(client, counter);
  // Writes that create something are never retried blindly: apply.ts checks by marker first.
  const noRetry = { request: { retries: 0 } };

  return {
    kind: "github",
    repo: opts.repo,
    async listBotIssues() {
      const raw = (await client.paginate(client.rest.issues.listForRepo, {
        owner,
        repo,
        labels: opts.label,
        state: "all",
        sort: "created",
        direction: "asc",
        per_page: PAGE_SIZE,
      })) as unknown as RawIssue[];
      return raw.filter((i) => i.pull_request === undefined).map(toIssue);
    },
    async getIssue(issueNumber) {
      try {
        const { data } = await client.rest.issues.get({ owner, repo, issue_number: issueNumber });
        return toIssue(data as unknown as RawIssue);
      } catch (error) {
        const status = (error as { status?: number }).status;
        if (status === 404 || status === 410) return undefined;
        throw error;
      }
    },
    async listComments(issueNumber) {
      const raw = (await client.paginate(client.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: PAGE_SIZE })) as unknown as RawComment[];
      return raw.map(toComment);
    },
    async createIssue(input: IssueCreate) {
      const { data } = await client.rest.issues.create({ owner, repo, title: input.title, body: input.body, labels: [...input.labels], ...noRetry });
      return toIssue(data as unknown as RawIssue);
    },
    async updateIssue(issueNumber: number, patch: IssuePatch) {
      const { data } = await client.rest.issues.update({
        owner,
        repo,
        issue_number: issueNumber,
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.body !== undefined ? { body: patch.body } : {}),
        ...(patch.labels !== undefined ? { labels: [...patch.labels] } : {}),
        ...(patch.state !== undefined ? { state: patch.state } : {}),
        ...(patch.stateReason !== undefined ? { state_reason: patch.stateReason } : {}),
      });
      return toIssue(data as unknown as RawIssue);
    },
    async createComment(issueNumber, body) {
      const { data } = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body, ...noRetry });
      return toComment(data as unknown as RawComment);
    },
    async updateComment(commentId, body) {
      const { data } = await client.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
      return toComment(data as unknown as RawComment);
    },
    async search(phrase) {
      // A quoted phrase is matched as a whole; quotes inside it would end the phrase, so they go.
      const q = `repo:${owner}/${repo} is:issue "${phrase.replace(/"/g, " ").slice(0, 200)}"`;
      const { data } = await client.rest.search.issuesAndPullRequests({ q, per_page: SEARCH_RESULTS });
      return (data.items as unknown as RawIssue[]).filter((i) => i.pull_request === undefined).map(toIssue);
    },
    requests() {
      return { ...counter.counts };
    },
  };
}
