// Finding the issue that tracks a cluster, from the markers in the issues the tracker listed.
import type { IssueCluster } from "../model/cluster.js";
import type { IssueMarker } from "./marker.js";
import { parseIssueMarker } from "./marker.js";
import type { TrackerIssue } from "./tracker.js";

export interface MarkedIssue {
  readonly issue: TrackerIssue;
  readonly marker: IssueMarker;
}

export interface IssueMatch {
  readonly issue: TrackerIssue;
  readonly marker?: IssueMarker;
  /** Other issues whose markers name one of the cluster's fingerprints; reported. */
  readonly duplicates: readonly number[];
  /** The same, with what their markers say: an open one newer than `issue` is closed as its duplicate. */
  readonly duplicateIssues?: readonly MarkedIssue[];
  readonly via: "marker" | "alias" | "state";
}

export function markedIssues(issues: readonly TrackerIssue[]): MarkedIssue[] {
  const out: MarkedIssue[] = [];
  for (const issue of issues) {
    const marker = parseIssueMarker(issue.body);
    if (marker) out.push({ issue, marker });
  }
  return out;
}

/** An index from every fingerprint a marker names (primary and aliases) to the issues naming it. */
export function indexByFingerprint(marked: readonly MarkedIssue[]): Map<string, MarkedIssue[]> {
  const index = new Map<string, MarkedIssue[]>();
  for (const item of marked) {
    for (const fp of new Set([item.marker.fingerprint, ...item.marker.aliases])) {
      const list = index.get(fp) ?? [];
      list.push(item);
      index.set(fp, list);
    }
  }
  return index;
}

/**
 * The issue for a cluster: open before closed (a recurrence after a regression issue was filed goes
 * to the new one); among open issues the oldest (two issues found to be one problem: evidence goes
 * to the older, the newer is closed as its duplicate); among closed ones an exact fingerprint
 * before an alias, then the oldest.
 */
export function matchCluster(cluster: Pick<IssueCluster, "fingerprint" | "aliases">, index: ReadonlyMap<string, readonly MarkedIssue[]>): IssueMatch | undefined {
  const candidates = new Map<number, { item: MarkedIssue; exact: boolean }>();
  for (const fp of new Set([cluster.fingerprint, ...cluster.aliases])) {
    for (const item of index.get(fp) ?? []) {
      const exact = item.marker.fingerprint === cluster.fingerprint;
      const known = candidates.get(item.issue.number);
      if (!known || (exact && !known.exact)) candidates.set(item.issue.number, { item, exact });
    }
  }
  const ranked = [...candidates.values()].sort(
    (a, b) =>
      Number(a.item.issue.state !== "open") - Number(b.item.issue.state !== "open") ||
      (a.item.issue.state === "open" ? 0 : Number(!a.exact) - Number(!b.exact)) ||
      a.item.issue.number - b.item.issue.number,
  );
  const [best, ...rest] = ranked;
  if (!best) return undefined;
  return {
    issue: best.item.issue,
    marker: best.item.marker,
    duplicates: rest.map((r) => r.item.issue.number),
    duplicateIssues: rest.map((r) => r.item),
    via: best.exact ? "marker" : "alias",
  };
}
