/**
 * Streaming figures for one template, merged into exact `ClusterStats` per issue cluster at the end.
 * Memory is bounded: per-minute counts (one number per minute of the window), id hash sets capped at
 * `maxDistinctIds`, a capped list of traces, and at most `SPREAD_CAPACITY` + 2 samples.
 */
import { minuteLabel, type ClusterStats, type CountByName, type MinuteCount } from "../model/cluster.js";
import type { CountedFigures } from "../model/counted.js";
import { sampleValue, type LogEntry } from "../model/entry.js";
import { maxSeverity, severityRank, type Severity } from "../model/severity.js";
import { IdHashSet } from "./id-hash-set.js";
import { hash53 } from "../model/hash.js";
import { maskRoute } from "./mining-input.js";

/** `errorInstances` counts instances with an entry at this rank or above. */
const ERROR_RANK = severityRank("ERROR");

export interface StatsLimits {
  /** Distinct user/connection/instance ids remembered; beyond it counts stop growing (reported as a lower bound). */
  readonly maxDistinctIds: number;
  /** Example users and connections shown per cluster. */
  readonly exampleIds: number;
  /** Trace ids kept per cluster, for linking clusters that share requests. */
  readonly tracesPerCluster: number;
  readonly samplesPerCluster: number;
  /** Distinct `METHOD route`s and instance names counted per template (a scanner's sweep has thousands); the rest is not listed. */
  readonly routesPerCluster: number;
  readonly instancesListed: number;
}

interface Seen {
  readonly timeMs: number;
  readonly timestamp: string;
}

interface NamedCount {
  count: number;
  first?: Seen;
}

interface SampleCandidate {
  readonly key: string;
  readonly timeMs: number;
  readonly sample: unknown;
}

const NO_NAMES: ReadonlyMap<string, NamedCount> = new Map();
const NO_TRACES: ReadonlySet<string> = new Set();

/** Spread samples kept between the first and the last: every `stride`-th entry, thinned by half when full. */
const SPREAD_CAPACITY = 8;

function isEarlier(a: Seen, b: Seen | undefined): boolean {
  return b === undefined || a.timeMs < b.timeMs;
}

function addNamedCount(map: Map<string, NamedCount>, name: string, count: number, seen: Seen): void {
  const named = map.get(name) ?? { count: 0 };
  named.count += count;
  if (isEarlier(seen, named.first)) named.first = seen;
  map.set(name, named);
}

function addNamed(map: Map<string, NamedCount>, name: string, seen: Seen | undefined): void {
  let named = map.get(name);
  if (named === undefined) {
    named = { count: 0 };
    map.set(name, named);
  }
  named.count += 1;
  if (seen !== undefined && isEarlier(seen, named.first)) named.first = seen;
}

/**
 * Distinct ids are counted as 53-bit hashes (src/model/hash.ts): a number takes a third of the
 * memory of the string (bench/pipeline.bench.ts: random user and connection ids on a million
 * entries), and at 100,000 ids per cluster a collision has a chance of about 1 in a billion.
 */
export const idHash = hash53;

/** Distinct ids (as hashes, capped) and the first few as written, for the report. */
class DistinctIds {
  readonly hashes = new IdHashSet();
  readonly examples: string[] = [];
  readonly #cap: number;
  readonly #examples: number;

  constructor(cap: number, examples: number) {
    this.#cap = cap;
    this.#examples = examples;
  }

  add(value: string): void {
    if (this.hashes.size >= this.#cap) return;
    if (this.hashes.add(idHash(value)) && this.examples.length < this.#examples) this.examples.push(value);
  }

  addAll(values: readonly string[]): void {
    for (const value of values) this.add(value);
  }

  merge(other: DistinctIds): void {
    for (const hash of other.hashes.values()) {
      if (this.hashes.size >= this.#cap) break;
      this.hashes.add(hash);
    }
    for (const example of other.examples) if (this.examples.length < this.#examples && !this.examples.includes(example)) this.examples.push(example);
  }
}

export class TemplateStats {
  count = 0;
  readonly severityCounts = new Map<Severity, number>();
  maxSeverity: Severity = "DEFAULT";
  first: (Seen & { revision?: string }) | undefined;
  last: Seen | undefined;
  /** Minute number since the epoch → entries. */
  readonly minutes = new Map<number, number>();
  readonly users: DistinctIds;
  readonly connections: DistinctIds;
  readonly instances: DistinctIds;
  /** Instances with an entry at ERROR or above. */
  readonly errorInstances: DistinctIds;
  // Made at their first name: most of a long tail of one-entry templates has no route, status or
  // error type, and an empty Map costs ~250 bytes (a run of 20,000 distinct lines held 160,000).
  #revisions: Map<string, NamedCount> | undefined;
  #errorTypes: Map<string, NamedCount> | undefined;
  #httpStatuses: Map<string, NamedCount> | undefined;
  #routes: Map<string, NamedCount> | undefined;
  #instanceNames: Map<string, NamedCount> | undefined;
  #traces: Set<string> | undefined;
  /** Distinct users an engine counted (APPROX_COUNT_DISTINCT) for counted groups; a lower bound for the template. */
  countedUsers = 0;
  earliestSample: SampleCandidate | undefined;
  latestSample: SampleCandidate | undefined;
  /** An entry of the busiest minute so far (the report shows what the spike looked like). */
  peakSample: SampleCandidate | undefined;
  #peakCount = 0;
  readonly spread: SampleCandidate[] = [];
  #stride = 1;
  #sinceLastSpread = 0;
  readonly #limits: StatsLimits;

  get revisions(): ReadonlyMap<string, NamedCount> {
    return this.#revisions ?? NO_NAMES;
  }
  get errorTypes(): ReadonlyMap<string, NamedCount> {
    return this.#errorTypes ?? NO_NAMES;
  }
  get httpStatuses(): ReadonlyMap<string, NamedCount> {
    return this.#httpStatuses ?? NO_NAMES;
  }
  /** `METHOD route` → entries, for the problem's route breakdown (bounded by routesPerCluster). */
  get routes(): ReadonlyMap<string, NamedCount> {
    return this.#routes ?? NO_NAMES;
  }
  /** Instance name → entries (bounded by routesPerCluster; `instances` counts them all). */
  get instanceNames(): ReadonlyMap<string, NamedCount> {
    return this.#instanceNames ?? NO_NAMES;
  }
  get traces(): ReadonlySet<string> {
    return this.#traces ?? NO_TRACES;
  }

  constructor(limits: StatsLimits) {
    this.#limits = limits;
    this.users = new DistinctIds(limits.maxDistinctIds, limits.exampleIds);
    this.connections = new DistinctIds(limits.maxDistinctIds, limits.exampleIds);
    this.instances = new DistinctIds(limits.maxDistinctIds, 0);
    this.errorInstances = new DistinctIds(limits.maxDistinctIds, 0);
  }

  add(entry: LogEntry): void {
    this.count += 1;
    this.severityCounts.set(entry.severity, (this.severityCounts.get(entry.severity) ?? 0) + 1);
    this.maxSeverity = maxSeverity(this.maxSeverity, entry.severity);
    const seen = entry.timeMs === undefined || entry.timestamp === undefined ? undefined : { timeMs: entry.timeMs, timestamp: entry.timestamp };
    if (seen !== undefined) {
      if (isEarlier(seen, this.first)) this.first = entry.revision === undefined ? seen : { ...seen, revision: entry.revision };
      if (this.last === undefined || seen.timeMs > this.last.timeMs) this.last = seen;
      const minute = Math.floor(seen.timeMs / 60_000);
      const inMinute = (this.minutes.get(minute) ?? 0) + 1;
      this.minutes.set(minute, inMinute);
      if (inMinute > this.#peakCount) {
        this.#peakCount = inMinute;
        if (this.peakSample === undefined || Math.floor(this.peakSample.timeMs / 60_000) !== minute) {
          this.peakSample = { key: entry.key, timeMs: seen.timeMs, sample: entry.sample };
        }
      }
    }
    this.users.addAll(entry.users);
    this.connections.addAll(entry.connections);
    if (entry.instanceId !== undefined) {
      this.instances.add(entry.instanceId);
      if (severityRank(entry.severity) >= ERROR_RANK) this.errorInstances.add(entry.instanceId);
      if (this.instanceNames.size < this.#limits.routesPerCluster || this.instanceNames.has(entry.instanceId)) addNamed((this.#instanceNames ??= new Map()), entry.instanceId, seen);
    }
    const http = entry.http;
    if (http?.method !== undefined) {
      const route = `${http.method.toUpperCase()} ${http.route ?? (http.url === undefined ? "-" : maskRoute(http.url))}`;
      if (this.routes.size < this.#limits.routesPerCluster || this.routes.has(route)) addNamed((this.#routes ??= new Map()), route, seen);
    }
    if (entry.revision !== undefined) addNamed((this.#revisions ??= new Map()), entry.revision, seen);
    if (entry.error?.type !== undefined) addNamed((this.#errorTypes ??= new Map()), entry.error.type, seen);
    if (entry.http?.status !== undefined) addNamed((this.#httpStatuses ??= new Map()), String(entry.http.status), seen);
    if (entry.trace !== undefined && this.traces.size < this.#limits.tracesPerCluster) (this.#traces ??= new Set()).add(entry.trace);
    this.#addSample(entry);
  }

  /**
   * A group a query engine counted: its exact figures, and the entries sampled from it for what only
   * entries carry (users and connections named in the text, error type, HTTP status, traces, samples).
   */
  addCounted(figures: CountedFigures, samples: readonly LogEntry[]): void {
    this.count += figures.count;
    this.severityCounts.set(figures.severity, (this.severityCounts.get(figures.severity) ?? 0) + figures.count);
    this.maxSeverity = maxSeverity(this.maxSeverity, figures.severity);
    const earliest = samples.find((entry) => entry.timeMs === figures.first.timeMs);
    if (isEarlier(figures.first, this.first)) this.first = earliest?.revision === undefined ? figures.first : { ...figures.first, revision: earliest.revision };
    if (this.last === undefined || figures.last.timeMs > this.last.timeMs) this.last = figures.last;
    let peak: [number, number] | undefined;
    for (const [minute, n] of figures.minutes) {
      const inMinute = (this.minutes.get(minute) ?? 0) + n;
      this.minutes.set(minute, inMinute);
      if (peak === undefined || inMinute > peak[1]) peak = [minute, inMinute];
    }
    for (const id of figures.instances) this.instances.add(id);
    // A counted group has one severity: its instances are error instances or none are.
    if (severityRank(figures.severity) >= ERROR_RANK) for (const id of figures.instances) this.errorInstances.add(id);
    for (const revision of figures.revisions) addNamedCount((this.#revisions ??= new Map()), revision.name, revision.count, revision.first);
    this.countedUsers = Math.max(this.countedUsers, figures.approxUsers);
    // Samples agree on error type and status (or the group was re-read entry by entry): the count is theirs.
    const sample = samples[0];
    if (sample?.error?.type !== undefined) addNamedCount((this.#errorTypes ??= new Map()), sample.error.type, figures.count, figures.first);
    if (sample?.http?.status !== undefined) addNamedCount((this.#httpStatuses ??= new Map()), String(sample.http.status), figures.count, figures.first);
    for (const entry of samples) {
      this.users.addAll(entry.users);
      this.connections.addAll(entry.connections);
      if (entry.trace !== undefined && this.traces.size < this.#limits.tracesPerCluster) (this.#traces ??= new Set()).add(entry.trace);
      this.#addSample(entry);
    }
    if (peak !== undefined && peak[1] > this.#peakCount) {
      this.#peakCount = peak[1];
      const inPeak = samples.find((entry) => entry.timeMs !== undefined && Math.floor(entry.timeMs / 60_000) === peak[0]);
      if (inPeak?.timeMs !== undefined) this.peakSample = { key: inPeak.key, timeMs: inPeak.timeMs, sample: inPeak.sample };
    }
  }

  #addSample(entry: LogEntry): void {
    const candidate = { key: entry.key, timeMs: entry.timeMs ?? Number.NaN, sample: entry.sample };
    if (this.earliestSample === undefined || candidate.timeMs < this.earliestSample.timeMs) this.earliestSample = candidate;
    if (this.latestSample === undefined || candidate.timeMs > this.latestSample.timeMs) this.latestSample = candidate;
    this.#sinceLastSpread += 1;
    if (this.#sinceLastSpread < this.#stride) return;
    this.#sinceLastSpread = 0;
    if (this.spread.length === SPREAD_CAPACITY) {
      // keep every other one and sample half as often: still spread over everything seen
      for (let index = 1; index < this.spread.length; index += 1) this.spread.splice(index, 1);
      this.#stride *= 2;
    }
    this.spread.push(candidate);
  }
}

export function mergeNamed(parts: readonly TemplateStats[], pick: (part: TemplateStats) => ReadonlyMap<string, NamedCount>): CountByName[] {
  const merged = new Map<string, NamedCount>();
  for (const part of parts) {
    for (const [name, named] of pick(part)) {
      const into = merged.get(name) ?? { count: 0 };
      into.count += named.count;
      if (named.first !== undefined && isEarlier(named.first, into.first)) into.first = named.first;
      merged.set(name, into);
    }
  }
  return [...merged]
    .map(([name, named]) => ({ name, count: named.count, ...(named.first === undefined ? {} : { firstSeen: named.first.timestamp }) }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function unionIds(parts: readonly TemplateStats[], pick: (part: TemplateStats) => DistinctIds, limits: StatsLimits): DistinctIds {
  const union = new DistinctIds(limits.maxDistinctIds, limits.exampleIds);
  for (const part of parts) union.merge(pick(part));
  return union;
}

export interface MergedStats {
  readonly stats: ClusterStats;
  readonly samples: unknown[];
}

/** Exact figures for a cluster made of these templates. */
export function mergeStats(parts: readonly TemplateStats[], limits: StatsLimits): MergedStats {
  let count = 0;
  let severity: Severity = "DEFAULT";
  const severityCounts: Partial<Record<Severity, number>> = {};
  const minutes = new Map<number, number>();
  let first: (Seen & { revision?: string }) | undefined;
  let last: Seen | undefined;
  for (const part of parts) {
    count += part.count;
    severity = maxSeverity(severity, part.maxSeverity);
    for (const [name, n] of part.severityCounts) severityCounts[name] = (severityCounts[name] ?? 0) + n;
    for (const [minute, n] of part.minutes) minutes.set(minute, (minutes.get(minute) ?? 0) + n);
    if (part.first !== undefined && isEarlier(part.first, first)) first = part.first;
    if (part.last !== undefined && (last === undefined || part.last.timeMs > last.timeMs)) last = part.last;
  }
  const sortedMinutes = [...minutes].sort((a, b) => a[0] - b[0]);
  const perMinute: MinuteCount[] = sortedMinutes.map(([minute, n]) => ({ minute: minuteLabel(minute), count: n }));
  let peak: [number, number] | undefined;
  for (const entry of sortedMinutes) if (peak === undefined || entry[1] > peak[1]) peak = entry;
  const users = unionIds(parts, (part) => part.users, limits);
  const connections = unionIds(parts, (part) => part.connections, limits);
  const traces = new Set<string>();
  for (const part of parts) for (const trace of part.traces) if (traces.size < limits.tracesPerCluster) traces.add(trace);
  const stats: ClusterStats = {
    count,
    severityCounts,
    maxSeverity: severity,
    ...(first === undefined ? {} : { firstSeen: first.timestamp }),
    ...(last === undefined ? {} : { lastSeen: last.timestamp }),
    perMinute,
    ...(peak === undefined ? {} : { peakMinute: { minute: minuteLabel(peak[0]), count: peak[1] } }),
    distinctUsers: parts.reduce((most, part) => Math.max(most, part.countedUsers), users.hashes.size),
    distinctConnections: connections.hashes.size,
    exampleUsers: users.examples,
    exampleConnections: connections.examples,
    revisions: mergeNamed(parts, (part) => part.revisions),
    ...(first?.revision === undefined ? {} : { firstRevision: first.revision }),
    instances: unionIds(parts, (part) => part.instances, limits).hashes.size,
    errorInstances: unionIds(parts, (part) => part.errorInstances, limits).hashes.size,
    errorTypes: mergeNamed(parts, (part) => part.errorTypes),
    httpStatuses: mergeNamed(parts, (part) => part.httpStatuses),
    traces: [...traces],
  };
  return { stats, samples: pickSamples(parts, peak?.[0], limits.samplesPerCluster) };
}

/** The first entry, one from the peak minute (or the middle), the last; more spread ones if asked. */
function pickSamples(parts: readonly TemplateStats[], peakMinute: number | undefined, wanted: number): unknown[] {
  const byKey = new Map<string, SampleCandidate>();
  for (const part of parts) {
    for (const candidate of [part.earliestSample, ...part.spread, part.peakSample, part.latestSample]) {
      if (candidate !== undefined) byKey.set(candidate.key, candidate);
    }
  }
  const ordered = [...byKey.values()].sort((a, b) => (a.timeMs || 0) - (b.timeMs || 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (ordered.length <= wanted) return ordered.map((candidate) => sampleValue(candidate.sample));
  const chosen = new Set<SampleCandidate>();
  const add = (candidate: SampleCandidate | undefined): void => {
    if (candidate !== undefined && chosen.size < wanted) chosen.add(candidate);
  };
  add(ordered[0]);
  if (wanted >= 3) {
    const inPeak = peakMinute === undefined ? undefined : ordered.find((candidate) => Math.floor(candidate.timeMs / 60_000) === peakMinute);
    add(inPeak ?? ordered[Math.floor(ordered.length / 2)]);
  }
  add(ordered[ordered.length - 1]);
  for (let step = 1; chosen.size < wanted && step < ordered.length; step += 1) add(ordered[Math.floor((step * ordered.length) / wanted)]);
  return ordered.filter((candidate) => chosen.has(candidate)).map((candidate) => sampleValue(candidate.sample));
}
