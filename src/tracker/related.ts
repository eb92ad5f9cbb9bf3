// Related problems for a new issue: clusters that co-occur with it in time or share a trace or
// connection, and issues that mention the same module or function.
import type { IssueCluster } from "../model/cluster.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { RelatedLink } from "./issue-text.js";
import type { TrackerIssue } from "./tracker.js";

export interface RelatedOptions {
  /** Share of active minutes two clusters must have in common (Jaccard) to count as co-occurring. */
  readonly minMinuteOverlap: number;
  /** Shared active minutes needed as well, so two one-off entries in the same minute are not "related". */
  readonly minSharedMinutes: number;
  /**
   * Shared minutes over what chance alone gives (|A|·|B|/window minutes). A warning logged every
   * minute shares minutes with everything, so time tells nothing about it; 2 means "twice chance".
   */
  readonly minLift: number;
  /** Links listed per issue. */
  readonly maxLinks: number;
}

export const DEFAULT_RELATED_OPTIONS: RelatedOptions = { minMinuteOverlap: 0.5, minSharedMinutes: 3, minLift: 2, maxLinks: 8 };

/** What `relation` compares, computed once per cluster (a run may hold thousands). */
interface RelationFacts {
  readonly traces: ReadonlySet<string>;
  readonly connections: ReadonlySet<string>;
  readonly minutes: ReadonlySet<string>;
  readonly module: string | undefined;
}

function factsOf(cluster: IssueCluster): RelationFacts {
  return {
    traces: new Set(cluster.stats.traces),
    connections: new Set(cluster.stats.exampleConnections),
    minutes: new Set(cluster.stats.perMinute.map((m) => m.minute)),
    module: cluster.source?.module || undefined,
  };
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
}

function minuteOverlap(a: RelationFacts, b: RelationFacts, windowMinutes: number): { shared: number; jaccard: number; lift: number } {
  let shared = 0;
  for (const minute of b.minutes) if (a.minutes.has(minute)) shared += 1;
  const union = a.minutes.size + b.minutes.size - shared;
  const expected = (a.minutes.size * b.minutes.size) / Math.max(windowMinutes, union, 1);
  return { shared, jaccard: union === 0 ? 0 : shared / union, lift: expected === 0 ? 0 : shared / expected };
}

function relationOf(a: RelationFacts, b: RelationFacts, options: RelatedOptions, windowMinutes: number): string | undefined {
  if (intersects(a.traces, b.traces)) return "shares a trace";
  if (intersects(a.connections, b.connections)) return "shares a connection";
  const overlap = minuteOverlap(a, b, windowMinutes);
  if (overlap.shared >= options.minSharedMinutes && overlap.jaccard >= options.minMinuteOverlap && overlap.lift >= options.minLift) {
    return `co-occurs in ${overlap.shared} of the same minutes`;
  }
  if (a.module !== undefined && a.module === b.module) return "same module";
  return undefined;
}

/** Why `b` is related to `a`, or undefined. */
export function relation(a: IssueCluster, b: IssueCluster, options: RelatedOptions, windowMinutes = 0): string | undefined {
  return relationOf(factsOf(a), factsOf(b), options, windowMinutes);
}

/**
 * The clusters of one run, indexed by what relates them (trace, connection, module, active minute), so
 * a cluster's related ones are looked up among those that share something with it rather than
 * compared with all: pairwise, 10,499 clusters took 296 s of a run (300,000 mostly distinct lines).
 */
export class RelatedIndex {
  readonly #all: readonly JudgedCluster[];
  readonly #facts: readonly RelationFacts[];
  readonly #byTrace = new Map<string, number[]>();
  readonly #byConnection = new Map<string, number[]>();
  readonly #byModule = new Map<string, number[]>();
  readonly #byMinute = new Map<string, number[]>();
  readonly #options: RelatedOptions;
  readonly #windowMinutes: number;

  constructor(all: readonly JudgedCluster[], windowMinutes: number, options: RelatedOptions = DEFAULT_RELATED_OPTIONS) {
    this.#all = all;
    this.#options = options;
    this.#windowMinutes = windowMinutes;
    this.#facts = all.map((judged) => factsOf(judged.cluster));
    const add = (index: Map<string, number[]>, key: string, at: number): void => {
      const list = index.get(key);
      if (list === undefined) index.set(key, [at]);
      else list.push(at);
    };
    this.#facts.forEach((facts, at) => {
      for (const trace of facts.traces) add(this.#byTrace, trace, at);
      for (const connection of facts.connections) add(this.#byConnection, connection, at);
      for (const minute of facts.minutes) add(this.#byMinute, minute, at);
      if (facts.module !== undefined) add(this.#byModule, facts.module, at);
    });
  }

  /** Every cluster `relationOf` could relate to `facts`, in the run's order. */
  #candidates(facts: RelationFacts): number[] {
    const options = this.#options;
    // With a threshold at zero, sharing nothing may still relate two clusters: compare with all.
    if (options.minSharedMinutes < 1 && options.minMinuteOverlap <= 0 && options.minLift <= 0) return this.#all.map((_, at) => at);
    const found = new Set<number>();
    for (const trace of facts.traces) for (const at of this.#byTrace.get(trace) ?? []) found.add(at);
    for (const connection of facts.connections) for (const at of this.#byConnection.get(connection) ?? []) found.add(at);
    if (facts.module !== undefined) for (const at of this.#byModule.get(facts.module) ?? []) found.add(at);
    const sharedMinutes = new Map<number, number>();
    for (const minute of facts.minutes) for (const at of this.#byMinute.get(minute) ?? []) sharedMinutes.set(at, (sharedMinutes.get(at) ?? 0) + 1);
    for (const [at, shared] of sharedMinutes) if (shared >= options.minSharedMinutes) found.add(at);
    return [...found].sort((a, b) => a - b);
  }

  /**
   * Related links for one cluster of the run: other clusters (with their issue, when they have one),
   * then issues found by searching for its module or function (excluding the cluster's own issue).
   */
  links(judged: JudgedCluster, issueOf: ReadonlyMap<string, TrackerIssue>, mentioning: readonly TrackerIssue[]): RelatedLink[] {
    const links: RelatedLink[] = [];
    const seenIssues = new Set<number>();
    const own = issueOf.get(judged.cluster.fingerprint)?.number;
    if (own !== undefined) seenIssues.add(own);
    const facts = factsOf(judged.cluster);
    for (const at of this.#candidates(facts)) {
      if (links.length >= this.#options.maxLinks) break;
      const other = this.#all[at] as JudgedCluster;
      if (other.cluster.fingerprint === judged.cluster.fingerprint) continue;
      const why = relationOf(facts, this.#facts[at] as RelationFacts, this.#options, this.#windowMinutes);
      if (!why) continue;
      const issue = issueOf.get(other.cluster.fingerprint);
      if (issue && seenIssues.has(issue.number)) continue;
      if (issue) seenIssues.add(issue.number);
      links.push({ issueNumber: issue?.number, fingerprint: issue ? undefined : other.cluster.fingerprint, text: `${other.cluster.name.slice(0, 120)} (${why})` });
    }
    for (const issue of mentioning) {
      if (seenIssues.has(issue.number)) continue;
      seenIssues.add(issue.number);
      links.push({ issueNumber: issue.number, text: `${issue.state} issue mentioning the same module or function` });
    }
    return links.slice(0, this.#options.maxLinks);
  }
}

/** The phrase to search related issues by: the function if known (more specific), else the module. */
export function relatedSearchPhrase(cluster: IssueCluster): string | undefined {
  const fn = cluster.source?.function;
  if (fn && fn.length >= 4 && !/^(<\w+>|anonymous|main|handler|callHandlers)$/i.test(fn)) return fn;
  const module = cluster.source?.module;
  return module && module.length >= 4 ? module : undefined;
}
