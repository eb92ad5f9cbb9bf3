import { randomUUID } from "node:crypto";
import type { Priority } from "../model/judgement.js";
import type { Report } from "../model/report.js";
import type { TrackerOutcome } from "../model/tracker.js";
import { TOOL_VERSION } from "../model/version.js";
import { clusterRunRecord, HashedEntryKeys, type StateStore } from "../state/index.js";
import type { RunContext } from "./context.js";
import type { RunRequest } from "./request.js";
import { compactTimestamp } from "../report/file-name.js";
import { resolveWindow } from "./window.js";

/** Unique per run, sortable by time: `20261123T013412Z-15ab6385`. */
export function newRunId(now: Date): string {
  return `${compactTimestamp(now.toISOString())}-${randomUUID().slice(0, 8)}`;
}

/** Everything a finished run learnt, written to the state in one transaction. */
export async function saveRunState(
  store: StateStore,
  run: {
    readonly runId: string;
    readonly startedAt: Date;
    readonly finishedAt: Date;
    readonly report: Report;
    /** Entry keys by template id, taken over: each cluster's templates' sets are merged in place, without a copy. */
    readonly entryKeys: ReadonlyMap<string, HashedEntryKeys>;
    /** New entries of counted groups by template id (no keys: bounded by coverage, see coverage.ts). */
    readonly countedNewEntries?: ReadonlyMap<string, number>;
    readonly fingerprintOf: (templateId: string) => string | undefined;
    readonly minerSnapshot: unknown;
  },
): Promise<void> {
  const { report } = run;
  const published = publishedPriorities(report.tracker);
  const keysByFingerprint = entryKeysByFingerprint(run.entryKeys, run.fingerprintOf);
  const countedByFingerprint = new Map<string, number>();
  for (const [templateId, n] of run.countedNewEntries ?? []) {
    const fingerprint = run.fingerprintOf(templateId);
    if (fingerprint !== undefined) countedByFingerprint.set(fingerprint, (countedByFingerprint.get(fingerprint) ?? 0) + n);
  }
  await store.saveRun({
    run: {
      runId: run.runId,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
      window: report.window,
      query: report.query,
      sources: report.sources,
      totals: { read: report.totals.read, kept: report.totals.kept, skipped: report.totals.skipped, filtered: report.totals.filtered },
      // The tracker phase stopping short leaves the counts whole: the run is marked, its baselines still count.
      outcome: {
        ...(report.complete ? { kind: "complete" as const } : { kind: "partial" as const, reason: incompleteReason(report) }),
        ...(report.tracker?.incomplete ? { trackerFailed: report.tracker.incomplete.reason } : {}),
      },
      servicesSeen: report.services.map((s) => s.name),
      toolVersion: TOOL_VERSION,
    },
    clusters: report.clusters.map((j) => {
      const publication = published.get(j.cluster.fingerprint);
      return clusterRunRecord(j.cluster, {
        ratePerMinute: j.ratePerMinute,
        entries: keysByFingerprint.get(j.cluster.fingerprint) ?? new HashedEntryKeys(),
        ...(countedByFingerprint.has(j.cluster.fingerprint) ? { countedNewEntries: countedByFingerprint.get(j.cluster.fingerprint) } : {}),
        priority: j.priority,
        rulesPriority: j.rulesPriority,
        ...(publication ? { published: publication } : {}),
      });
    }),
    revisions: report.revisions,
    minerSnapshot: run.minerSnapshot,
  });
}

/** A run that stopped with an error still shows in `history` (outcome failed); baselines skip it. */
export async function recordFailedRun(store: StateStore, request: RunRequest, ctx: RunContext, startedAt: Date, error: unknown): Promise<void> {
  const now = ctx.now();
  const message = (error instanceof Error ? error.message : String(error)).split("\n", 1)[0] ?? "";
  try {
    await store.saveRun({
      run: {
        runId: newRunId(now),
        startedAt: startedAt.toISOString(),
        finishedAt: now.toISOString(),
        window: resolveWindow({
          ...(request.since ? { since: request.since } : {}),
          ...(request.until ? { until: request.until } : {}),
          ...(request.sinceText ? { sinceText: request.sinceText } : {}),
        }),
        query: {
          services: request.services,
          minSeverity: request.minSeverity,
          ...(request.since ? { since: request.since.toISOString() } : {}),
          ...(request.until ? { until: request.until.toISOString() } : {}),
          filters: [],
        },
        sources: [],
        totals: { read: 0, kept: 0, skipped: {}, filtered: {} },
        outcome: { kind: "failed", error: message },
        toolVersion: TOOL_VERSION,
      },
      clusters: [],
      revisions: [],
    });
  } catch {
    // The original error is what the user must see; a state that cannot take the record changes nothing.
  }
}

/** Priorities that this run wrote to the tracker (created, reopened or changed), for the no-flapping cooldown. */
function publishedPriorities(outcome: TrackerOutcome | undefined): Map<string, { priority: Priority; at: string }> {
  const published = new Map<string, { priority: Priority; at: string }>();
  for (const action of outcome?.actions ?? []) {
    if (action.status === "done" && action.published) published.set(action.fingerprint, action.published);
  }
  return published;
}

function incompleteReason(report: Report): string {
  return report.sources
    .flatMap((s) => (s.completeness.kind === "query_failed" ? [`${s.input}: ${s.completeness.error}`] : s.completeness.kind === "truncated" ? [`${s.input}: ${s.completeness.reason}`] : []))
    .join("; ");
}

/** Entry keys per issue cluster, whatever template id the miner gave each entry at the time. */
function entryKeysByFingerprint(
  keysByTemplateId: ReadonlyMap<string, HashedEntryKeys>,
  fingerprintOf: (templateId: string) => string | undefined,
): Map<string, HashedEntryKeys> {
  const byFingerprint = new Map<string, HashedEntryKeys>();
  for (const [templateId, keys] of keysByTemplateId) {
    const fingerprint = fingerprintOf(templateId);
    if (fingerprint === undefined) continue;
    const into = byFingerprint.get(fingerprint);
    // moved, not copied: the first template's set becomes the cluster's and takes the others' keys over
    if (into === undefined) byFingerprint.set(fingerprint, keys);
    else into.absorb(keys);
  }
  return byFingerprint;
}
