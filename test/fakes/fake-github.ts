// A stateful fake of the GitHub REST issues API on 127.0.0.1:0, for one repository or several
// (`repository("o/r")`), with their files for the contents API. Every request and response is
// validated against the committed OpenAPI sub-spec (test/fakes/github-openapi.subset.json, extracted
// from GitHub's published description by scripts/extract-github-subspec.ts). Malformed requests get
// GitHub's 422; responses that break the spec are recorded in `violations`, which tests assert empty.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { closeLoopback, listenOnLoopback, readBody } from "./loopback.js";
import { OpenAPIBackend } from "openapi-backend";
import type { Operation } from "openapi-backend";

const SPEC_PATH = new URL("./github-openapi.subset.json", import.meta.url);

/** Loose checks for the formats GitHub's description uses; ajv would otherwise ignore them with a warning. */
const FORMATS = {
  "date-time": /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
  uri: /^[a-z][a-z0-9+.-]*:\S*$/i,
  "uri-template": /^\S*$/,
  email: /^\S+@\S+$/,
  int64: true,
  int32: true,
  float: true,
  double: true,
} as const;

export type FaultKind =
  /** 403 with GitHub's secondary-rate-limit message and a retry-after header. */
  | "secondary-403"
  /** 429 with the same message and a retry-after header. */
  | "secondary-429"
  /** The request is served (the write lands), then the client gets 502. */
  | "502-after-write"
  /** The request is served, then the connection is dropped before any response. */
  | "drop-after-write"
  /** 500 without serving the request. */
  | "500"
  /** 502 without serving the request (a proxy in front of GitHub failing). */
  | "502"
  /** GitHub's primary rate limit: 403, x-ratelimit-remaining 0 and the reset time (retryAfterSeconds from now). */
  | "primary-rate-limit"
  /** 200 with a JSON array of `bytes` bytes sent in chunks without Content-Length (a runaway proxy), not served. */
  | "oversized";

export interface Fault {
  readonly method: string;
  readonly path: RegExp;
  readonly kind: FaultKind;
  /** How many matching requests get it; default 1. */
  times?: number;
  readonly retryAfterSeconds?: number;
  /** For "oversized": the body's size. */
  readonly bytes?: number;
}

interface FakeLabel {
  readonly id: number;
  readonly name: string;
  readonly color: string;
  readonly description: string | null;
}

export interface FakeIssue {
  readonly number: number;
  readonly id: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "duplicate" | "reopened" | null;
  labels: string[];
  /** Logins assigned at creation (dropped, as labels are, without push access). */
  assignees: string[];
  readonly created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** When the search index sees it (creation or last update + lag). */
  indexedAt: number;
  readonly isPullRequest: boolean;
  /** The account that filed it. */
  readonly author: string;
}

export interface FakeComment {
  readonly id: number;
  readonly issue_number: number;
  body: string;
  readonly created_at: string;
  updated_at: string;
  readonly login: string;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly operationId?: string;
}

export interface FakeGitHubOptions {
  readonly owner?: string;
  readonly repo?: string;
  readonly token?: string;
  /** More tokens of the same account, so a test can tell two concurrent runs' requests apart. */
  readonly moreTokens?: readonly string[];
  /** Fake clock in epoch ms; timestamps and search lag use it. */
  readonly now?: () => number;
  /** Search results lag writes by this much (GitHub's index lags by seconds to minutes). */
  readonly searchLagMs?: number;
  /** The token's account: GET /user, and the author of issues and comments it creates. */
  readonly login?: string;
}

/** One repository's issues, comments, labels and default-branch files on the fake. */
export class FakeRepository {
  readonly issues = new Map<number, FakeIssue>();
  readonly comments = new Map<number, FakeComment>();
  readonly labels = new Map<string, FakeLabel>();
  /** Files of the default branch by path (`.github/CODEOWNERS`), served by GET /repos/{o}/{r}/contents/{path}. */
  readonly files = new Map<string, string>();
  /** Like a token without `contents: read` (an Actions token whose permissions leave it out): 403 on the contents API. */
  forbidsContents = false;
  nextIssueNumber = 1;

  constructor(
    readonly owner: string,
    readonly repo: string,
    private readonly fake: FakeGitHub,
  ) {}

  /** Seeds an issue in this repository as if a human (or an earlier run) had filed it. */
  seedIssue(input: SeedIssue): FakeIssue {
    return this.fake.seedIssueIn(this, input);
  }

  /** Issues and comments without volatile fields, for comparing end states of two runs. */
  snapshot(): unknown {
    return {
      issues: [...this.issues.values()].map((i) => ({ number: i.number, title: i.title, body: i.body, state: i.state, state_reason: i.state_reason, labels: [...i.labels].sort() })),
      comments: [...this.comments.values()].map((c) => ({ issue: c.issue_number, body: c.body })),
    };
  }
}

export interface SeedIssue {
  title: string;
  body?: string;
  labels?: string[];
  state?: "open" | "closed";
  state_reason?: FakeIssue["state_reason"];
  closedAt?: string;
  pullRequest?: boolean;
  author?: string;
}

const SECONDARY_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";
const MAX_BODY = 65_536;
const MAX_TITLE = 256;

export class FakeGitHub {
  readonly owner: string;
  readonly repo: string;
  /** The first repository's (owner/repo from the options); others are `repository("o/r")`. */
  readonly issues: Map<number, FakeIssue>;
  readonly comments: Map<number, FakeComment>;
  readonly labels: Map<string, FakeLabel>;
  readonly files: Map<string, string>;
  private readonly repositories = new Map<string, FakeRepository>();
  private readonly primary: FakeRepository;
  /** Exceptions the fake itself threw while answering (a test bug, not an API behaviour). */
  readonly crashes: string[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Spec violations in our own responses, and malformed requests (those are also answered 422). */
  readonly violations: string[] = [];
  readonly malformedRequests: string[] = [];
  readonly faults: Fault[] = [];
  private readonly api: OpenAPIBackend;
  private readonly server: Server;
  private readonly tokens: ReadonlySet<string>;
  private readonly now: () => number;
  private readonly login: string;
  searchLagMs: number;
  /** Like a token without push access: GitHub silently drops labels on created issues. */
  dropsLabels = false;
  /** Like an outage: after this many requests every request is answered 502 without being served. */
  failAfterRequests: number | undefined;
  /** Listings by label served (`GET /issues?labels=…`, first pages), by token: which runs have read the bot's issues. */
  readonly labelListings = new Map<string, number>();
  /** Awaited before any request is served: a test holds one run, or every write, until the others got somewhere. */
  requestGate: ((request: { readonly method: string; readonly path: string; readonly token: string }) => Promise<void>) | undefined;
  /** Called before a POST /issues is served: a test files a twin here, as a concurrent run would. */
  beforeCreate: ((title: string, body: string | null, labels: readonly string[]) => void) | undefined;
  private nextId = 1000;
  baseUrl = "";

  private constructor(api: OpenAPIBackend, options: FakeGitHubOptions) {
    this.api = api;
    this.owner = options.owner ?? "acme";
    this.repo = options.repo ?? "backend";
    this.tokens = new Set([options.token ?? "test-token", ...(options.moreTokens ?? [])]);
    this.now = options.now ?? (() => Date.now());
    this.searchLagMs = options.searchLagMs ?? 0;
    this.login = options.login ?? "log-gardener-bot";
    this.primary = this.repository(`${this.owner}/${this.repo}`);
    ({ issues: this.issues, comments: this.comments, labels: this.labels, files: this.files } = this.primary);
    // A fault in the fake answers 500 with its message rather than leaving the client waiting forever.
    this.server = createServer((req, res) =>
      void this.handle(req, res).catch((error: unknown) => {
        this.crashes.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
        if (process.env["LG_TRACE"]) process.stderr.write(`FAKE CRASH ${this.crashes.at(-1)}\n`);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `fake GitHub fault: ${error instanceof Error ? error.message : String(error)}` }));
      }),
    );
  }

  /** Validators compile in seconds; every fake in a process shares one set (they hold no state). */
  private static validator: Promise<OpenAPIBackend> | undefined;

  private static loadValidator(): Promise<OpenAPIBackend> {
    FakeGitHub.validator ??= (async () => {
      const definition = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as ConstructorParameters<typeof OpenAPIBackend>[0]["definition"];
      // Validators compile on first use of each operation: most tests touch a few of them.
      const api = new OpenAPIBackend({ definition, validate: true, quick: false, lazyCompileValidators: true, ajvOpts: { formats: FORMATS } } as ConstructorParameters<typeof OpenAPIBackend>[0]);
      await api.init();
      return api;
    })();
    return FakeGitHub.validator;
  }

  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const api = await FakeGitHub.loadValidator();
    const fake = new FakeGitHub(api, options);
    fake.baseUrl = await listenOnLoopback(fake.server);
    return fake;
  }

  async close(): Promise<void> {
    await closeLoopback(this.server);
  }

  addFault(fault: Fault): void {
    this.faults.push({ ...fault, times: fault.times ?? 1 });
  }

  /** A repository on the fake, `OWNER/NAME` (as GitHub, in any case), created empty on first use. */
  repository(fullName: string): FakeRepository {
    const key = fullName.toLowerCase();
    let found = this.repositories.get(key);
    if (!found) {
      const [owner = "", repo = ""] = fullName.split("/");
      found = new FakeRepository(owner, repo, this);
      this.repositories.set(key, found);
    }
    return found;
  }

  /** Seeds an issue as if a human (or an earlier run) had filed it. */
  seedIssue(input: SeedIssue): FakeIssue {
    return this.seedIssueIn(this.primary, input);
  }

  /** FakeRepository.seedIssue. */
  seedIssueIn(r: FakeRepository, input: SeedIssue): FakeIssue {
    const issue = this.createIssueRecord(r, input.title, input.body ?? null, input.labels ?? [], input.pullRequest ?? false, input.author ?? this.login);
    if (input.state === "closed") {
      issue.state = "closed";
      issue.state_reason = input.state_reason ?? "completed";
      issue.closed_at = input.closedAt ?? this.iso();
    }
    return issue;
  }

  /** Issues and comments without volatile fields, for comparing end states of two runs. */
  snapshot(): unknown {
    return this.primary.snapshot();
  }

  writeCount(): number {
    return this.requests.filter((r) => r.method !== "GET").length;
  }

  private iso(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  private ensureLabel(r: FakeRepository, name: string): void {
    if (!r.labels.has(name)) r.labels.set(name, { id: this.nextId++, name, color: "ededed", description: null });
  }

  private createIssueRecord(r: FakeRepository, title: string, body: string | null, labels: string[], isPullRequest: boolean, author: string): FakeIssue {
    for (const l of labels) this.ensureLabel(r, l);
    const at = this.iso();
    const issue: FakeIssue = {
      number: r.nextIssueNumber++,
      id: this.nextId++,
      title,
      body,
      state: "open",
      state_reason: null,
      labels: [...new Set(labels)],
      assignees: [],
      created_at: at,
      updated_at: at,
      closed_at: null,
      indexedAt: this.now() + this.searchLagMs,
      isPullRequest,
      author,
    };
    r.issues.set(issue.number, issue);
    return issue;
  }

  private repoUrl(r: FakeRepository): string {
    return `${this.baseUrl}/repos/${r.owner}/${r.repo}`;
  }

  private userJson(login: string = this.login): Record<string, unknown> {
    const u = `${this.baseUrl}/users/${login}`;
    const id = login === this.login ? 1 : 2 + [...login].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1_000_000, 0);
    return {
      login, id, node_id: `U_${id}`, avatar_url: `${this.baseUrl}/avatars/${id}`, gravatar_id: "", url: u, html_url: `https://github.test/${login}`,
      followers_url: `${u}/followers`, following_url: `${u}/following{/other_user}`, gists_url: `${u}/gists{/gist_id}`, starred_url: `${u}/starred{/owner}{/repo}`,
      subscriptions_url: `${u}/subscriptions`, organizations_url: `${u}/orgs`, repos_url: `${u}/repos`, events_url: `${u}/events{/privacy}`,
      received_events_url: `${u}/received_events`, type: login === this.login ? "Bot" : "User", site_admin: false,
    };
  }

  /** GET /user: the public view of the token's account. */
  private authenticatedUserJson(): Record<string, unknown> {
    return {
      ...this.userJson(), user_view_type: "public", name: null, company: null, blog: "", location: null, email: null, hireable: null, bio: null,
      public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: "2020-01-01T00:00:00Z", updated_at: "2020-01-01T00:00:00Z",
    };
  }

  private issueJson(r: FakeRepository, issue: FakeIssue): Record<string, unknown> {
    const url = `${this.repoUrl(r)}/issues/${issue.number}`;
    return {
      id: issue.id, node_id: `I_${issue.id}`, url, repository_url: this.repoUrl(r), labels_url: `${url}/labels{/name}`, comments_url: `${url}/comments`,
      events_url: `${url}/events`, html_url: `https://github.test/${r.owner}/${r.repo}/issues/${issue.number}`, number: issue.number,
      state: issue.state, state_reason: issue.state_reason, title: issue.title, body: issue.body, user: this.userJson(issue.author),
      labels: issue.labels.map((name) => {
        // a label a person put on an issue exists in the repository, as on GitHub
        this.ensureLabel(r, name);
        const l = r.labels.get(name)!;
        return { id: l.id, node_id: `LA_${l.id}`, url: `${this.repoUrl(r)}/labels/${encodeURIComponent(name)}`, name, description: l.description, color: l.color, default: false };
      }),
      assignee: issue.assignees[0] ? { ...this.userJson(), login: issue.assignees[0] } : null,
      assignees: issue.assignees.map((login) => ({ ...this.userJson(), login })), milestone: null, locked: false, active_lock_reason: null,
      comments: [...r.comments.values()].filter((c) => c.issue_number === issue.number).length,
      closed_at: issue.closed_at, created_at: issue.created_at, updated_at: issue.updated_at, author_association: "NONE",
      ...(issue.isPullRequest ? { pull_request: { url: `${this.repoUrl(r)}/pulls/${issue.number}`, html_url: null, diff_url: null, patch_url: null } } : {}),
    };
  }

  private commentJson(r: FakeRepository, c: FakeComment): Record<string, unknown> {
    return {
      id: c.id, node_id: `IC_${c.id}`, url: `${this.repoUrl(r)}/issues/comments/${c.id}`, body: c.body,
      html_url: `https://github.test/${r.owner}/${r.repo}/issues/${c.issue_number}#issuecomment-${c.id}`,
      user: this.userJson(c.login), created_at: c.created_at, updated_at: c.updated_at, issue_url: `${this.repoUrl(r)}/issues/${c.issue_number}`,
      author_association: "NONE",
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      return this.send(res, method, url.pathname, 400, { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/rest" });
    }
    const auth = req.headers.authorization ?? "";
    const token = auth.replace(/^(token|Bearer) /, "");
    if (!this.tokens.has(token) || !/^(token|Bearer) /.test(auth)) {
      return this.send(res, method, url.pathname, 401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
    }
    const query = Object.fromEntries(url.searchParams);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const request = { method, path: url.pathname, query, headers, body };
    const operation = this.api.matchOperation(request);
    if (!operation) return this.send(res, method, url.pathname, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    const validation = this.api.validateRequest(request, operation);
    if (!validation.valid) {
      const text = `${method} ${url.pathname}: ${JSON.stringify(validation.errors)}`;
      this.malformedRequests.push(text);
      return this.send(res, method, url.pathname, 422, { message: "Validation Failed", documentation_url: "https://docs.github.com/rest", errors: [] }, operation);
    }

    if (this.failAfterRequests !== undefined && this.requests.length >= this.failAfterRequests) {
      this.requests.push({ method, path: url.pathname, status: 502, operationId: operation.operationId });
      res.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    if (this.requestGate) await this.requestGate({ method, path: url.pathname, token });
    const fault = this.takeFault(method, url.pathname);
    if (fault && (fault.kind === "secondary-403" || fault.kind === "secondary-429")) {
      return this.send(res, method, url.pathname, fault.kind === "secondary-403" ? 403 : 429,
        { message: SECONDARY_MESSAGE, documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" },
        operation, { "retry-after": String(fault.retryAfterSeconds ?? 1) });
    }
    if (fault?.kind === "500") return this.send(res, method, url.pathname, 500, { message: "Server Error" }, operation);
    if (fault?.kind === "502") {
      this.requests.push({ method, path: url.pathname, status: 502, operationId: operation.operationId });
      res.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    if (fault?.kind === "oversized") {
      this.requests.push({ method, path: url.pathname, status: 200, operationId: operation.operationId });
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.on("error", () => undefined);
      const piece = `${JSON.stringify({ padding: "p".repeat(1000) })},`;
      let sent = 0;
      const pump = (): void => {
        while (sent < (fault.bytes ?? 1024 * 1024) && !res.destroyed) {
          sent += piece.length;
          if (!res.write(sent === piece.length ? `[${piece}` : piece)) return void res.once("drain", pump);
        }
        if (!res.destroyed) res.end("{}]");
      };
      pump();
      return;
    }
    if (fault?.kind === "primary-rate-limit") {
      // Octokit's throttling compares the reset with the real clock, so this one does too.
      const reset = Math.ceil(Date.now() / 1000) + (fault.retryAfterSeconds ?? 3600);
      return this.send(res, method, url.pathname, 403,
        { message: "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" },
        operation, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset), "x-ratelimit-used": "5000" });
    }

    const params = operation.operationId ? this.pathParams(url.pathname) : {};
    const result = this.serve(operation, params, query, body as Record<string, unknown> | undefined, headers);
    if (operation.operationId === "issues/list-for-repo" && query["labels"] && (query["page"] ?? "1") === "1") this.labelListings.set(token, (this.labelListings.get(token) ?? 0) + 1);
    if (fault?.kind === "502-after-write") {
      this.requests.push({ method, path: url.pathname, status: 502, operationId: operation.operationId });
      res.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>");
      return;
    }
    if (fault?.kind === "drop-after-write") {
      this.requests.push({ method, path: url.pathname, status: 0, operationId: operation.operationId });
      req.socket.destroy();
      return;
    }
    this.send(res, method, url.pathname, result.status, result.body, operation, result.headers, headers["if-none-match"]);
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => f.method === method && f.path.test(path) && (f.times ?? 0) > 0);
    if (fault) fault.times = (fault.times ?? 1) - 1;
    return fault;
  }

  private pathParams(path: string): Record<string, string> {
    const m = /^\/repos\/([^/]+)\/([^/]+)(?:\/issues(?:\/comments\/(\d+)|\/(\d+)(?:\/comments)?)?)?/.exec(path);
    const contents = /^\/repos\/[^/]+\/[^/]+\/contents\/(.+)$/.exec(path);
    return { owner: m?.[1] ?? "", repo: m?.[2] ?? "", comment_id: m?.[3] ?? "", issue_number: m?.[4] ?? "", path: contents ? decodeURIComponent(contents[1] ?? "") : "" };
  }

  private send(res: ServerResponse, method: string, path: string, status: number, body: unknown, operation?: Operation, extraHeaders: Record<string, string> = {}, ifNoneMatch?: string): void {
    const text = body === undefined ? "" : JSON.stringify(body);
    const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4999", "x-ratelimit-resource": "core", ...extraHeaders };
    if (method === "GET" && status === 200) {
      const etag = `"${createHash("sha256").update(text).update(extraHeaders["link"] ?? "").digest("hex").slice(0, 32)}"`;
      headers["etag"] = etag;
      if (ifNoneMatch === etag) {
        this.requests.push({ method, path, status: 304, operationId: operation?.operationId });
        res.writeHead(304, { etag }).end();
        return;
      }
    }
    if (operation && status < 300) {
      const check = this.api.validateResponse(body, operation, status);
      if (check.errors && check.errors.length > 0) this.violations.push(`${operation.operationId} ${status}: ${JSON.stringify(check.errors).slice(0, 500)}`);
    }
    this.requests.push({ method, path, status, operationId: operation?.operationId });
    res.writeHead(status, headers).end(text);
  }

  private paginate<T>(items: readonly T[], query: Record<string, string>, path: string): { page: T[]; link?: string } {
    const perPage = Math.min(100, Number(query["per_page"] ?? 30));
    const page = Math.max(1, Number(query["page"] ?? 1));
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const links: string[] = [];
    const pageUrl = (n: number): string => {
      const params = new URLSearchParams({ ...query, page: String(n) });
      return `<${this.baseUrl}${path}?${params}>`;
    };
    if (page < last) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
    if (page > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`);
    return { page: items.slice((page - 1) * perPage, page * perPage), link: links.length > 0 ? links.join(", ") : undefined };
  }

  private serve(operation: Operation, params: Record<string, string>, query: Record<string, string>, body: Record<string, unknown> | undefined, _headers: Record<string, string>): { status: number; body: unknown; headers?: Record<string, string> } {
    const notFound = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
    const invalid = (message: string) => ({ status: 422, body: { message: "Validation Failed", documentation_url: "https://docs.github.com/rest", errors: [{ resource: "Issue", code: "custom", field: "body", message }] } });
    if (operation.operationId === "search/issues-and-pull-requests") return this.search(query);
    if (operation.operationId === "users/get-authenticated") return { status: 200, body: this.authenticatedUserJson() };
    const r = this.repositories.get(`${params["owner"]}/${params["repo"]}`.toLowerCase());
    if (!r) return notFound;
    const issueNumber = Number(params["issue_number"]);
    switch (operation.operationId) {
      case "issues/list-for-repo": {
        const state = query["state"] ?? "open";
        const wanted = (query["labels"] ?? "").split(",").filter(Boolean);
        let items = [...r.issues.values()].filter((i) => (state === "all" || i.state === state) && wanted.every((l) => i.labels.includes(l)));
        const direction = query["direction"] ?? "desc";
        items.sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number));
        if (query["since"]) items = items.filter((i) => i.updated_at >= query["since"]!);
        const { page, link } = this.paginate(items, query, `/repos/${r.owner}/${r.repo}/issues`);
        return { status: 200, body: page.map((i) => this.issueJson(r, i)), headers: link ? { link } : {} };
      }
      case "issues/create": {
        const title = String(body?.["title"] ?? "");
        const text = (body?.["body"] as string | null | undefined) ?? null;
        if (title.length === 0 || title.length > MAX_TITLE) return invalid("title is invalid");
        if (text !== null && text.length > MAX_BODY) return invalid(`body is too long (maximum is ${MAX_BODY} characters)`);
        const labels = ((body?.["labels"] as unknown[] | undefined) ?? []).map((l) => (typeof l === "string" ? l : String((l as { name?: string }).name ?? "")));
        this.beforeCreate?.(title, text, labels);
        const issue = this.createIssueRecord(r, title, text, this.dropsLabels ? [] : labels, false, this.login);
        if (!this.dropsLabels) issue.assignees = ((body?.["assignees"] as unknown[] | undefined) ?? []).map(String);
        return { status: 201, body: this.issueJson(r, issue), headers: { location: `${this.repoUrl(r)}/issues/${issue.number}` } };
      }
      case "issues/get": {
        const issue = r.issues.get(issueNumber);
        return issue ? { status: 200, body: this.issueJson(r, issue) } : notFound;
      }
      case "issues/update": {
        const issue = r.issues.get(issueNumber);
        if (!issue) return notFound;
        if (typeof body?.["title"] === "string") {
          if (body["title"].length === 0 || body["title"].length > MAX_TITLE) return invalid("title is invalid");
          issue.title = body["title"];
        }
        if (body && "body" in body) {
          const text = body["body"] as string | null;
          if (text !== null && text.length > MAX_BODY) return invalid(`body is too long (maximum is ${MAX_BODY} characters)`);
          issue.body = text;
        }
        if (Array.isArray(body?.["labels"])) {
          issue.labels = [...new Set((body["labels"] as unknown[]).map((l) => (typeof l === "string" ? l : String((l as { name?: string }).name ?? ""))))];
          for (const l of issue.labels) this.ensureLabel(r, l);
        }
        const newState = body?.["state"] as "open" | "closed" | undefined;
        // state_reason is ignored unless the state changes (GitHub's documented behaviour).
        if (newState && newState !== issue.state) {
          issue.state = newState;
          const reason = (body?.["state_reason"] as FakeIssue["state_reason"] | undefined) ?? null;
          if (newState === "closed") {
            issue.state_reason = reason ?? "completed";
            issue.closed_at = this.iso();
          } else {
            issue.state_reason = reason ?? "reopened";
            issue.closed_at = null;
          }
        }
        issue.updated_at = this.iso();
        issue.indexedAt = this.now() + this.searchLagMs;
        return { status: 200, body: this.issueJson(r, issue) };
      }
      case "issues/list-comments": {
        if (!r.issues.has(issueNumber)) return notFound;
        const items = [...r.comments.values()].filter((c) => c.issue_number === issueNumber).sort((a, b) => a.id - b.id);
        const { page, link } = this.paginate(items, query, `/repos/${r.owner}/${r.repo}/issues/${issueNumber}/comments`);
        return { status: 200, body: page.map((c) => this.commentJson(r, c)), headers: link ? { link } : {} };
      }
      case "issues/create-comment": {
        const issue = r.issues.get(issueNumber);
        if (!issue) return notFound;
        const text = String(body?.["body"] ?? "");
        if (text.length > MAX_BODY) return invalid(`body is too long (maximum is ${MAX_BODY} characters)`);
        const at = this.iso();
        const comment: FakeComment = { id: this.nextId++, issue_number: issueNumber, body: text, created_at: at, updated_at: at, login: this.login };
        r.comments.set(comment.id, comment);
        issue.updated_at = at;
        return { status: 201, body: this.commentJson(r, comment), headers: { location: `${this.repoUrl(r)}/issues/comments/${comment.id}` } };
      }
      case "issues/update-comment": {
        const comment = r.comments.get(Number(params["comment_id"]));
        if (!comment) return notFound;
        const text = String(body?.["body"] ?? "");
        if (text.length > MAX_BODY) return invalid(`body is too long (maximum is ${MAX_BODY} characters)`);
        comment.body = text;
        comment.updated_at = this.iso();
        return { status: 200, body: this.commentJson(r, comment) };
      }
      case "issues/create-label": {
        const name = String(body?.["name"] ?? "");
        if (r.labels.has(name)) return { status: 422, body: { message: "Validation Failed", documentation_url: "https://docs.github.com/rest", errors: [{ resource: "Label", code: "already_exists", field: "name" }] } };
        r.labels.set(name, { id: this.nextId++, name, color: String(body?.["color"] ?? "ededed"), description: (body?.["description"] as string | undefined) ?? null });
        const l = r.labels.get(name)!;
        return { status: 201, body: { id: l.id, node_id: `LA_${l.id}`, url: `${this.repoUrl(r)}/labels/${encodeURIComponent(name)}`, name, description: l.description, color: l.color, default: false } };
      }
      case "repos/get-content": {
        if (r.forbidsContents) return { status: 403, body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content", status: "403" } };
        const path = params["path"] ?? "";
        const text = r.files.get(path);
        if (text === undefined) return notFound;
        const self = `${this.repoUrl(r)}/contents/${path}`;
        const html = `https://github.test/${r.owner}/${r.repo}/blob/main/${path}`;
        const sha = createHash("sha1").update(`blob ${Buffer.byteLength(text)}\0${text}`).digest("hex");
        const git = `${this.repoUrl(r)}/git/blobs/${sha}`;
        // GitHub wraps the base64 at 60 columns.
        const content = (Buffer.from(text, "utf8").toString("base64").match(/.{1,60}/g) ?? []).join("\n");
        return {
          status: 200,
          body: {
            type: "file", encoding: "base64", size: Buffer.byteLength(text), name: path.split("/").pop() ?? path, path, content, sha,
            url: `${self}?ref=main`, git_url: git, html_url: html, download_url: `https://raw.github.test/${r.owner}/${r.repo}/main/${path}`,
            _links: { self: `${self}?ref=main`, git, html },
          },
        };
      }
      default:
        return notFound;
    }
  }

  /** A small subset of GitHub's issue search: repo:, is:issue|pr, state:, label:, quoted phrases and words. */
  private search(query: Record<string, string>): { status: number; body: unknown } {
    const q = query["q"] ?? "";
    const phrases = [...q.matchAll(/"([^"]*)"/g)].map((m) => m[1]!.toLowerCase().trim()).filter(Boolean);
    const rest = q.replace(/"[^"]*"/g, " ").split(/\s+/).filter((t) => t.length > 0 && t !== "OR");
    const anyPhrase = /"\s+OR\s+"/.test(q);
    const operators = (q.match(/\b(AND|OR|NOT)\b/g) ?? []).length;
    if (operators > 5) return { status: 422, body: { message: "Validation Failed", documentation_url: "https://docs.github.com/rest/search/search", errors: [{ resource: "Search", field: "q", code: "invalid", message: "More than five AND / OR / NOT operators were used." }] } };
    const qualifiers = new Map<string, string>();
    const words: string[] = [];
    for (const token of rest) {
      const m = /^(repo|is|state|label|in):(.+)$/.exec(token);
      if (m) qualifiers.set(m[1]!, m[2]!);
      else words.push(token.toLowerCase());
    }
    const r = this.repositories.get((qualifiers.get("repo") ?? "").toLowerCase());
    if (!r) return { status: 200, body: { total_count: 0, incomplete_results: false, items: [], search_type: "lexical" } };
    const now = this.now();
    const items = [...r.issues.values()].filter((i) => {
      if (i.indexedAt > now) return false;
      if (qualifiers.get("is") === "issue" && i.isPullRequest) return false;
      if (qualifiers.has("state") && i.state !== qualifiers.get("state")) return false;
      if (qualifiers.has("label") && !i.labels.includes(qualifiers.get("label")!)) return false;
      const text = `${i.title}\n${i.body ?? ""}`.toLowerCase();
      const phrasesMatch = anyPhrase ? phrases.some((p) => text.includes(p)) : phrases.every((p) => text.includes(p));
      return phrasesMatch && words.every((w) => text.includes(w));
    });
    const perPage = Math.min(100, Number(query["per_page"] ?? 30));
    return {
      status: 200,
      body: { total_count: items.length, incomplete_results: false, items: items.slice(0, perPage).map((i) => ({ ...this.issueJson(r, i), score: 1 })), search_type: "lexical" },
    };
  }
}
