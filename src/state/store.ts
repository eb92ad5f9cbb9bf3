import type { HashedEntryKeys } from "./entry-key-hash.js";
import type {
  CountByName,
  FilterReason,
  IssueCluster,
  Priority,
  RunHistory,
  RunQuery,
  RunWindow,
  SkipReason,
  SourceLocation,
  SourceResult,
  TrackedIssueRef,
} from "../model/index.js";

/**
 * Memory across runs: run history, clusters and their per-run counts, the miner's snapshot, the
 * fingerprint → issue map and the local tracker's issues. Every method is async so a remote store
 * can stand in later; the SQLite store and the in-memory twin pass the same contract tests.
 *
 * A run reads (`loadMinerSnapshot`, `loadHistory`, `findIssue`), judges and gardens, then writes
 * everything it learnt with one `saveRun`, in one transaction: a run killed before or during the
 * write leaves the store as it was before the run.
 */
export interface StateStore {
  /** Where the store lives, for messages (`:memory:` for the twin). */
  readonly location: string;

  // --- runs -----------------------------------------------------------------------------------
  /**
   * Records a finished (or failed) run and everything it learnt, atomically. Entry keys already
   * recorded for a cluster are not counted again, so repeated or overlapping windows keep exact totals.
   * Throws `UsageError` if `run.runId` was saved before.
   */
  saveRun(save: RunSave): Promise<SaveRunResult>;
  /** Newest first. */
  listRuns(opts?: { readonly limit?: number }): Promise<readonly StoredRun[]>;

  // --- clusters and history -------------------------------------------------------------------
  /**
   * What earlier runs said about these fingerprints, keyed by each fingerprint asked for (an alias
   * of a known cluster answers with that cluster's history). A fingerprint absent from the map has
   * never been seen: that is what "new" means.
   * `runs` holds the last `baselineRuns` runs that covered the cluster since it was first seen,
   * oldest first, with count 0 for runs where it did not occur. A run covers a cluster when it read
   * the cluster's service completely, or counted the cluster; failed runs never do, and of runs
   * over the same window only the latest does (see coverage.ts).
   */
  loadHistory(fingerprints: Iterable<string>, opts: LoadHistoryOptions): Promise<RunHistory>;
  /** Known clusters, most recently seen first, each with its last `recentRuns` points. */
  listClusters(opts?: ListClustersOptions): Promise<readonly StoredCluster[]>;
  /** One cluster (by fingerprint or alias) with its per-run counts over time, oldest first. */
  clusterTimeline(fingerprint: string, opts?: { readonly limit?: number }): Promise<ClusterTimeline | undefined>;

  // --- miner ----------------------------------------------------------------------------------
  /** The last saved miner snapshot as plain data; the miner validates it. */
  loadMinerSnapshot(): Promise<unknown>;
  saveMinerSnapshot(snapshot: unknown): Promise<void>;

  // --- installation ---------------------------------------------------------------------------
  /**
   * A random secret made the first time it is asked for and kept with the state. Redaction keys its
   * stable masks (`<email:1a2b3c>`) with it: the same value masks the same way run after run, so
   * de-duplication across runs holds, while nobody without the state file can match a mask by
   * hashing guessed emails or IPs. The in-memory twin makes a new one per store.
   */
  installationSecret(): Promise<string>;

  // --- conditional requests -------------------------------------------------------------------
  /**
   * The last response to a GET and its ETag, so the next run can ask `If-None-Match` and get a 304
   * (which GitHub does not count against the rate limit) when nothing changed.
   */
  loadCachedResponse(key: string): Promise<CachedResponse | undefined>;
  saveCachedResponse(key: string, response: CachedResponse): Promise<void>;

  // --- fingerprint → issue --------------------------------------------------------------------
  /** Remembers which issue tracks a fingerprint (replacing an earlier link for it). */
  linkIssue(fingerprint: string, ref: IssueLink): Promise<void>;
  /** The issue for a fingerprint, directly or through a cluster that lists it as an alias (and vice versa). */
  findIssue(fingerprint: string): Promise<StoredIssueLink | undefined>;
  /** Every link, for reconciling with what the tracker lists. */
  listIssueLinks(): Promise<readonly StoredIssueLink[]>;

  // --- local tracker (the default when no GitHub repo is given), shaped like GitHub's REST API ---
  createLocalIssue(input: LocalIssueCreate): Promise<LocalIssue>;
  getLocalIssue(number: number): Promise<LocalIssue | undefined>;
  /** Like `PATCH /issues/{n}`: `labels` replaces the set; `state_reason` only counts when `state` changes. */
  updateLocalIssue(number: number, patch: LocalIssueUpdate): Promise<LocalIssue>;
  /** Like `GET /issues?labels=&state=`: every label given must be on the issue; newest first. */
  listLocalIssues(query?: LocalIssueQuery): Promise<readonly LocalIssue[]>;
  /** Oldest first, like GitHub. */
  listLocalComments(issueNumber: number): Promise<readonly LocalComment[]>;
  createLocalComment(issueNumber: number, input: LocalCommentCreate): Promise<LocalComment>;
  updateLocalComment(commentId: number, patch: { readonly body: string }): Promise<LocalComment>;

  close(): Promise<void>;
}

/** A GET response kept for conditional requests: the ETag and the response as JSON text. */
export interface CachedResponse {
  readonly etag: string;
  readonly json: string;
}

export interface StoreOptions {
  /** Used for local-tracker and link timestamps and for pruning old entry keys. */
  readonly now: () => Date;
  /** See `state.entryKeyRetentionDays` in the config; default 35. */
  readonly entryKeyRetentionDays?: number;
  /** See `state.maxRuns` in the config; default 20,000. */
  readonly maxRuns?: number;
}

export const DEFAULT_ENTRY_KEY_RETENTION_DAYS = 35;
export const DEFAULT_MAX_RUNS = 20_000;
/** Points per cluster `listClusters` returns when not told. */
export const DEFAULT_RECENT_RUNS = 8;

// --- runs -------------------------------------------------------------------------------------

/** How a run ended, as the store records it. */
export type RunOutcome =
  | { readonly kind: "complete"; readonly trackerFailed?: string }
  /** Some source was truncated or its query failed; counts are lower bounds. */
  | { readonly kind: "partial"; readonly reason: string; readonly trackerFailed?: string }
  /** The run stopped with an error; only the run row is written (no counts, no miner snapshot). */
  | { readonly kind: "failed"; readonly error: string };

export interface RunTotals {
  readonly read: number;
  readonly kept: number;
  readonly skipped: Readonly<Partial<Record<SkipReason, number>>>;
  readonly filtered: Readonly<Partial<Record<FilterReason, number>>>;
}

export interface RunRecord {
  /** Unique per run, chosen by the caller (e.g. `20261123T0100Z-3f9a`). */
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly window: RunWindow;
  /** Services asked for, minimum severity and Cloud Logging filters. */
  readonly query: RunQuery;
  readonly sources: readonly SourceResult[];
  readonly totals: RunTotals;
  readonly outcome: RunOutcome;
  readonly toolVersion?: string;
  /**
   * Services the run saw entries of (Report.services names). When the query named no services
   * (files read whole), these decide which clusters the run covered for baselines, so a file of
   * one service does not count as a quiet hour for every other service.
   */
  readonly servicesSeen?: readonly string[];
}

/** The services a run covered for baselines: those asked for, else those seen, else (nothing known) all. */
export function coveredServices(run: RunRecord): string[] {
  const named = run.query.services.length > 0 ? run.query.services : (run.servicesSeen ?? []);
  return [...new Set(named)].sort();
}

/** What a cluster is, as the store keeps it: the same in a run's record and in the stored cluster. */
export interface ClusterIdentity {
  readonly fingerprint: string;
  readonly aliases: readonly string[];
  readonly kind: "log" | "http";
  readonly service?: string;
  readonly name: string;
  readonly source?: SourceLocation;
  readonly templates: readonly { readonly fingerprint: string; readonly template: string; readonly firstTemplate: string }[];
}

/** One cluster as one run saw it. */
export interface ClusterRunRecord extends ClusterIdentity {
  /** Entries in this run's window (duplicates within the run already removed). */
  readonly count: number;
  readonly ratePerMinute: number;
  /** Times of the earliest and latest entry in this run. */
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  /** Revision of the earliest entry in this run; the store keeps the one from the first run that saw the cluster. */
  readonly firstRevision?: string;
  /** The priority the judge gave in this run. */
  readonly priority?: Priority;
  /** The priority the rules and trend alone gave in this run (before cooldown and hysteresis). */
  readonly rulesPriority?: Priority;
  /** Set when this run published a priority to the tracker (created, retitled or relabelled the issue). */
  readonly published?: { readonly priority: Priority; readonly at: string };
  /**
   * Entries a query engine counted without keys (`--bigquery-table`, `--duckdb`) outside the ranges
   * earlier complete runs read (coverage.ts `coveredRanges`): added to the new entries as they are.
   */
  readonly countedNewEntries?: number;
  /**
   * Every entry counted (a `LogEntry` fits): `key` is `id:<insertId>` or `h:<hash>`. Keys the store
   * has recorded for this cluster before are not added to its total again; `timeMs` lets keys of
   * old entries be pruned (`state.entryKeyRetentionDays`). Already hashed (`HashedEntryKeys`) when a
   * run holds many: the store keeps only the 64-bit hash either way.
   */
  readonly entries: Iterable<EntryIdentity> | HashedEntryKeys;
}

export interface EntryIdentity {
  readonly key: string;
  readonly timeMs?: number;
}

export interface RunSave {
  readonly run: RunRecord;
  readonly clusters: readonly ClusterRunRecord[];
  /** Revisions seen in this run with when each was first seen (Report.revisions). */
  readonly revisions: readonly CountByName[];
  /** Saved in the same transaction, so clusters and miner never disagree after a crash. */
  readonly minerSnapshot?: unknown;
}

export interface ClusterSaveResult {
  /** Entries of this run not recorded for the cluster before. */
  readonly newEntries: number;
  /** All distinct entries ever recorded for the cluster, this run included. */
  readonly totalCount: number;
  /** True when no earlier run had seen this cluster (by fingerprint or alias). */
  readonly firstRun: boolean;
}

export interface SaveRunResult {
  readonly runId: string;
  readonly clusters: ReadonlyMap<string, ClusterSaveResult>;
  /** Entry keys dropped because their entries were older than `entryKeyRetentionDays`. */
  readonly prunedKeys: number;
}

export interface StoredRun extends RunRecord {
  /** `coveredServices` of the run: the services asked for, else those seen; empty when nothing is known. */
  readonly coveredServices: readonly string[];
  readonly clusterCount: number;
  /** Distinct new entries this run added across all clusters. */
  readonly newEntries: number;
}

// --- clusters ---------------------------------------------------------------------------------

export interface LoadHistoryOptions {
  /** Earlier runs returned per cluster (the judge's baseline window, `judge.baselineRuns`). */
  readonly baselineRuns: number;
  /** Only runs whose window ended (or, without a window, that finished) at or after this time: a baseline over days. */
  readonly baselineSince?: string;
}

export interface ListClustersOptions {
  /** Points per cluster returned for trends; default `DEFAULT_RECENT_RUNS`. */
  readonly recentRuns?: number;
  readonly limit?: number;
  readonly service?: string;
}

/** A cluster's point in one run, as `history --cluster` shows it (count 0: the run covered it and it did not occur). */
export interface StoredRunPoint {
  readonly runId: string;
  readonly windowStart?: string;
  readonly windowEnd?: string;
  readonly finishedAt: string;
  readonly count: number;
  readonly newEntries: number;
  readonly ratePerMinute: number;
  readonly priority?: Priority;
  readonly rulesPriority?: Priority;
}

export interface StoredCluster extends ClusterIdentity {
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly firstRevision?: string;
  /** The run that first saw it. */
  readonly firstRunId: string;
  readonly lastRunId: string;
  readonly totalCount: number;
  readonly lastPriority?: Priority;
  readonly lastPriorityAt?: string;
  readonly issue?: StoredIssueLink;
  /** The last runs that covered the cluster since it was first seen, oldest first; count 0 where it did not occur. */
  readonly recent: readonly StoredRunPoint[];
}

export interface ClusterTimeline {
  readonly cluster: StoredCluster;
  readonly points: readonly StoredRunPoint[];
}

// --- issue links ------------------------------------------------------------------------------

export type IssueLink = TrackedIssueRef & {
  readonly title?: string;
  readonly labels?: readonly string[];
  readonly updatedAt?: string;
};

export type StoredIssueLink = IssueLink & {
  /** The fingerprint the link was recorded under (may differ from the one asked for, via aliases). */
  readonly fingerprint: string;
  readonly linkedAt: string;
};

// --- local tracker ------------------------------------------------------------------------------
// Field names follow GitHub's REST responses, so the local tracker adapter passes them through.

export type LocalIssueState = "open" | "closed";
export type LocalStateReason = "completed" | "not_planned" | "duplicate" | "reopened";

export interface LocalIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
  readonly state: LocalIssueState;
  readonly state_reason: LocalStateReason | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly closed_at: string | null;
}

export interface LocalIssueCreate {
  readonly title: string;
  readonly body?: string;
  readonly labels?: readonly string[];
}

export interface LocalIssueUpdate {
  readonly title?: string;
  readonly body?: string;
  readonly labels?: readonly string[];
  readonly state?: LocalIssueState;
  readonly state_reason?: LocalStateReason | null;
}

export interface LocalIssueQuery {
  readonly labels?: readonly string[];
  /** Default `open`, like GitHub. */
  readonly state?: LocalIssueState | "all";
  /** Only issues updated at or after this time. */
  readonly since?: string;
}

export interface LocalComment {
  readonly id: number;
  readonly issue_number: number;
  readonly body: string;
  /** Who wrote it (`log-gardener` for our own comments), like GitHub's `user.login`. */
  readonly author: string;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface LocalCommentCreate {
  readonly body: string;
  readonly author?: string;
}

/** Builds a cluster's run record from the clustering output; the caller adds judgement and entry keys. */
export function clusterRunRecord(
  cluster: IssueCluster,
  extra: {
    readonly ratePerMinute: number;
    readonly entries: Iterable<EntryIdentity> | HashedEntryKeys;
    readonly priority?: Priority;
    readonly rulesPriority?: Priority;
    readonly published?: { readonly priority: Priority; readonly at: string };
    readonly countedNewEntries?: number;
  },
): ClusterRunRecord {
  return {
    fingerprint: cluster.fingerprint,
    aliases: cluster.aliases,
    kind: cluster.kind,
    service: cluster.service,
    name: cluster.name,
    source: cluster.source,
    templates: cluster.templates.map((t) => ({ fingerprint: t.fingerprint, template: t.template, firstTemplate: t.firstTemplate })),
    count: cluster.stats.count,
    ratePerMinute: extra.ratePerMinute,
    firstSeen: cluster.stats.firstSeen,
    lastSeen: cluster.stats.lastSeen,
    firstRevision: cluster.stats.firstRevision,
    priority: extra.priority,
    rulesPriority: extra.rulesPriority,
    published: extra.published,
    ...(extra.countedNewEntries !== undefined ? { countedNewEntries: extra.countedNewEntries } : {}),
    entries: extra.entries,
  };
}
