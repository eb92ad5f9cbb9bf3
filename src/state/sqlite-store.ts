import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";
import type { ClusterHistory, ClusterRunPoint, Priority, RunHistory, SourceLocation } from "../model/index.js";
import { InternalError, UsageError } from "../model/index.js";
import { baselineCandidates, selectCoveringRuns, type CoverageRun } from "./coverage.js";
import { isEarlier, isLater } from "./instant.js";
import { epochDay, KeyRunScratch, sortedKeyRuns, type HashedEntryKeys } from "./entry-key-hash.js";
import { SqliteLocalTracker } from "./sqlite-local-tracker.js";
import { asStateFileError, openStateDatabase } from "./sqlite-open.js";
import {
  DEFAULT_ENTRY_KEY_RETENTION_DAYS,
  DEFAULT_MAX_RUNS,
  DEFAULT_RECENT_RUNS,
  coveredServices,
  type ClusterRunRecord,
  type CachedResponse,
  type ClusterSaveResult,
  type ClusterTimeline,
  type EntryIdentity,
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

/** Rows per multi-row INSERT of entry keys: 4 parameters each, well under SQLite's 32,766; see bench/state.bench.ts. */
const ENTRY_KEY_BATCH_ROWS = 250;
/** Timeline points `clusterTimeline` returns when not told. */
const DEFAULT_TIMELINE_POINTS = 50;

export interface SqliteStoreOptions extends StoreOptions {
  /** For read-only commands: a missing file is a `UsageError`, and nothing is created. */
  readonly mustExist?: boolean;
  /** Tests of older schemas only. */
  readonly migrateTo?: number;
}

/**
 * Opens the state file (creating it and its directory if needed), refusing files that are not
 * log-gardener state or are newer than this code knows, and applies pending migrations.
 */
export async function openSqliteStateStore(path: string, opts: SqliteStoreOptions): Promise<StateStore> {
  const db = openStateDatabase(path, { mustExist: opts.mustExist, migrateTo: opts.migrateTo });
  return withFileErrors(new SqliteStateStore(db, path, opts), path);
}

/**
 * Damage deeper in the file than its first page shows only when a query reaches it: every method
 * turns such SQLite errors into the same one-line refusal the opener gives (the transaction has
 * rolled back, so nothing was written).
 */
function withFileErrors(store: StateStore, path: string): StateStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          throw asStateFileError(path, error);
        }
      };
    },
  });
}

interface RunRow {
  seq: number;
  run_id: string;
  started_at: string;
  finished_at: string;
  window_start: string | null;
  window_end: string | null;
  window_json: string;
  query_json: string;
  services_json: string;
  sources_json: string;
  totals_json: string;
  outcome_kind: string;
  outcome_json: string;
  tool_version: string | null;
  cluster_count: number;
  new_entries: number;
}

interface ClusterRow {
  id: number;
  fingerprint: string;
  kind: "log" | "http";
  service: string | null;
  name: string;
  source_json: string | null;
  templates_json: string;
  first_seen: string | null;
  last_seen: string | null;
  first_revision: string | null;
  first_run_id: string;
  first_run_seq: number;
  last_run_id: string;
  last_run_seq: number;
  total_count: number;
  published_priority: Priority | null;
  published_at: string | null;
}

interface PointRow {
  run_seq: number;
  count: number;
  new_entries: number;
  rate_per_minute: number;
  priority: Priority | null;
  rules_priority: Priority | null;
}

interface LinkRow {
  fingerprint: string;
  tracker: "github" | "local";
  number: number;
  url: string | null;
  state: "open" | "closed";
  state_reason: IssueLink["stateReason"] | null;
  closed_at: string | null;
  reopened_by_person_at: string | null;
  title: string | null;
  labels_json: string | null;
  updated_at: string | null;
  linked_at: string;
}

class SqliteStateStore implements StateStore {
  private readonly tracker: SqliteLocalTracker;
  private readonly retentionDays: number;
  private readonly maxRuns: number;
  private readonly now: () => Date;
  /** Prepared once per store: a run saves thousands of clusters through the same few statements. */
  private readonly statements = new Map<string, Database.Statement>();
  private readonly entryKeyInserts: Database.Statement[] = [];
  /** Where saves sort entry keys, one set for every cluster of every save (sortedKeyRuns). */
  private readonly keyRunScratch = new KeyRunScratch();

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
    opts: StoreOptions,
  ) {
    this.now = opts.now;
    this.retentionDays = opts.entryKeyRetentionDays ?? DEFAULT_ENTRY_KEY_RETENTION_DAYS;
    this.maxRuns = opts.maxRuns ?? DEFAULT_MAX_RUNS;
    this.tracker = new SqliteLocalTracker(db, opts.now);
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  // --- runs ---------------------------------------------------------------------------------------

  async saveRun(save: RunSave): Promise<SaveRunResult> {
    return this.db.transaction(() => this.saveRunNow(save)).immediate();
  }

  private saveRunNow(save: RunSave): SaveRunResult {
    const { run } = save;
    if (this.statement("SELECT 1 FROM run WHERE run_id = ?").get(run.runId) !== undefined) {
      throw new UsageError(`run ${run.runId} is already recorded in ${this.location}`);
    }
    const seq = Number(
      this
        .statement(
          `INSERT INTO run (run_id, started_at, finished_at, window_start, window_end, window_json, query_json, services_json,
             sources_json, totals_json, outcome_kind, outcome_json, tool_version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          run.runId,
          run.startedAt,
          run.finishedAt,
          run.window.start ?? null,
          run.window.end ?? null,
          JSON.stringify(run.window),
          JSON.stringify(run.query),
          JSON.stringify(coveredServices(run)),
          JSON.stringify(run.sources),
          JSON.stringify(run.totals),
          run.outcome.kind,
          JSON.stringify(run.outcome),
          run.toolVersion ?? null,
        ).lastInsertRowid,
    );

    const results = new Map<string, ClusterSaveResult>();
    let runNewEntries = 0;
    const defaultDay = epochDay(Date.parse(run.finishedAt) || this.now().getTime());
    // Pruned first, so the retention is exact: a key older than it counts as new again.
    const prunedKeys = this.pruneEntryKeys();
    if (run.outcome.kind !== "failed") {
      const claimed = claimedFingerprints(save);
      for (const record of save.clusters) {
        const result = this.saveCluster(record, run.runId, seq, defaultDay, claimed);
        results.set(record.fingerprint, result);
        runNewEntries += result.newEntries;
      }
      for (const revision of save.revisions) this.saveRevision(revision.name, revision.firstSeen ?? run.finishedAt);
    }
    if (save.minerSnapshot !== undefined && run.outcome.kind !== "failed") this.writeMinerSnapshot(save.minerSnapshot);
    this.statement("UPDATE run SET cluster_count = ?, new_entries = ? WHERE seq = ?").run(results.size, runNewEntries, seq);
    this.statement("DELETE FROM run WHERE seq <= ?").run(seq - this.maxRuns);
    return { runId: run.runId, clusters: results, prunedKeys };
  }

  private saveCluster(record: ClusterRunRecord, runId: string, seq: number, defaultDay: number, claimed: ReadonlySet<string>): ClusterSaveResult {
    const existing = this.clusterForSave(record, seq, claimed);
    let clusterId: number;
    if (existing === undefined) {
      clusterId = Number(
        this
          .statement(
            `INSERT INTO cluster (fingerprint, kind, service, name, source_json, templates_json, first_seen, last_seen,
               first_revision, first_run_id, first_run_seq, last_run_id, last_run_seq, published_priority, published_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            record.fingerprint,
            record.kind,
            record.service ?? null,
            record.name,
            record.source === undefined ? null : JSON.stringify(record.source),
            JSON.stringify(record.templates),
            record.firstSeen ?? null,
            record.lastSeen ?? null,
            record.firstRevision ?? null,
            runId,
            seq,
            runId,
            seq,
            record.published?.priority ?? null,
            record.published?.at ?? null,
          ).lastInsertRowid,
      );
    } else {
      clusterId = existing.id;
      const earlier = isEarlier(record.firstSeen, existing.first_seen ?? undefined);
      this
        .statement(
          `UPDATE cluster SET fingerprint = ?, kind = ?, service = ?, name = ?, source_json = ?, templates_json = ?,
             first_seen = ?, last_seen = ?, first_revision = ?, last_run_id = ?, last_run_seq = ?,
             published_priority = ?, published_at = ?
           WHERE id = ?`,
        )
        .run(
          record.fingerprint,
          record.kind,
          record.service ?? existing.service,
          record.name,
          record.source === undefined ? existing.source_json : JSON.stringify(record.source),
          JSON.stringify(record.templates),
          earlier ? record.firstSeen ?? null : existing.first_seen,
          isLater(record.lastSeen, existing.last_seen ?? undefined) ? record.lastSeen ?? null : existing.last_seen,
          (earlier || existing.first_revision === null) && record.firstRevision !== undefined ? record.firstRevision : existing.first_revision,
          runId,
          seq,
          record.published?.priority ?? existing.published_priority,
          record.published?.at ?? existing.published_at,
          clusterId,
        );
      if (existing.fingerprint !== record.fingerprint) this.addAlias(existing.fingerprint, clusterId);
    }
    for (const alias of record.aliases) if (alias !== record.fingerprint) this.addAlias(alias, clusterId);

    const newEntries = this.insertEntryKeys(clusterId, record.entries, defaultDay) + (record.countedNewEntries ?? 0);
    this
      .statement("INSERT INTO cluster_run (cluster_id, run_seq, count, new_entries, rate_per_minute, priority, rules_priority) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(clusterId, seq, record.count, newEntries, record.ratePerMinute, record.priority ?? null, record.rulesPriority ?? null);
    this.statement("UPDATE cluster SET total_count = total_count + ? WHERE id = ?").run(newEntries, clusterId);
    const totalCount = this.statement("SELECT total_count FROM cluster WHERE id = ?").pluck().get(clusterId) as number;
    return { newEntries, totalCount, firstRun: existing === undefined };
  }

  /**
   * The stored cluster a record continues: its own fingerprint, else a known cluster it lists as an
   * alias, unless that cluster is saved under its own fingerprint in this run or already continued.
   */
  private clusterForSave(record: ClusterRunRecord, seq: number, claimed: ReadonlySet<string>): ClusterRow | undefined {
    const own = this.statement("SELECT * FROM cluster WHERE fingerprint = ?").get(record.fingerprint) as ClusterRow | undefined;
    if (own !== undefined) return own;
    for (const alias of record.aliases) {
      const found = this.resolveCluster(alias);
      if (found !== undefined && found.last_run_seq !== seq && !claimed.has(found.fingerprint)) return found;
    }
    return undefined;
  }

  private addAlias(alias: string, clusterId: number): void {
    this.statement("INSERT OR IGNORE INTO cluster_alias (alias, cluster_id) VALUES (?, ?)").run(alias, clusterId);
  }

  /**
   * Inserts keys in multi-row batches, sorted by hash so consecutive rows land on neighbouring
   * B-tree pages; the rows actually inserted are the entries never seen before.
   */
  private insertEntryKeys(clusterId: number, entries: Iterable<EntryIdentity> | HashedEntryKeys, defaultDay: number): number {
    const params: number[] = new Array<number>(ENTRY_KEY_BATCH_ROWS * 4);
    let filled = 0;
    let inserted = 0;
    for (const run of sortedKeyRuns(entries, defaultDay, this.keyRunScratch)) {
      for (let i = 0; i < run.hi.length; i++) {
        params[filled * 4] = clusterId;
        params[filled * 4 + 1] = run.hi[i] ?? 0;
        params[filled * 4 + 2] = run.lo[i] ?? 0;
        params[filled * 4 + 3] = run.day[i] ?? defaultDay;
        filled += 1;
        if (filled === ENTRY_KEY_BATCH_ROWS) {
          inserted += this.entryKeyInsert(filled).run(params).changes;
          filled = 0;
        }
      }
    }
    if (filled > 0) inserted += this.entryKeyInsert(filled).run(params.slice(0, filled * 4)).changes;
    return inserted;
  }

  /** The INSERT for `rows` keys, prepared once per size (the SQL text alone is kilobytes). */
  private entryKeyInsert(rows: number): Database.Statement {
    let insert = this.entryKeyInserts[rows];
    if (insert === undefined) {
      insert = this.db.prepare(`INSERT OR IGNORE INTO entry_key (cluster_id, hash_hi, hash_lo, day) VALUES ${Array(rows).fill("(?, ?, ?, ?)").join(", ")}`);
      this.entryKeyInserts[rows] = insert;
    }
    return insert;
  }

  /** Drops keys of entries older than the retention, at most once per day (it scans the table). */
  private pruneEntryKeys(): number {
    const today = epochDay(this.now().getTime());
    const lastPruned = this.statement("SELECT value FROM store_meta WHERE key = 'entry_keys_pruned_day'").pluck().get() as string | undefined;
    if (lastPruned !== undefined && Number(lastPruned) >= today) return 0;
    const pruned = this.statement("DELETE FROM entry_key WHERE day < ?").run(today - this.retentionDays).changes;
    this.statement("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('entry_keys_pruned_day', ?)").run(String(today));
    return pruned;
  }

  private saveRevision(name: string, firstSeen: string): void {
    const known = this.statement("SELECT first_seen FROM revision WHERE name = ?").pluck().get(name) as string | undefined;
    if (known === undefined) this.statement("INSERT INTO revision (name, first_seen) VALUES (?, ?)").run(name, firstSeen);
    else if (isEarlier(firstSeen, known)) this.statement("UPDATE revision SET first_seen = ? WHERE name = ?").run(firstSeen, name);
  }

  async listRuns(opts: { readonly limit?: number } = {}): Promise<readonly StoredRun[]> {
    const rows = this.statement("SELECT * FROM run ORDER BY seq DESC LIMIT ?").all(opts.limit ?? -1) as RunRow[];
    return rows.map(storedRun);
  }

  // --- clusters and history -----------------------------------------------------------------------

  async loadHistory(fingerprints: Iterable<string>, opts: LoadHistoryOptions): Promise<RunHistory> {
    const candidates = this.baselineCandidates(opts.baselineSince);
    const clusters = new Map<string, ClusterHistory>();
    for (const fingerprint of fingerprints) {
      if (clusters.has(fingerprint)) continue;
      const row = this.resolveCluster(fingerprint);
      if (row === undefined) continue;
      const issue = this.findIssueNow(fingerprint);
      const runs: ClusterRunPoint[] = this.coveringPoints(row, candidates, opts.baselineRuns).map((point) => ({
        runId: point.runId,
        windowStart: point.windowStart,
        windowEnd: point.windowEnd,
        count: point.count,
        ratePerMinute: point.ratePerMinute,
        priority: point.priority,
        rulesPriority: point.rulesPriority,
      }));
      clusters.set(fingerprint, {
        fingerprint: row.fingerprint,
        service: row.service ?? undefined,
        firstSeen: row.first_seen ?? undefined,
        lastSeen: row.last_seen ?? undefined,
        firstRevision: row.first_revision ?? undefined,
        totalCount: row.total_count,
        runs,
        lastPriority: row.published_priority ?? undefined,
        lastPriorityAt: row.published_at ?? undefined,
        issue: issue === undefined ? undefined : issueRef(issue),
      });
    }
    const revisions = this.statement("SELECT name, first_seen FROM revision").all() as { name: string; first_seen: string }[];
    return { clusters, revisionsFirstSeen: new Map(revisions.map((r) => [r.name, r.first_seen])) };
  }

  async listClusters(opts: ListClustersOptions = {}): Promise<readonly StoredCluster[]> {
    const rows = this
      .statement("SELECT * FROM cluster WHERE (@service IS NULL OR service = @service) ORDER BY last_run_seq DESC, total_count DESC, id LIMIT @limit")
      .all({ service: opts.service ?? null, limit: opts.limit ?? -1 }) as ClusterRow[];
    const candidates = this.baselineCandidates();
    return rows.map((row) => this.storedCluster(row, this.coveringPoints(row, candidates, opts.recentRuns ?? DEFAULT_RECENT_RUNS)));
  }

  async clusterTimeline(fingerprint: string, opts: { readonly limit?: number } = {}): Promise<ClusterTimeline | undefined> {
    const row = this.resolveCluster(fingerprint);
    if (row === undefined) return undefined;
    const points = this.coveringPoints(row, this.baselineCandidates(), opts.limit ?? DEFAULT_TIMELINE_POINTS);
    return { cluster: this.storedCluster(row, points.slice(-DEFAULT_RECENT_RUNS)), points };
  }

  private baselineCandidates(since?: string): CoverageRun[] {
    const rows = this
      .statement("SELECT seq, run_id, window_start, window_end, finished_at, services_json, outcome_kind FROM run ORDER BY seq DESC")
      .all() as Pick<RunRow, "seq" | "run_id" | "window_start" | "window_end" | "finished_at" | "services_json" | "outcome_kind">[];
    return baselineCandidates(
      rows.map((r) => ({
        seq: r.seq,
        runId: r.run_id,
        windowStart: r.window_start ?? undefined,
        windowEnd: r.window_end ?? undefined,
        finishedAt: r.finished_at,
        services: JSON.parse(r.services_json) as string[],
        failed: r.outcome_kind === "failed",
        partial: r.outcome_kind === "partial",
      })),
      since,
    );
  }

  /** The cluster's points over the runs that covered it, oldest first, zero where it was absent. */
  private coveringPoints(row: ClusterRow, candidates: readonly CoverageRun[], limit: number): StoredRunPoint[] {
    const cluster = { firstRunSeq: row.first_run_seq, service: row.service ?? undefined };
    // Runs that read its service bound how far back counted runs can matter (see selectCoveringRuns).
    const byService = selectCoveringRuns(candidates, cluster, limit, () => false);
    const oldest = byService.length >= limit ? (byService[byService.length - 1]?.seq ?? 0) : 0;
    const pointRows = this
      .statement("SELECT run_seq, count, new_entries, rate_per_minute, priority, rules_priority FROM cluster_run WHERE cluster_id = ? AND run_seq >= ?")
      .all(row.id, oldest) as PointRow[];
    const points = new Map(pointRows.map((p) => [p.run_seq, p]));
    return selectCoveringRuns(candidates, cluster, limit, (seq) => points.has(seq))
      .reverse()
      .map((run) => {
        const point = points.get(run.seq);
        return {
          runId: run.runId,
          windowStart: run.windowStart,
          windowEnd: run.windowEnd,
          finishedAt: run.finishedAt,
          count: point?.count ?? 0,
          newEntries: point?.new_entries ?? 0,
          ratePerMinute: point?.rate_per_minute ?? 0,
          priority: point?.priority ?? undefined,
          rulesPriority: point?.rules_priority ?? undefined,
        };
      });
  }

  private storedCluster(row: ClusterRow, recent: readonly StoredRunPoint[]): StoredCluster {
    const aliases = this.statement("SELECT alias FROM cluster_alias WHERE cluster_id = ? ORDER BY alias").pluck().all(row.id) as string[];
    return {
      fingerprint: row.fingerprint,
      aliases,
      kind: row.kind,
      service: row.service ?? undefined,
      name: row.name,
      source: row.source_json === null ? undefined : (JSON.parse(row.source_json) as SourceLocation),
      templates: JSON.parse(row.templates_json) as StoredCluster["templates"],
      firstSeen: row.first_seen ?? undefined,
      lastSeen: row.last_seen ?? undefined,
      firstRevision: row.first_revision ?? undefined,
      firstRunId: row.first_run_id,
      lastRunId: row.last_run_id,
      totalCount: row.total_count,
      lastPriority: row.published_priority ?? undefined,
      lastPriorityAt: row.published_at ?? undefined,
      issue: this.findIssueNow(row.fingerprint),
      recent,
    };
  }

  /** A cluster by its fingerprint, else the most recently seen cluster that lists it as an alias. */
  private resolveCluster(fingerprint: string): ClusterRow | undefined {
    return (
      (this.statement("SELECT * FROM cluster WHERE fingerprint = ?").get(fingerprint) as ClusterRow | undefined) ??
      (this
        .statement("SELECT c.* FROM cluster_alias a JOIN cluster c ON c.id = a.cluster_id WHERE a.alias = ? ORDER BY c.last_run_seq DESC LIMIT 1")
        .get(fingerprint) as ClusterRow | undefined)
    );
  }

  // --- miner --------------------------------------------------------------------------------------

  async loadCachedResponse(key: string): Promise<CachedResponse | undefined> {
    const value = this.statement("SELECT value FROM store_meta WHERE key = ?").pluck().get(`http:${key}`) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as CachedResponse);
  }

  async saveCachedResponse(key: string, response: CachedResponse): Promise<void> {
    this.statement("INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)").run(`http:${key}`, JSON.stringify(response));
  }

  async installationSecret(): Promise<string> {
    const select = this.statement("SELECT value FROM store_meta WHERE key = 'installation_secret'").pluck();
    const existing = select.get() as string | undefined;
    if (existing !== undefined) return existing;
    // INSERT OR IGNORE: two processes racing on a new file end up sharing whichever secret landed first.
    this.statement("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('installation_secret', ?)").run(randomBytes(32).toString("hex"));
    return select.get() as string;
  }

  async loadMinerSnapshot(): Promise<unknown> {
    const json = this.statement("SELECT snapshot_json FROM miner_snapshot WHERE id = 1").pluck().get() as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  }

  async saveMinerSnapshot(snapshot: unknown): Promise<void> {
    this.writeMinerSnapshot(snapshot);
  }

  private writeMinerSnapshot(snapshot: unknown): void {
    this
      .statement("INSERT OR REPLACE INTO miner_snapshot (id, snapshot_json, saved_at) VALUES (1, ?, ?)")
      .run(JSON.stringify(snapshot), this.now().toISOString());
  }

  // --- fingerprint → issue ------------------------------------------------------------------------

  async linkIssue(fingerprint: string, ref: IssueLink): Promise<void> {
    this
      .statement(
        `INSERT OR REPLACE INTO issue_link (fingerprint, tracker, number, url, state, state_reason, closed_at, title, labels_json, updated_at, linked_at, reopened_by_person_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        fingerprint,
        ref.tracker,
        ref.number,
        ref.url ?? null,
        ref.state,
        ref.stateReason ?? null,
        ref.closedAt ?? null,
        ref.title ?? null,
        ref.labels === undefined ? null : JSON.stringify(ref.labels),
        ref.updatedAt ?? null,
        this.now().toISOString(),
        ref.reopenedByPersonAt ?? null,
      );
  }

  async findIssue(fingerprint: string): Promise<StoredIssueLink | undefined> {
    return this.findIssueNow(fingerprint);
  }

  private findIssueNow(fingerprint: string): StoredIssueLink | undefined {
    const direct = this.statement("SELECT * FROM issue_link WHERE fingerprint = ?").get(fingerprint) as LinkRow | undefined;
    if (direct !== undefined) return storedLink(direct);
    const cluster = this.resolveCluster(fingerprint);
    if (cluster === undefined) return undefined;
    const viaCluster = this
      .statement(
        `SELECT l.* FROM issue_link l
         WHERE l.fingerprint = @fingerprint OR l.fingerprint IN (SELECT alias FROM cluster_alias WHERE cluster_id = @id)
         ORDER BY l.linked_at DESC LIMIT 1`,
      )
      .get({ fingerprint: cluster.fingerprint, id: cluster.id }) as LinkRow | undefined;
    return viaCluster === undefined ? undefined : storedLink(viaCluster);
  }

  async listIssueLinks(): Promise<readonly StoredIssueLink[]> {
    return (this.statement("SELECT * FROM issue_link ORDER BY fingerprint").all() as LinkRow[]).map(storedLink);
  }

  // --- local tracker ------------------------------------------------------------------------------

  async createLocalIssue(input: LocalIssueCreate): Promise<LocalIssue> {
    return this.tracker.createIssue(input);
  }
  async getLocalIssue(number: number): Promise<LocalIssue | undefined> {
    return this.tracker.getIssue(number);
  }
  async updateLocalIssue(number: number, patch: LocalIssueUpdate): Promise<LocalIssue> {
    return this.tracker.updateIssue(number, patch);
  }
  async listLocalIssues(query: LocalIssueQuery = {}): Promise<readonly LocalIssue[]> {
    return this.tracker.listIssues(query);
  }
  async listLocalComments(issueNumber: number): Promise<readonly LocalComment[]> {
    return this.tracker.listComments(issueNumber);
  }
  async createLocalComment(issueNumber: number, input: LocalCommentCreate): Promise<LocalComment> {
    return this.tracker.createComment(issueNumber, input);
  }
  async updateLocalComment(commentId: number, patch: { readonly body: string }): Promise<LocalComment> {
    return this.tracker.updateComment(commentId, patch);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function storedRun(row: RunRow): StoredRun {
  return {
    runId: row.run_id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    window: JSON.parse(row.window_json) as StoredRun["window"],
    query: JSON.parse(row.query_json) as StoredRun["query"],
    sources: JSON.parse(row.sources_json) as StoredRun["sources"],
    totals: JSON.parse(row.totals_json) as StoredRun["totals"],
    outcome: JSON.parse(row.outcome_json) as StoredRun["outcome"],
    toolVersion: row.tool_version ?? undefined,
    coveredServices: JSON.parse(row.services_json) as string[],
    clusterCount: row.cluster_count,
    newEntries: row.new_entries,
  };
}

function storedLink(row: LinkRow): StoredIssueLink {
  return {
    fingerprint: row.fingerprint,
    tracker: row.tracker,
    number: row.number,
    url: row.url ?? undefined,
    state: row.state,
    stateReason: row.state_reason ?? undefined,
    closedAt: row.closed_at ?? undefined,
    ...(row.reopened_by_person_at ? { reopenedByPersonAt: row.reopened_by_person_at } : {}),
    title: row.title ?? undefined,
    labels: row.labels_json === null ? undefined : (JSON.parse(row.labels_json) as string[]),
    updatedAt: row.updated_at ?? undefined,
    linkedAt: row.linked_at,
  };
}

function issueRef(link: StoredIssueLink): ClusterHistory["issue"] {
  return {
    tracker: link.tracker,
    number: link.number,
    url: link.url,
    state: link.state,
    stateReason: link.stateReason,
    closedAt: link.closedAt,
    ...(link.reopenedByPersonAt ? { reopenedByPersonAt: link.reopenedByPersonAt } : {}),
  };
}

/** The fingerprints a save names; two records with one fingerprint are a fault upstream. */
function claimedFingerprints(save: RunSave): ReadonlySet<string> {
  const claimed = new Set<string>();
  for (const record of save.clusters) {
    if (claimed.has(record.fingerprint)) throw new InternalError(`run ${save.run.runId} names cluster ${record.fingerprint} twice`);
    claimed.add(record.fingerprint);
  }
  return claimed;
}
