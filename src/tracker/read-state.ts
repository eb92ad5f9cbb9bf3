// Reads the issues' state before judging (in the listing each run makes anyway) and syncs it into the state store.
import type { IssueCluster } from "../model/cluster.js";
import type { PublishedIssue, TrackerState } from "../model/history.js";
import type { Category, Priority } from "../model/judgement.js";
import { CATEGORIES, PRIORITIES } from "../model/judgement.js";
import type { StateStore, StoredIssueLink } from "../state/store.js";
import { parseIssueTitle } from "./issue-text.js";
import type { IssueMarker } from "./marker.js";
import { parseIssueMarker } from "./marker.js";
import type { IssueMatch } from "./match.js";
import { indexByFingerprint, markedIssues, matchCluster } from "./match.js";
import type { Tracker, TrackerIssue } from "./tracker.js";
import { isOurIssue } from "./tracker.js";

/** What one reading of the tracker found: for the judge (state) and for the gardener (matches, listed). */
export interface TrackerReading {
  readonly state: TrackerState;
  /** Fingerprint of each cluster of the run → its issue. */
  readonly matches: ReadonlyMap<string, IssueMatch>;
  /** Every issue the label listing returned. */
  readonly listed: readonly TrackerIssue[];
  /** Open marked issues by number, for closing quiet ones. */
  readonly openIssues: ReadonlyMap<number, { readonly issue: TrackerIssue; readonly marker: IssueMarker }>;
  /** One line per state change recorded (closed by a person, reopened, gone), for the plan and the worklog. */
  readonly synced: readonly string[];
  /** Search requests left for the run after this reading. */
  readonly searchesLeft: number;
  /**
   * The newest issue number just before the listing: an issue above it was filed after the listing
   * (by this run or a concurrent one) and is looked for again before and after each creation. Taken
   * here, not when the writes start: issues another run files while this one judges are above it.
   */
  readonly listedUpTo: number;
}

function isPriority(value: string | undefined): value is Priority {
  return value !== undefined && (PRIORITIES as readonly string[]).includes(value);
}

/** What both the judge's view of an issue and the state's link to it say of the issue itself. */
function issueFields(tracker: Tracker["kind"], issue: TrackerIssue) {
  return {
    tracker,
    number: issue.number,
    ...(issue.url ? { url: issue.url } : {}),
    state: issue.state,
    stateReason: issue.stateReason,
    ...(issue.closedAt ? { closedAt: issue.closedAt } : {}),
    title: issue.title,
    labels: issue.labels,
  };
}

/** The issue as published: priority from the title, else the labels, else the marker; category from the title, else the labels. */
export function publishedIssue(tracker: Tracker["kind"], issue: TrackerIssue, marker: IssueMarker | undefined, reopenedByPersonAt?: string): PublishedIssue {
  const title = parseIssueTitle(issue.title);
  const fromLabels = issue.labels.filter(isPriority).sort()[0];
  const priority = title?.priority ?? fromLabels ?? (isPriority(marker?.priority) ? marker.priority : undefined);
  const category = title?.category ?? issue.labels.find((l): l is Category => (CATEGORIES as readonly string[]).includes(l));
  return {
    ...issueFields(tracker, issue),
    ...(priority ? { priority } : {}),
    ...(marker?.priorityAt ? { priorityAt: marker.priorityAt } : {}),
    ...(category ? { category } : {}),
    ...(marker?.titledAt ? { titledAt: marker.titledAt } : {}),
    ...(reopenedByPersonAt ? { reopenedByPersonAt } : {}),
  };
}

export interface ReadOptions {
  readonly now: Date;
  /** Record state changes in the store (not in a dry run). */
  readonly record: boolean;
  readonly maxSearches: number;
}

/**
 * Lists the bot's issues once (open and closed), finds each cluster's issue by marker, then by the state's link
 * (one read each: an issue whose marker a person removed, or one gone from the tracker). Every marked issue's
 * state is compared with the state's link: closed by a person → recorded closed (`resolved` in `clusters`);
 * reopened by a person → recorded open, with when; a linked issue the tracker no longer has → gone, filed afresh.
 */
export async function readTrackerState(tracker: Tracker, clusters: readonly IssueCluster[], store: StateStore, options: ReadOptions): Promise<TrackerReading> {
  const listedUpTo = (await tracker.listRecentIssues(1))[0]?.number ?? 0;
  // Ours means filed by our account and labelled: an outsider's copy of a marker is never adopted.
  const listed = (await tracker.listBotIssues()).filter((i) => isOurIssue(i, tracker.label));
  const marked = markedIssues(listed);
  const index = indexByFingerprint(marked);
  const links = new Map<string, StoredIssueLink>();
  for (const link of await store.listIssueLinks()) if (link.tracker === tracker.kind) links.set(link.fingerprint, link);
  const synced: string[] = [];
  const issues = new Map<string, PublishedIssue>();
  const openIssues = new Map<number, { issue: TrackerIssue; marker: IssueMarker }>();

  /** Compares an issue with the state's link for its fingerprint, records a change, and returns it as published. */
  const sync = async (fingerprint: string, issue: TrackerIssue, marker: IssueMarker | undefined): Promise<PublishedIssue> => {
    const link = links.get(fingerprint);
    let reopenedAt = link?.number === issue.number ? link.reopenedByPersonAt : undefined;
    const changed = link !== undefined && link.number === issue.number && (link.state !== issue.state || (link.stateReason ?? null) !== (issue.stateReason ?? null));
    if (changed && link) {
      if (issue.state === "open" && link.state === "closed") {
        reopenedAt = options.now.toISOString();
        synced.push(`#${issue.number} was reopened: the problem is open again`);
      } else if (issue.state === "closed") {
        const how = issue.stateReason === "not_planned" ? "as not planned (muted)" : issue.stateReason === "duplicate" ? "as a duplicate (muted)" : "as completed (resolved)";
        synced.push(`#${issue.number} was closed ${how}`);
      }
    }
    if (options.record && (changed || link === undefined || link.number !== issue.number)) {
      await store.linkIssue(fingerprint, {
        ...issueFields(tracker.kind, issue),
        updatedAt: issue.updatedAt,
        ...(reopenedAt && issue.state === "open" ? { reopenedByPersonAt: reopenedAt } : {}),
      });
    }
    return publishedIssue(tracker.kind, issue, marker, issue.state === "open" ? reopenedAt : undefined);
  };

  // Every marked issue, by the fingerprint its marker names: the judge reads open ones for auto-close.
  const seen = new Set<number>();
  for (const item of marked) {
    const best = matchCluster({ fingerprint: item.marker.fingerprint, aliases: [item.marker.fingerprint] }, index);
    if (best?.issue.number !== item.issue.number) continue; // another issue tracks this fingerprint (open before closed)
    issues.set(item.marker.fingerprint, await sync(item.marker.fingerprint, item.issue, item.marker));
    seen.add(item.issue.number);
    if (item.issue.state === "open") openIssues.set(item.issue.number, item);
  }

  const matches = new Map<string, IssueMatch>();
  const gone = new Map<string, number>();
  for (const cluster of clusters) {
    const fp = cluster.fingerprint;
    const byMarker = matchCluster(cluster, index);
    if (byMarker) {
      matches.set(fp, byMarker);
      if (!issues.has(fp)) issues.set(fp, await sync(fp, byMarker.issue, byMarker.marker));
      continue;
    }
    const link = [fp, ...cluster.aliases].map((f) => links.get(f)).find((l) => l !== undefined);
    if (link) {
      const found = await tracker.getIssue(link.number);
      // GitHub answers a transferred issue with a redirect to its new repository: moved away is gone from here.
      const moved = found?.url !== undefined && tracker.repo !== undefined && !found.url.includes(`/${tracker.repo}/issues/`);
      const issue = moved ? undefined : found;
      const marker = issue ? parseIssueMarker(issue.body) : undefined;
      // A person may have removed the marker (an issue without our label is not ours, nor is one whose marker names another cluster).
      if (issue && isOurIssue(issue, tracker.label) && (!marker || marker.fingerprint === fp || cluster.aliases.includes(marker.fingerprint))) {
        matches.set(fp, { issue, marker, duplicates: [], via: "state" });
        issues.set(fp, await sync(link.fingerprint, issue, marker));
        continue;
      }
      if (!issue) {
        gone.set(fp, link.number);
        synced.push(`#${link.number} is gone from the tracker (deleted or transferred)`);
      }
    }
  }
  // No search for the rest: an issue that carries our label is in the listing, and one that does not is not ours.
  const searchesLeft = options.maxSearches;
  return { state: { issues, gone }, matches, listed, openIssues, synced, searchesLeft, listedUpTo };
}

/** What the judge decides from when the tracker could not be read: no issue known, nothing gone. */
export const UNREAD_TRACKER: TrackerState = { issues: new Map(), gone: new Map() };
