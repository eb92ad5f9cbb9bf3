/**
 * Collection from sources that count in their engine (BigQuery, DuckDB). Each group's samples are
 * normalised (so redacted before anything else sees them), filtered and mined exactly as streamed
 * entries are; a group whose samples agree (one template, one severity, one service, one error type
 * and status, one filter verdict) adds its exact counts in one step. A group whose samples disagree is
 * re-read entry by entry by a narrower query and goes through the streaming path, so the result is the
 * one streaming every entry would give.
 */
import { miningInput } from "../cluster/mining-input.js";
import type { CountedFigures, CountedGroup, GroupedSource } from "../model/counted.js";
import type { CountByName } from "../model/cluster.js";
import { minuteLabel } from "../model/cluster.js";
import type { LogEntry } from "../model/entry.js";
import type { SeverityMinute } from "../model/report.js";
import { severityRank, type Severity } from "../model/severity.js";
import type { SourceItem, SourceResult } from "../model/source.js";
import { countReason, emptyStageStats, type FilterReason, type StageStats } from "../model/stats.js";
import { collect, type CollectRequest, type CollectResult, type EntryFilters } from "./collect.js";

export interface GroupedCollectRequest extends Omit<CollectRequest, "sources"> {
  readonly sources: readonly GroupedSource[];
  readonly maxNarrowedEntries: number;
  /** The instances a counted group names, for the judge's "most instances" rule (the streaming path sees them entry by entry). */
  readonly onInstances?: (service: string, instances: readonly string[]) => void;
  /** A group added to a template in one step (the state's new entries, `--assignments`); `input` is its source's name. */
  readonly onCounted?: (group: CountedGroup, templateId: string, input: string) => void;
  /**
   * A kept entry of a group re-read entry by entry, in place of `onKept`: its source counts, so the
   * state learns its new entries from coverage as for counted groups instead of keeping its key (the
   * keys of a mixed group grew with the rows: ~100 bytes an entry in the state's key map).
   */
  readonly onReread?: (entry: LogEntry, templateId: string) => void;
}

type Verdict =
  | { readonly kind: "kept"; readonly templateId: string; readonly scope: string; readonly signature: string }
  | { readonly kind: "filtered"; readonly reason: FilterReason; readonly signature: string };

function verdictOf(entry: LogEntry, filters: EntryFilters, minRank: number, mine: (text: string, scope: string) => string): Verdict {
  if (severityRank(entry.severity) < minRank) return { kind: "filtered", reason: "below_min_severity", signature: "below_min_severity" };
  if (filters.services.size > 0 && entry.service !== undefined && !filters.services.has(entry.service)) {
    return { kind: "filtered", reason: "other_service", signature: "other_service" };
  }
  const { scope, text } = miningInput(entry);
  const templateId = mine(text, scope);
  const signature = [templateId, entry.severity, entry.service ?? "", entry.project ?? "", entry.error?.type ?? "", entry.http?.status ?? ""].join("\u0000");
  return { kind: "kept", templateId, scope, signature };
}

function figuresOf(group: CountedGroup, severity: Severity, samples: readonly LogEntry[]): CountedFigures {
  const at = (timeMs: number) => ({ timeMs, timestamp: samples.find((entry) => entry.timeMs === timeMs)?.timestamp ?? new Date(timeMs).toISOString() });
  return {
    count: group.count,
    severity,
    first: at(group.firstMs),
    last: at(group.lastMs),
    minutes: group.minutes,
    revisions: group.revisions.map((revision) => ({ name: revision.name, count: revision.count, first: at(revision.firstMs) })),
    instances: group.instances,
    approxUsers: group.approxUsers,
  };
}

/** Reads every grouped source; narrowed groups go through `collect` with the same miner and accumulator. */
export async function collectGrouped(request: GroupedCollectRequest): Promise<CollectResult> {
  const totals = emptyStageStats();
  const results: SourceResult[] = [];
  const timeline = new Map<number, Partial<Record<Severity, number>>>();
  const names = { services: new NamedCounts(), projects: new NamedCounts(), revisions: new NamedCounts() };
  const minRank = severityRank(request.filters.minSeverity);
  const mine = (text: string, scope: string) => request.miner.add(text, scope).templateId;
  let firstMs: number | undefined;
  let lastMs: number | undefined;
  const narrowed: CollectResult[] = [];

  /** Mines a group's samples; adds it when they agree, else returns false. */
  const settle = (group: CountedGroup, templateOfGroup: Map<string, string>, input: string): boolean => {
    const samples: LogEntry[] = [];
    for (const raw of group.samples) {
      const normalised = request.normalise(raw);
      if (normalised.kind === "entry") samples.push(normalised.entry);
    }
    const verdicts = samples.map((entry) => verdictOf(entry, request.filters, minRank, mine));
    const first = verdicts[0];
    if (first === undefined || !verdicts.every((verdict) => verdict.signature === first.signature)) return false;
    if (first.kind === "filtered") {
      countReason(totals.filtered, first.reason, group.count);
      return true;
    }
    const entry = samples[0] as LogEntry;
    const figures = figuresOf(group, entry.severity, samples);
    request.accumulator.addCounted({ templateId: first.templateId, scope: first.scope, figures, samples });
    request.onInstances?.(entry.service ?? "", group.instances);
    templateOfGroup.set(group.key, first.templateId);
    request.onCounted?.(group, first.templateId, input);
    totals.kept += group.count;
    for (const [minute, n] of group.minutes) {
      const counts = timeline.get(minute) ?? {};
      counts[entry.severity] = (counts[entry.severity] ?? 0) + n;
      timeline.set(minute, counts);
    }
    names.services.add(entry.service, group.count, figures.first);
    names.projects.add(entry.project, group.count, figures.first);
    for (const revision of figures.revisions) names.revisions.add(revision.name, revision.count, revision.first);
    request.progress.update({ read: totals.read, kept: totals.kept, templates: request.miner.shapeCount });
    return true;
  };

  for (const source of request.sources) {
    request.progress.phase(`querying ${source.name}`);
    // Group key → template, for the co-occurrence pairs (32 hex digits a group: a few MB at 100k groups).
    const templateOfGroup = new Map<string, string>();
    let result: SourceResult | undefined;
    const fail = (error: unknown): void => {
      if (result !== undefined) result = { ...result, completeness: { kind: "query_failed", error: (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "" } };
    };
    try {
      // 1. Coarse groups; the mixed ones are split by the narrower mask.
      const split: string[] = [];
      for await (const item of source.groups([])) {
        if (item.kind === "end") {
          result = item.result;
          totals.read += item.entriesInWindow;
          if (item.observed) {
            firstMs = Math.min(firstMs ?? item.observed.firstMs, item.observed.firstMs);
            lastMs = Math.max(lastMs ?? item.observed.lastMs, item.observed.lastMs);
          }
        } else if (!settle(item.group, templateOfGroup, source.name)) split.push(item.group.key);
      }
      if (result?.completeness.kind !== "complete") continue;
      // 2. The narrower groups; those still mixed are re-read entry by entry.
      const mixed: string[] = [];
      let mixedEntries = 0;
      if (split.length > 0) {
        request.progress.phase(`splitting ${split.length} mixed group(s) of ${source.name}`);
        for await (const item of source.groups(split)) {
          if (item.kind === "end") {
            if (item.result.completeness.kind === "query_failed") result = { ...result, completeness: item.result.completeness };
          } else if (!settle(item.group, templateOfGroup, source.name)) {
            mixed.push(item.group.key);
            mixedEntries += item.group.count;
          }
        }
        if (result.completeness.kind !== "complete") continue;
      }
      // 3. Co-occurrence between the final groups, credited to their templates.
      for await (const pair of source.pairs(split)) {
        const from = templateOfGroup.get(pair.from);
        const to = templateOfGroup.get(pair.to);
        if (from !== undefined && to !== undefined) request.accumulator.addCountedPair(from, to, pair.entries);
      }
      if (mixed.length > 0) {
        request.progress.phase(`re-reading ${mixed.length} mixed group(s) of ${source.name}`);
        const again = await collect({ ...request, ...(request.onReread ? { onKept: request.onReread } : {}), sources: [{ name: source.name, open: () => entriesAsSource(source, split, mixed, request.maxNarrowedEntries) }] });
        // `read` was counted from the window row already: these entries are a second look at some of them.
        const { firstMs: _first, lastMs: _last, ...figures } = again;
        narrowed.push({ ...figures, totals: { ...again.totals, read: 0 }, sources: [] });
        if (mixedEntries > request.maxNarrowedEntries) {
          result = { ...result, completeness: { kind: "truncated", reason: `mixed groups held ${mixedEntries} entries, more than warehouse.maxNarrowedEntries (${request.maxNarrowedEntries})` } };
        }
      }
    } catch (error) {
      fail(error);
    } finally {
      await source.close();
      const jobs = source.jobs();
      if (result !== undefined) {
        results.push({ ...result, ...(jobs.bytesProcessed !== undefined ? { bytesProcessed: jobs.bytesProcessed } : {}), ...(jobs.jobIds.length > 0 ? { jobId: jobs.jobIds.join(", ") } : {}) });
      }
    }
  }

  const counted: CollectResult = {
    totals,
    sources: results,
    timeline: [...timeline.entries()].sort((a, b) => a[0] - b[0]).map(([minute, bySeverity]) => ({ minute: minuteLabel(minute), bySeverity, count: sum(bySeverity) })),
    services: names.services.sorted(),
    projects: names.projects.sorted(),
    revisions: names.revisions.sorted(),
    ...(firstMs !== undefined ? { firstMs } : {}),
    ...(lastMs !== undefined ? { lastMs } : {}),
  };
  return narrowed.reduce(mergeCollected, counted);
}

async function* entriesAsSource(source: GroupedSource, split: readonly string[], keys: readonly string[], cap: number): AsyncGenerator<SourceItem> {
  let read = 0;
  for await (const entry of source.entriesOf(split, keys)) {
    if (read >= cap) break;
    read += 1;
    yield { kind: "entry", entry };
  }
  yield { kind: "end", result: { input: source.name, format: "duckdb", entriesRead: read, completeness: { kind: "complete" } } };
}

function sum(counts: Partial<Record<string, number>>): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value ?? 0;
  return total;
}

function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = { ...into };
  for (const [key, value] of Object.entries(from) as [K, number | undefined][]) out[key] = (out[key] ?? 0) + (value ?? 0);
  return out;
}

function mergeNames(a: readonly CountByName[], b: readonly CountByName[]): CountByName[] {
  const merged = new Map<string, CountByName>();
  for (const item of [...a, ...b]) {
    const current = merged.get(item.name);
    if (current === undefined) {
      merged.set(item.name, item);
      continue;
    }
    const earlier = [current.firstSeen, item.firstSeen].filter((t): t is string => t !== undefined).sort((x, y) => Date.parse(x) - Date.parse(y))[0];
    merged.set(item.name, { name: item.name, count: current.count + item.count, ...(earlier ? { firstSeen: earlier } : {}) });
  }
  return [...merged.values()].sort((x, y) => y.count - x.count || (x.name < y.name ? -1 : 1));
}

/** Two collections as one: counts added, timelines and name counts merged, the span widened. */
export function mergeCollected(a: CollectResult, b: CollectResult): CollectResult {
  const totals: StageStats = {
    read: a.totals.read + b.totals.read,
    kept: a.totals.kept + b.totals.kept,
    skipped: addCounts(a.totals.skipped, b.totals.skipped),
    filtered: addCounts(a.totals.filtered, b.totals.filtered),
    skippedSamples: [...a.totals.skippedSamples, ...b.totals.skippedSamples],
  };
  const timeline = new Map<string, Partial<Record<Severity, number>>>();
  for (const row of [...a.timeline, ...b.timeline]) timeline.set(row.minute, addCounts(timeline.get(row.minute) ?? {}, row.bySeverity));
  const spans = [a, b].flatMap((c) => (c.firstMs !== undefined && c.lastMs !== undefined ? [[c.firstMs, c.lastMs] as const] : []));
  return {
    totals,
    sources: [...a.sources, ...b.sources],
    timeline: [...timeline.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([minute, bySeverity]): SeverityMinute => ({ minute, bySeverity, count: sum(bySeverity) })),
    services: mergeNames(a.services, b.services),
    projects: mergeNames(a.projects, b.projects),
    revisions: mergeNames(a.revisions, b.revisions),
    ...(spans.length > 0 ? { firstMs: Math.min(...spans.map((s) => s[0])), lastMs: Math.max(...spans.map((s) => s[1])) } : {}),
  };
}

/** Name → count and earliest sighting. */
class NamedCounts {
  readonly #counts = new Map<string, { count: number; first: { timeMs: number; timestamp: string } }>();

  add(name: string | undefined, count: number, first: { timeMs: number; timestamp: string }): void {
    if (!name) return;
    const current = this.#counts.get(name);
    if (current === undefined) this.#counts.set(name, { count, first });
    else {
      current.count += count;
      if (first.timeMs < current.first.timeMs) current.first = first;
    }
  }

  sorted(): CountByName[] {
    return [...this.#counts.entries()]
      .map(([name, v]) => ({ name, count: v.count, firstSeen: v.first.timestamp }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
  }
}
