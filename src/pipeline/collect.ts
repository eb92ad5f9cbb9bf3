import { performance } from "node:perf_hooks";
import type { ClusterAccumulator } from "../cluster/group.js";
import type { TemplateMiner } from "../mine/miner.js";
import type { NormaliseResult } from "../normalise/normalise.js";
import { minuteLabel, type CountByName } from "../model/cluster.js";
import { formatShare } from "../model/figures.js";
import type { LogEntry, RawEntry } from "../model/entry.js";
import type { SeverityMinute } from "../model/report.js";
import { severityRank, type Severity } from "../model/severity.js";
import type { LogSource, SourceResult } from "../model/source.js";
import { countReason, emptyStageStats, type SkipPosition, type StageStats } from "../model/stats.js";
import { EntryKeySet, SpillFile } from "../state/index.js";
import type { ProgressSink } from "./context.js";
import { joinSplitLines, type SplitLineOptions } from "../sources/split-lines.js";
import { parseAhead } from "./parse-ahead.js";
import { prepareEntry, type PreparedEntry } from "./prepare.js";
import type { PreparePool } from "./prepare-pool.js";


export interface EntryFilters {
  /** Empty: every service. Entries that name no service (plain text) are kept. */
  readonly services: ReadonlySet<string>;
  readonly minSeverity: Severity;
  readonly sinceMs?: number;
  readonly untilMs?: number;
}

export interface CollectRequest {
  /** Each source is parsed ahead (parse-ahead.ts), then, with `splitLines`, its split stack-trace lines are joined. */
  readonly sources: readonly { readonly name: string; readonly open: () => LogSource; readonly splitLines?: SplitLineOptions }[];
  readonly filters: EntryFilters;
  readonly normalise: (raw: RawEntry) => NormaliseResult;
  readonly miner: TemplateMiner;
  readonly accumulator: ClusterAccumulator;
  /** Called for every kept entry with the template it was mined into (assignments, state keys). */
  readonly onKept?: (entry: LogEntry, templateId: string) => void;
  readonly maxSkippedSamples: number;
  readonly progress: ProgressSink;
  /** Worker threads that prepare entries (parse, repair, redact, read fields); none: all on this thread. */
  readonly pool?: PreparePool;
  /** Entries of the run read before the pool is used (input.parallelAfterEntries). */
  readonly parallelAfterEntries?: number;
}

export interface CollectResult {
  readonly totals: StageStats;
  readonly sources: readonly SourceResult[];
  readonly timeline: readonly SeverityMinute[];
  readonly services: readonly CountByName[];
  readonly projects: readonly CountByName[];
  readonly revisions: readonly CountByName[];
  readonly firstMs?: number;
  readonly lastMs?: number;
}

/** How often (in entries) the progress sink hears about counters. */
const PROGRESS_EVERY = 5_000;

/**
 * Reads every source in turn, prepares (parses, normalises), filters, mines and accumulates: one
 * pass, bounded memory. Preparing is per entry and stateless, so a pool of worker threads can do it
 * while this thread does the rest in input order; the result is the same either way.
 */
export async function collect(request: CollectRequest): Promise<CollectResult> {
  const totals = emptyStageStats();
  const results: SourceResult[] = [];
  // Hashes, not strings: a Set<string> of a million keys held ~100 MiB (bench/pipeline.bench.ts).
  // Past ~200,000 keys they go to disk (EntryKeySet), so memory does not grow with the entries read.
  const dedupeSpill = new SpillFile();
  const seenKeys = new EntryKeySet({ spill: dedupeSpill });
  const timeline = new Map<string, Partial<Record<Severity, number>>>();
  const services = new NameCounter();
  const projects = new NameCounter();
  const revisions = new NameCounter();
  const minRank = severityRank(request.filters.minSeverity);
  let firstMs: number | undefined;
  let lastMs: number | undefined;
  // Entries come in time order, so the label of the last minute is nearly always the one wanted
  // (formatting it cost ~2 µs an entry in a CPU profile of bench/pipeline.bench.ts at 100k).
  let lastMinute = Number.NaN;
  let lastMinuteLabel = "";
  const labelOfMinute = (ms: number): string => {
    const minute = Math.floor(ms / 60_000);
    if (minute !== lastMinute) {
      lastMinute = minute;
      lastMinuteLabel = minuteLabel(minute);
    }
    return lastMinuteLabel;
  };

  const skip = (position: SkipPosition): void => {
    countReason(totals.skipped, position.reason);
    if (totals.skippedSamples.length < request.maxSkippedSamples) totals.skippedSamples.push(position);
  };

  /** The stateful part, on the main thread, in input order: filter, de-duplicate, mine, count. */
  const take = (prepared: PreparedEntry): void => {
    if (prepared.kind === "skipped") {
      skip({ reason: prepared.reason, input: prepared.input, position: prepared.position, ...(prepared.detail ? { detail: prepared.detail } : {}) });
      return;
    }
    const { entry, scope, text } = prepared;
    const filtered = filterReason(entry, request.filters, minRank) ?? (seenKeys.add(entry.key) ? undefined : "duplicate_entry");
    // The window is the span of what was observed (every severity, within the asked service and
    // time), so rates are per minute of observation and a quiet hour still has its dates.
    if (entry.timeMs !== undefined && filtered !== "outside_window" && filtered !== "other_service") {
      if (firstMs === undefined || entry.timeMs < firstMs) firstMs = entry.timeMs;
      if (lastMs === undefined || entry.timeMs > lastMs) lastMs = entry.timeMs;
    }
    if (filtered) {
      countReason(totals.filtered, filtered);
      return;
    }
    totals.kept += 1;

    const { templateId } = request.miner.add(text, scope);
    request.accumulator.add({ entry, templateId, scope });
    request.onKept?.(entry, templateId);

    if (entry.timeMs !== undefined) {
      const minute = labelOfMinute(entry.timeMs);
      const counts = timeline.get(minute) ?? {};
      counts[entry.severity] = (counts[entry.severity] ?? 0) + 1;
      timeline.set(minute, counts);
    }
    services.add(entry.service, entry);
    projects.add(entry.project, entry);
    revisions.add(entry.revision, entry);
  };
  const progress = (): void => {
    if (totals.read % PROGRESS_EVERY === 0) request.progress.update({ read: totals.read, kept: totals.kept, templates: request.miner.shapeCount });
  };

  async function readSource(source: CollectRequest["sources"][number]): Promise<void> {
    request.progress.phase(`reading ${source.name}`);
    // Entries come prepared from the pool where it has one (parse-ahead.ts), in input order; the
    // join's lines, and every entry without a pool, are prepared here.
    const localFirst = Math.max(0, (request.parallelAfterEntries ?? 0) - totals.read);
    const parsed = parseAhead(source.open(), request.pool, source.splitLines !== undefined, request.normalise, localFirst);
    for await (const item of source.splitLines ? joinSplitLines(parsed, source.splitLines) : parsed) {
      if (item.kind === "end") {
        results.push(item.result);
        continue;
      }
      totals.read += 1;
      if (item.kind === "skip") skip(item.skip);
      else if (item.kind === "joined") countReason(totals.filtered, "joined_into_entry");
      else take(item.kind === "entry" ? prepareEntry(item.entry, request.normalise) : item.prepared);
      progress();
    }
  }

  const busyBefore = performance.eventLoopUtilization();
  try {
    for (const source of request.sources) await readSource(source);
  } finally {
    dedupeSpill.close();
  }
  request.progress.update({ read: totals.read, kept: totals.kept, templates: request.miner.shapeCount });
  const pool = request.pool?.utilisation();
  if (pool !== undefined && pool.workers > 0) {
    // Both sides near 100% say that only less work per entry makes a run faster, not another split of it.
    const thisThread = performance.eventLoopUtilization(busyBefore).utilization;
    request.progress.note(`read on ${pool.workers + 1} threads: this one busy ${formatShare(thisThread)}, ${pool.workers === 1 ? "the worker" : `${pool.workers} workers`} ${formatShare(pool.busy)}`);
  }

  return {
    totals,
    sources: results,
    timeline: [...timeline.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([minute, bySeverity]) => ({ minute, bySeverity, count: sumCounts(bySeverity) })),
    services: services.sorted(),
    projects: projects.sorted(),
    revisions: revisions.sorted(),
    ...(firstMs !== undefined ? { firstMs } : {}),
    ...(lastMs !== undefined ? { lastMs } : {}),
  };
}

function filterReason(
  entry: LogEntry,
  filters: EntryFilters,
  minRank: number,
): "below_min_severity" | "outside_window" | "other_service" | undefined {
  if (severityRank(entry.severity) < minRank) return "below_min_severity";
  if (filters.services.size > 0 && entry.service !== undefined && !filters.services.has(entry.service)) {
    return "other_service";
  }
  if (entry.timeMs !== undefined) {
    if (filters.sinceMs !== undefined && entry.timeMs < filters.sinceMs) return "outside_window";
    if (filters.untilMs !== undefined && entry.timeMs > filters.untilMs) return "outside_window";
  }
  return undefined;
}


function sumCounts(counts: Partial<Record<string, number>>): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value ?? 0;
  return total;
}

/** Counts names with their earliest timestamp, for the header's services/projects/revisions. */
class NameCounter {
  private readonly counts = new Map<string, { count: number; firstSeen?: string; firstMs?: number }>();

  /** Earliest by `timeMs`: RFC 3339 strings with different fractional digits do not sort as text. */
  add(name: string | undefined, at: Pick<LogEntry, "timestamp" | "timeMs">): void {
    if (!name) return;
    const current = this.counts.get(name);
    if (!current) {
      this.counts.set(name, at.timestamp !== undefined ? { count: 1, firstSeen: at.timestamp, firstMs: at.timeMs } : { count: 1 });
      return;
    }
    current.count += 1;
    if (at.timestamp !== undefined && at.timeMs !== undefined && (current.firstMs === undefined || at.timeMs < current.firstMs)) {
      current.firstSeen = at.timestamp;
      current.firstMs = at.timeMs;
    }
  }

  sorted(): CountByName[] {
    return [...this.counts.entries()]
      .map(([name, v]) => ({ name, count: v.count, ...(v.firstSeen ? { firstSeen: v.firstSeen } : {}) }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  }
}
