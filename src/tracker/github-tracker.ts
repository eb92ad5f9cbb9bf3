// The GitHub implementation of Tracker: issues through the REST API, found again by label + marker.
import { UsageError } from "../model/errors.js";
import type { IssuePatch, IssueStateReason } from "../model/tracker.js";
import type { CachedResponse } from "../state/store.js";
import type { ClientOptions, GitHubClient } from "./client.js";
import { createGitHubClient } from "./client.js";
import { RequestCounter, type IssueCreate, type Tracker, type TrackerComment, type TrackerIssue } from "./tracker.js";

export interface GitHubTrackerOptions {
  /** `OWNER/NAME`. */
  readonly repo: string;
  readonly token: string;
  /** Where the token came from (GITHUB_TOKEN, GH_TOKEN, gh auth token), for the worklog; never the value. */
  readonly tokenSource?: string;
  readonly baseUrl: string;
  readonly label: string;
  readonly onRequest?: ClientOptions["onRequest"];
  readonly maxRateLimitWaitSeconds?: number;
  readonly readRetries?: number;
  /** tracker.maxResponseBytes; 64 MiB when absent. */
  readonly maxResponseBytes?: number;
  /** Test knobs: GitHub's seconds scaled down, and the spacing of writes and searches. */
  readonly retryAfterUnitMs?: number;
  readonly writeSpacingMs?: number;
  readonly searchSpacingMs?: number;
  /** Keeps ETags and responses across runs (the state store); in memory for this run when absent. */
  readonly responseCache?: ResponseCache;
  /**
   * The login our issues are filed as. Found with `GET /user` when absent; a GitHub App installation
   * token cannot call that, so its `APP-SLUG[bot]` login is given here (tracker.author).
   */
  readonly author?: string;
}

/** Pages read when looking for issues filed since a listing: 1,000 issues in the seconds a run takes is more than any repository sees. */
const MAX_PAGES_AFTER = 10;

/** GitHub returns 100 items per page at most. */
const PAGE_SIZE = 100;
/** Search hits read per request; the best matches come first. */
const SEARCH_RESULTS = 50;
/** GitHub allows five AND/OR/NOT operators per query, so six phrases joined by OR. */
const MAX_PHRASES_PER_QUERY = 6;
/** GitHub caps the query at 256 characters, not counting qualifiers; quotes and ORs count. */
const MAX_QUERY_TEXT = 240;

/** Groups phrases into queries GitHub accepts: quotes inside a phrase would end it, so they go. */
export function searchBatches(phrases: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const raw of new Set(phrases)) {
    const phrase = raw.replace(/"/g, " ").trim().slice(0, 120);
    if (phrase.length === 0) continue;
    const cost = phrase.length + 2 + (current.length > 0 ? 4 : 0);
    if (current.length >= MAX_PHRASES_PER_QUERY || length + cost > MAX_QUERY_TEXT) {
      batches.push(current);
      current = [];
      length = 0;
    }
    current.push(phrase);
    length += phrase.length + 2 + (current.length > 1 ? 4 : 0);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

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
  readonly user?: { readonly login: string } | null;
}

interface RawComment {
  readonly id: number;
  readonly body?: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly html_url: string;
  readonly user: { readonly login: string } | null;
}

function toIssue(raw: RawIssue, viewer: string): TrackerIssue {
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
    createdByUs: raw.user?.login !== undefined && raw.user.login.toLowerCase() === viewer.toLowerCase(),
  };
}

function toComment(raw: RawComment): TrackerComment {
  return { id: raw.id, body: raw.body ?? "", createdAt: raw.created_at, updatedAt: raw.updated_at, author: raw.user?.login, url: raw.html_url };
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** Colours and descriptions for the labels we create, so a repository's label list explains itself. */
const LABEL_STYLE: Readonly<Record<string, { readonly color: string; readonly description: string }>> = {
  P0: { color: "b60205", description: "Outage or data loss: act now" },
  P1: { color: "d93f0b", description: "Major impact: fix this week" },
  P2: { color: "fbca04", description: "Moderate impact" },
  P3: { color: "c5def5", description: "Minor or noisy" },
  new: { color: "1d76db", description: "First seen recently" },
  regression: { color: "e11d21", description: "Came back after its issue was closed" },
  "active-dev": { color: "5319e7", description: "Appeared with a recent revision" },
  other: { color: "cccccc", description: "Ongoing" },
};
const BOT_LABEL_STYLE = { color: "0e8a16", description: "Filed and kept current by log-gardener from Cloud Logging" };

/** Where conditional requests keep their ETags and responses; the state store keeps them across runs. */
export interface ResponseCache {
  load(key: string): Promise<CachedResponse | undefined>;
  save(key: string, response: CachedResponse): Promise<void>;
}

function memoryResponseCache(): ResponseCache {
  const responses = new Map<string, CachedResponse>();
  return { load: async (key) => responses.get(key), save: async (key, response) => void responses.set(key, response) };
}

/** Replays an unchanged GET from the cache when GitHub answers 304 to its ETag (a 304 costs no rate limit). */
function addConditionalRequests(client: GitHubClient, counter: RequestCounter, cache: ResponseCache): void {
  client.hook.wrap("request", async (request, options) => {
    if (options.method !== "GET") return request(options);
    const key = client.request.endpoint(options).url;
    const cached = await cache.load(key);
    if (cached) options.headers = { ...options.headers, "if-none-match": cached.etag };
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (etag) await cache.save(key, { etag, json: JSON.stringify(response) });
      return response;
    } catch (error) {
      if ((error as { status?: number }).status === 304 && cached) {
        counter.add("not-modified");
        return JSON.parse(cached.json) as Awaited<ReturnType<typeof request>>;
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
      maxResponseBytes: opts.maxResponseBytes ?? 64 * 1024 * 1024,
      retryAfterUnitMs: opts.retryAfterUnitMs,
      writeSpacingMs: opts.writeSpacingMs,
      searchSpacingMs: opts.searchSpacingMs,
      onRequest: opts.onRequest,
    },
    counter,
  );
  addConditionalRequests(client, counter, opts.responseCache ?? memoryResponseCache());
  // Writes that create something are never retried blindly: apply.ts checks by marker first.
  const noRetry = { request: { retries: 0 } };
  // Labels seen on listed issues exist; others are created once, with a colour (GitHub would add them grey).
  const knownLabels = new Set<string>();
  const ensureLabels = async (labels: readonly string[]): Promise<void> => {
    for (const name of labels) {
      if (knownLabels.has(name)) continue;
      const style = name === opts.label ? BOT_LABEL_STYLE : LABEL_STYLE[name];
      try {
        await client.rest.issues.createLabel({ owner, repo, name, ...(style ?? {}), ...noRetry });
      } catch (error) {
        // 422: it exists already. Anything else (no push access): the issue write still goes ahead.
        const status = (error as { status?: number }).status;
        if (status === 429 || (status === 403 && /rate limit/i.test(String((error as Error).message)))) throw error;
      }
      knownLabels.add(name);
    }
  };

  // Who we are, asked once per run (GET /user); every issue is judged ours or not against it.
  let viewerLogin: Promise<string> | undefined;
  const viewer = (): Promise<string> =>
    (viewerLogin ??= opts.author !== undefined
      ? Promise.resolve(opts.author)
      : client.rest.users.getAuthenticated().then(
          ({ data }) => data.login,
          (error: unknown) => {
            viewerLogin = undefined;
            if ((error as { status?: number }).status === 403 && !/rate limit/i.test(String((error as Error).message))) {
              throw new UsageError("GitHub does not say which account the token belongs to (GET /user: 403, as for an App installation token): set tracker.author to the login it files issues as, such as my-app[bot]", { cause: error });
            }
            throw error;
          },
        ));
  const toIssues = async (raw: readonly RawIssue[]): Promise<TrackerIssue[]> => {
    const login = await viewer();
    return raw.filter((i) => i.pull_request === undefined).map((i) => toIssue(i, login));
  };

  return {
    kind: "github",
    repo: opts.repo,
    label: opts.label,
    ...(opts.tokenSource !== undefined ? { tokenSource: opts.tokenSource } : {}),
    host: hostOf(opts.baseUrl),
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
      const issues = await toIssues(raw);
      for (const issue of issues) for (const label of issue.labels) knownLabels.add(label);
      // Anyone can put our label and a copied marker on an issue: only those our account filed count.
      return issues.filter((i) => i.createdByUs);
    },
    async listRecentIssues(limit) {
      const { data } = await client.rest.issues.listForRepo({ owner, repo, state: "all", sort: "created", direction: "desc", per_page: Math.min(PAGE_SIZE, limit) });
      return toIssues(data as unknown as RawIssue[]);
    },
    async listIssuesAfter(afterNumber) {
      const out: RawIssue[] = [];
      let pages = 0;
      for await (const { data } of client.paginate.iterator(client.rest.issues.listForRepo, { owner, repo, state: "all", sort: "created", direction: "desc", per_page: PAGE_SIZE })) {
        const page = data as unknown as RawIssue[];
        out.push(...page.filter((i) => i.number > afterNumber));
        pages += 1;
        if (page.some((i) => i.number <= afterNumber) || pages >= MAX_PAGES_AFTER) break;
      }
      return toIssues(out);
    },
    async getIssue(issueNumber) {
      try {
        const { data } = await client.rest.issues.get({ owner, repo, issue_number: issueNumber });
        const [issue] = await toIssues([data as unknown as RawIssue]);
        return issue;
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
      await ensureLabels(input.labels);
      const { data } = await client.rest.issues.create({ owner, repo, title: input.title, body: input.body, labels: [...input.labels], ...(input.assignees?.length ? { assignees: [...input.assignees] } : {}), ...noRetry });
      return toIssue(data as unknown as RawIssue, await viewer());
    },
    async updateIssue(issueNumber: number, patch: IssuePatch) {
      if (patch.labels) await ensureLabels(patch.labels);
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
      return toIssue(data as unknown as RawIssue, await viewer());
    },
    async createComment(issueNumber, body) {
      const { data } = await client.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body, ...noRetry });
      return toComment(data as unknown as RawComment);
    },
    async updateComment(commentId, body) {
      const { data } = await client.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
      return toComment(data as unknown as RawComment);
    },
    async search(phrases, { maxRequests }) {
      const found = new Map<number, TrackerIssue>();
      const batches = searchBatches(phrases);
      let requests = 0;
      for (const batch of batches.slice(0, maxRequests)) {
        requests += 1;
        const q = `repo:${owner}/${repo} is:issue ${batch.map((p) => `"${p}"`).join(" OR ")}`;
        const { data } = await client.rest.search.issuesAndPullRequests({ q, per_page: SEARCH_RESULTS });
        for (const issue of await toIssues(data.items as unknown as RawIssue[])) found.set(issue.number, issue);
      }
      const skipped = batches.slice(maxRequests).reduce((n, b) => n + b.length, 0);
      return { issues: [...found.values()], requests, skipped };
    },
    async readFile(path) {
      try {
        const { data } = await client.rest.repos.getContent({ owner, repo, path });
        // A directory (a listing), a symlink or a submodule is not a file there.
        if (Array.isArray(data) || data.type !== "file" || !("content" in data)) return undefined;
        // Over 1 MB the contents API answers without the content (encoding "none").
        if (data.encoding !== "base64") throw new Error(`${path} is over the 1 MB the contents API returns`);
        return Buffer.from(data.content, "base64").toString("utf8");
      } catch (error) {
        if ((error as { status?: number }).status === 404) return undefined;
        throw error;
      }
    },
    requests() {
      return { ...counter.counts };
    },
  };
}
