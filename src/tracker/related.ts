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

function intersects(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  const set = new Set(a);
  return b.some((x) => set.has(x));
}

function minuteOverlap(a: IssueCluster, b: IssueCluster, windowMinutes: number): { shared: number; jaccard: number; lift: number } {
  const minutesA = new Set(a.stats.perMinute.map((m) => m.minute));
  const minutesB = b.stats.perMinute.map((m) => m.minute);
  const shared = minutesB.filter((m) => minutesA.has(m)).length;
  const union = minutesA.size + minutesB.length - shared;
  const expected = (minutesA.size * minutesB.length) / Math.max(windowMinutes, union, 1);
  return { shared, jaccard: union === 0 ? 0 : shared / union, lift: expected === 0 ? 0 : shared / expected };
}

/** Why `b` is related to `a`, or undefined. */
export function relation(a: IssueCluster, b: IssueCluster, options: RelatedOptions, windowMinutes = 0): string | undefined {
  if (intersects(a.stats.traces, b.stats.traces)) return "shares a trace";
  if (intersects(a.stats.exampleConnections, b.stats.exampleConnections)) return "shares a connection";
  const overlap = minuteOverlap(a, b, windowMinutes);
  if (overlap.shared >= options.minSharedMinutes && overlap.jaccard >= options.minMinuteOverlap && overlap.lift >= options.minLift) {
    return `co-occurs in ${overlap.shared} of the same minutes`;
  }
  if (a.source?.module && a.source.module === b.source?.module) return "same module";
  return undefined;
}

/**
 * Related links for one cluster: other clusters of this run (with their issue, when they have one)
 * and issues found by searching for its module or function (excluding the cluster's own issue).
 */
export function relatedLinks(
  judged: JudgedCluster,
  all: readonly JudgedCluster[],
  issueOf: ReadonlyMap<string, TrackerIssue>,
  mentioning: readonly TrackerIssue[],
  windowMinutes: number,
  options: RelatedOptions = DEFAULT_RELATED_OPTIONS,
): RelatedLink[] {
  const links: RelatedLink[] = [];
  const seenIssues = new Set<number>();
  const own = issueOf.get(judged.cluster.fingerprint)?.number;
  if (own !== undefined) seenIssues.add(own);
  for (const other of all) {
    if (other.cluster.fingerprint === judged.cluster.fingerprint) continue;
    const why = relation(judged.cluster, other.cluster, options, windowMinutes);
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
  return links.slice(0, options.maxLinks);
}

/** The phrase to search related issues by: the function if known (more specific), else the module. */
export function relatedSearchPhrase(cluster: IssueCluster): string | undefined {
  const fn = cluster.source?.function;
  if (fn && fn.length >= 4 && !/^(<\w+>|anonymous|main|handler|callHandlers)$/i.test(fn)) return fn;
  const module = cluster.source?.module;
  return module && module.length >= 4 ? module : undefined;
}
