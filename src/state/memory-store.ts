import { randomBytes } from "node:crypto";
import type { ClusterHistory, Priority, RunHistory, SourceLocation } from "../model/index.js";
import { InternalError, UsageError } from "../model/index.js";
import { baselineCandidates, selectCoveringRuns, type CoverageRun } from "./coverage.js";
import { isEarlier, isLater } from "./instant.js";
import { epochDay, HashedEntryKeys, UNKNOWN_DAY } from "./entry-key-hash.js";
import { EntryKeyDays } from "./entry-key-set.js";
import { applyIssueUpdate, DEFAULT_COMMENT_AUTHOR, matchesIssueQuery } from "./local-tracker-rules.js";
import {
  DEFAULT_ENTRY_KEY_RETENTION_DAYS,
  DEFAULT_MAX_RUNS,
  DEFAULT_RECENT_RUNS,
  coveredServices,
  type ClusterRunRecord,
  type CachedResponse,
  type ClusterSaveResult,
  type ClusterTimeline,
  type IssueLink,
  type ListClustersOptions,
  type LoadHistoryOptions,
  type LocalComment,
  type LocalCommentCreate,
  type LocalIssue,
  type LocalIssueCreate,
  type LocalIssueQuery,
  type LocalIssueUpdate,
  type RunSave,
  type SaveRunResult,
  type StateStore,
  type StoredCluster,
  type StoredIssueLink,
  type StoredRun,
  type StoredRunPoint,
  type StoreOptions,
} from "./store.js";

const DEFAULT_TIMELINE_POINTS = 50;

/** The in-memory twin of the SQLite store: same contract, nothing on disk. For tests and dry runs. */
export function openMemoryStateStore(opts: StoreOptions = { now: () => new Date() }): StateStore {
  return new MemoryStateStore(opts);
}

interface MemoryRun {
  readonly seq: number;
  readonly run: StoredRun;
}

interface MemoryPoint {
  readonly count: number;
  readonly newEntries: number;
  readonly ratePerMinute: number;
  readonly priority?: Priority;
  readonly rulesPriority?: Priority;
}

interface MemoryCluster {
  readonly id: number;
  fingerprint: string;
  readonly aliases: Set<string>;
  kind: "log" | "http";
  service?: string;
  name: string;
  source?: SourceLocation;
  templates: StoredCluster["templates"];
  firstSeen?: string;
  lastSeen?: string;
  firstRevision?: string;
  readonly firstRunId: string;
  readonly firstRunSeq: number;
  lastRunId: string;
  lastRunSeq: number;
  totalCount: number;
  publishedPriority?: Priority;
  publishedAt?: string;
  /** Entry keys, as their 64-bit hashes like SQLite keeps them, with the day of each entry, for pruning. */
  readonly keys: EntryKeyDays;
  readonly points: Map<number, MemoryPoint>;
}

class MemoryStateStore implements StateStore {
  readonly location = ":memory:";
  private readonly now: () => Date;
  private readonly retentionDays: number;
  private readonly maxRuns: number;
  private runs: MemoryRun[] = [];
  private nextSeq = 1;
  private readonly clusters: MemoryCluster[] = [];
  // Indexes of `clusters` (fingerprints are unique; an alias may be held by several): a run of mostly
  // distinct lines saves thousands of clusters, and a scan of all for each was quadratic.
  private readonly byFingerprint = new Map<string, MemoryCluster>();
  private readonly byAlias = new Map<string, MemoryCluster[]>();
  private readonly revisions = new Map<string, string>();
  private minerSnapshotJson: string | undefined;
  private readonly links = new Map<string, StoredIssueLink>();
  private readonly issues = new Map<number, LocalIssue>();
  private readonly comments = new Map<number, LocalComment>();
  private nextIssue = 1;
  private nextComment = 1;
  private prunedDay = -1;

  constructor(opts: StoreOptions) {
    this.now = opts.now;
    this.retentionDays = opts.entryKeyRetentionDays ?? DEFAULT_ENTRY_KEY_RETENTION_DAYS;
    this.maxRuns = opts.maxRuns ?? DEFAULT_MAX_RUNS;
  }

  async saveRun(save: RunSave): Promise<SaveRunResult> {
    const { run } = save;
    if (this.runs.some((r) => r.run.runId === run.runId)) throw new UsageError(`run ${run.runId} is already recorded in ${this.location}`);
    // Checked before anything changes: the twin has no transaction to roll back.
    const claimed = new Set<string>();
    for (const record of save.clusters) {
      if (claimed.has(record.fingerprint)) throw new InternalError(`run ${run.runId} names cluster ${record.fingerprint} twice`);
      claimed.add(record.fingerprint);
    }
    // Entries are read before anything changes, so an input failing mid-way leaves no trace, as in SQLite.
    const entriesByRecord = new Map(save.clusters.map((record) => [record, HashedEntryKeys.from(record.entries)]));
    const seq = this.nextSeq++;
    const results = new Map<string, ClusterSaveResult>();
    let newEntries = 0;
    const defaultDay = epochDay(Date.parse(run.finishedAt) || this.now().getTime());
    // Pruned first, so the retention is exact: a key older than it counts as new again.
    const prunedKeys = this.pruneEntryKeys();
    if (run.outcome.kind !== "failed") {
      for (const record of save.clusters) {
        const result = this.saveCluster({ ...record, entries: entriesByRecord.get(record) ?? new HashedEntryKeys() }, run.runId, seq, defaultDay, claimed);
        results.set(record.fingerprint, result);
        newEntries += result.newEntries;
      }
      for (const revision of save.revisions) {
        const firstSeen = revision.firstSeen ?? run.finishedAt;
        const known = this.revisions.get(revision.name);
        if (known === undefined || isEarlier(firstSeen, known)) this.revisions.set(revision.name, firstSeen);
      }
    }
    if (save.minerSnapshot !== undefined && run.outcome.kind !== "failed") this.minerSnapshotJson = JSON.stringify(save.minerSnapshot);
    const stored: StoredRun = structuredClone({ ...run, coveredServices: coveredServices(run), clusterCount: results.size, newEntries });
    this.runs.push({ seq, run: stored });
    this.runs = this.runs.filter((r) => r.seq > seq - this.maxRuns);
    for (const cluster of this.clusters) for (const pointSeq of cluster.points.keys()) if (pointSeq <= seq - this.maxRuns) cluster.points.delete(pointSeq);
    return { runId: run.runId, clusters: results, prunedKeys };
  }

  private saveCluster(record: ClusterRunRecord, runId: string, seq: number, defaultDay: number, claimed: ReadonlySet<string>): ClusterSaveResult {
    let cluster = this.byFingerprint.get(record.fingerprint);
    for (const alias of record.aliases) {
      const found = cluster === undefined ? this.resolveCluster(alias) : undefined;
      if (found !== undefined && found.lastRunSeq !== seq && !claimed.has(found.fingerprint)) cluster = found;
    }
    const firstRun = cluster === undefined;
    if (cluster === undefined) {
      cluster = {
        id: this.clusters.length + 1,
        fingerprint: record.fingerprint,
        aliases: new Set(),
        kind: record.kind,
        service: record.service,
        name: record.name,
        source: record.source,
        templates: structuredClone(record.templates),
        firstSeen: record.firstSeen,
        lastSeen: record.lastSeen,
        firstRevision: record.firstRevision,
        firstRunId: runId,
        firstRunSeq: seq,
        lastRunId: runId,
        lastRunSeq: seq,
        totalCount: 0,
        publishedPriority: record.published?.priority,
        publishedAt: record.published?.at,
        keys: new EntryKeyDays(),
        points: new Map(),
      };
      this.clusters.push(cluster);
      this.byFingerprint.set(cluster.fingerprint, cluster);
    } else {
      const earlier = isEarlier(record.firstSeen, cluster.firstSeen);
      if (cluster.fingerprint !== record.fingerprint) {
        this.addAlias(cluster, cluster.fingerprint);
        this.byFingerprint.delete(cluster.fingerprint);
        this.byFingerprint.set(record.fingerprint, cluster);
      }
      cluster.fingerprint = record.fingerprint;
      cluster.kind = record.kind;
      cluster.service = record.service ?? cluster.service;
      cluster.name = record.name;
      cluster.source = record.source ?? cluster.source;
      cluster.templates = structuredClone(record.templates);
      if ((earlier || cluster.firstRevision === undefined) && record.firstRevision !== undefined) cluster.firstRevision = record.firstRevision;
      if (earlier) cluster.firstSeen = record.firstSeen;
      if (isLater(record.lastSeen, cluster.lastSeen)) cluster.lastSeen = record.lastSeen;
      cluster.lastRunId = runId;
      cluster.lastRunSeq = seq;
      if (record.published !== undefined) {
        cluster.publishedPriority = record.published.priority;
        cluster.publishedAt = record.published.at;
      }
    }
    for (const alias of record.aliases) if (alias !== record.fingerprint) this.addAlias(cluster, alias);
    let newEntries = 0;
    const hashed = HashedEntryKeys.from(record.entries).columns();
    for (let i = 0; i < hashed.hi.length; i++) {
      const day = hashed.day[i] ?? UNKNOWN_DAY;
      if (cluster.keys.add(hashed.hi[i] ?? 0, hashed.lo[i] ?? 0, day === UNKNOWN_DAY ? defaultDay : day)) newEntries += 1;
    }
    newEntries += record.countedNewEntries ?? 0;
    cluster.totalCount += newEntries;
    cluster.points.set(seq, { count: record.count, newEntries, ratePerMinute: record.ratePerMinute, priority: record.priority, rulesPriority: record.rulesPriority });
    return { newEntries, totalCount: cluster.totalCount, firstRun };
  }

  private pruneEntryKeys(): number {
    const today = epochDay(this.now().getTime());
    if (this.prunedDay >= today) return 0;
    this.prunedDay = today;
    let pruned = 0;
    for (const cluster of this.clusters) pruned += cluster.keys.pruneBefore(today - this.retentionDays);
    return pruned;
  }

  async listRuns(opts: { readonly limit?: number } = {}): Promise<readonly StoredRun[]> {
    const newestFirst = [...this.runs].reverse().map((r) => structuredClone(r.run));
    return opts.limit === undefined ? newestFirst : newestFirst.slice(0, opts.limit);
  }

  async loadHistory(fingerprints: Iterable<string>, opts: LoadHistoryOptions): Promise<RunHistory> {
    const candidates = this.baselineCandidates(opts.baselineSince);
    const clusters = new Map<string, ClusterHistory>();
    for (const fingerprint of fingerprints) {
      if (clusters.has(fingerprint)) continue;
      const cluster = this.resolveCluster(fingerprint);
      if (cluster === undefined) continue;
      const issue = this.findIssueNow(fingerprint);
      clusters.set(fingerprint, {
        fingerprint: cluster.fingerprint,
        service: cluster.service,
        firstSeen: cluster.firstSeen,
        lastSeen: cluster.lastSeen,
        firstRevision: cluster.firstRevision,
        totalCount: cluster.totalCount,
        runs: this.coveringPoints(cluster, candidates, opts.baselineRuns).map((p) => ({
          runId: p.runId,
          windowStart: p.windowStart,
          windowEnd: p.windowEnd,
          count: p.count,
          ratePerMinute: p.ratePerMinute,
          priority: p.priority,
          rulesPriority: p.rulesPriority,
        })),
        lastPriority: cluster.publishedPriority,
        lastPriorityAt: cluster.publishedAt,
        issue:
          issue === undefined
            ? undefined
            : {
                tracker: issue.tracker,
                number: issue.number,
                url: issue.url,
                state: issue.state,
                stateReason: issue.stateReason,
                closedAt: issue.closedAt,
                ...(issue.reopenedByPersonAt ? { reopenedByPersonAt: issue.reopenedByPersonAt } : {}),
              },
      });
    }
    return { clusters, revisionsFirstSeen: new Map(this.revisions) };
  }

  async listClusters(opts: ListClustersOptions = {}): Promise<readonly StoredCluster[]> {
    const candidates = this.baselineCandidates();
    const chosen = this.clusters
      .filter((c) => opts.service === undefined || c.service === opts.service)
      .sort((a, b) => b.lastRunSeq - a.lastRunSeq || b.totalCount - a.totalCount || a.id - b.id)
      .slice(0, opts.limit ?? this.clusters.length);
    return chosen.map((c) => this.storedCluster(c, this.coveringPoints(c, candidates, opts.recentRuns ?? DEFAULT_RECENT_RUNS)));
  }

  async clusterTimeline(fingerprint: string, opts: { readonly limit?: number } = {}): Promise<ClusterTimeline | undefined> {
    const cluster = this.resolveCluster(fingerprint);
    if (cluster === undefined) return undefined;
    const points = this.coveringPoints(cluster, this.baselineCandidates(), opts.limit ?? DEFAULT_TIMELINE_POINTS);
    return { cluster: this.storedCluster(cluster, points.slice(-DEFAULT_RECENT_RUNS)), points };
  }

  private baselineCandidates(since?: string): CoverageRun[] {
    return baselineCandidates(
      [...this.runs].reverse().map((r) => ({
        seq: r.seq,
        runId: r.run.runId,
        windowStart: r.run.window.start,
        windowEnd: r.run.window.end,
        finishedAt: r.run.finishedAt,
        services: r.run.coveredServices,
        failed: r.run.outcome.kind === "failed",
        partial: r.run.outcome.kind === "partial",
      })),
      since,
    );
  }

  private coveringPoints(cluster: MemoryCluster, candidates: readonly CoverageRun[], limit: number): StoredRunPoint[] {
    return selectCoveringRuns(candidates, { firstRunSeq: cluster.firstRunSeq, service: cluster.service }, limit, (seq) => cluster.points.has(seq))
      .reverse()
      .map((run) => {
        const point = cluster.points.get(run.seq);
        return {
          runId: run.runId,
          windowStart: run.windowStart,
          windowEnd: run.windowEnd,
          finishedAt: run.finishedAt,
          count: point?.count ?? 0,
          newEntries: point?.newEntries ?? 0,
          ratePerMinute: point?.ratePerMinute ?? 0,
          priority: point?.priority,
          rulesPriority: point?.rulesPriority,
        };
      });
  }

  private storedCluster(cluster: MemoryCluster, recent: readonly StoredRunPoint[]): StoredCluster {
    return structuredClone({
      fingerprint: cluster.fingerprint,
      aliases: [...cluster.aliases].sort(),
      kind: cluster.kind,
      service: cluster.service,
      name: cluster.name,
      source: cluster.source,
      templates: cluster.templates,
      firstSeen: cluster.firstSeen,
      lastSeen: cluster.lastSeen,
      firstRevision: cluster.firstRevision,
      firstRunId: cluster.firstRunId,
      lastRunId: cluster.lastRunId,
      totalCount: cluster.totalCount,
      lastPriority: cluster.publishedPriority,
      lastPriorityAt: cluster.publishedAt,
      issue: this.findIssueNow(cluster.fingerprint),
      recent,
    });
  }

  /** The cluster with this fingerprint, else the one last seen of those holding it as an alias (the oldest on a tie). */
  private resolveCluster(fingerprint: string): MemoryCluster | undefined {
    return this.byFingerprint.get(fingerprint) ?? [...(this.byAlias.get(fingerprint) ?? [])].sort((a, b) => b.lastRunSeq - a.lastRunSeq || a.id - b.id)[0];
  }

  private addAlias(cluster: MemoryCluster, alias: string): void {
    if (cluster.aliases.has(alias)) return;
    cluster.aliases.add(alias);
    const holders = this.byAlias.get(alias);
    if (holders === undefined) this.byAlias.set(alias, [cluster]);
    else holders.push(cluster);
  }

  private readonly secret = randomBytes(32).toString("hex");
  private readonly responses = new Map<string, CachedResponse>();

  async loadCachedResponse(key: string): Promise<CachedResponse | undefined> {
    return this.responses.get(key);
  }

  async saveCachedResponse(key: string, response: CachedResponse): Promise<void> {
    this.responses.set(key, response);
  }

  async installationSecret(): Promise<string> {
    return this.secret;
  }

  async loadMinerSnapshot(): Promise<unknown> {
    return this.minerSnapshotJson === undefined ? undefined : (JSON.parse(this.minerSnapshotJson) as unknown);
  }

  async saveMinerSnapshot(snapshot: unknown): Promise<void> {
    this.minerSnapshotJson = JSON.stringify(snapshot);
  }

  async linkIssue(fingerprint: string, ref: IssueLink): Promise<void> {
    this.links.set(fingerprint, structuredClone({ ...ref, fingerprint, linkedAt: this.now().toISOString() }));
  }

  async findIssue(fingerprint: string): Promise<StoredIssueLink | undefined> {
    return this.findIssueNow(fingerprint);
  }

  private findIssueNow(fingerprint: string): StoredIssueLink | undefined {
    const direct = this.links.get(fingerprint);
    if (direct !== undefined) return structuredClone(direct);
    const cluster = this.resolveCluster(fingerprint);
    if (cluster === undefined) return undefined;
    const linked = [cluster.fingerprint, ...cluster.aliases]
      .map((fp) => this.links.get(fp))
      .filter((link): link is StoredIssueLink => link !== undefined)
      .sort((a, b) => (a.linkedAt < b.linkedAt ? 1 : a.linkedAt > b.linkedAt ? -1 : 0))[0];
    return linked === undefined ? undefined : structuredClone(linked);
  }

  async listIssueLinks(): Promise<readonly StoredIssueLink[]> {
    return [...this.links.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1)).map((l) => structuredClone(l));
  }

  async createLocalIssue(input: LocalIssueCreate): Promise<LocalIssue> {
    const at = this.now().toISOString();
    const issue: LocalIssue = {
      number: this.nextIssue++,
      title: input.title,
      body: input.body ?? "",
      labels: [...new Set(input.labels ?? [])],
      state: "open",
      state_reason: null,
      created_at: at,
      updated_at: at,
      closed_at: null,
    };
    this.issues.set(issue.number, issue);
    return structuredClone(issue);
  }

  async getLocalIssue(number: number): Promise<LocalIssue | undefined> {
    const issue = this.issues.get(number);
    return issue === undefined ? undefined : structuredClone(issue);
  }

  async updateLocalIssue(number: number, patch: LocalIssueUpdate): Promise<LocalIssue> {
    const next = applyIssueUpdate(this.mustGetIssue(number), patch, this.now().toISOString());
    this.issues.set(number, next);
    return structuredClone(next);
  }

  async listLocalIssues(query: LocalIssueQuery = {}): Promise<readonly LocalIssue[]> {
    return [...this.issues.values()]
      .filter((issue) => matchesIssueQuery(issue, query))
      .sort((a, b) => b.number - a.number)
      .map((issue) => structuredClone(issue));
  }

  async listLocalComments(issueNumber: number): Promise<readonly LocalComment[]> {
    this.mustGetIssue(issueNumber);
    return [...this.comments.values()].filter((c) => c.issue_number === issueNumber).map((c) => structuredClone(c));
  }

  async createLocalComment(issueNumber: number, input: LocalCommentCreate): Promise<LocalComment> {
    const issue = this.mustGetIssue(issueNumber);
    const at = this.now().toISOString();
    const comment: LocalComment = {
      id: this.nextComment++,
      issue_number: issueNumber,
      body: input.body,
      author: input.author ?? DEFAULT_COMMENT_AUTHOR,
      created_at: at,
      updated_at: at,
    };
    this.comments.set(comment.id, comment);
    this.issues.set(issueNumber, { ...issue, updated_at: at });
    return structuredClone(comment);
  }

  async updateLocalComment(commentId: number, patch: { readonly body: string }): Promise<LocalComment> {
    const comment = this.comments.get(commentId);
    if (comment === undefined) throw new UsageError(`local tracker has no comment ${commentId}`);
    const next = { ...comment, body: patch.body, updated_at: this.now().toISOString() };
    this.comments.set(commentId, next);
    return structuredClone(next);
  }

  async close(): Promise<void> {}

  private mustGetIssue(number: number): LocalIssue {
    const issue = this.issues.get(number);
    if (issue === undefined) throw new UsageError(`local tracker has no issue #${number}`);
    return issue;
  }
}
