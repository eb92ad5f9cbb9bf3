import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClusterAccumulator } from "../cluster/group.js";
import { judgeClusters, judgeQuietIssues } from "../judge/judge.js";
import type { CurrentRead } from "../judge/issue-verdict.js";
import type { JudgeConfig } from "../config/sections/judge.js";
import { createMiner, type MinerStats } from "../mine/miner.js";
import { parseMinerSnapshot, type MinerSnapshot } from "../mine/snapshot.js";
import { createNormaliser } from "../normalise/normalise.js";
import { createRedactor } from "../normalise/redact.js";
import { sendNotifications } from "../notify/send.js";
import { acquireRunLock, coveredRanges, HashedEntryKeys, isCovered, openMemoryStateStore, openSqliteStateStore, SpillFile, type StateStore } from "../state/index.js";
import { codeownersReader, gardenTracker, openTracker, readTrackerState, resolveGitHubToken, routeFor, type Tracker } from "../tracker/index.js";
import { DEFAULT_STRIP_PATH_PREFIXES } from "../config/sections/links.js";
import type { IssueCluster } from "../model/cluster.js";
import type { JudgedCluster } from "../model/judgement.js";
import { REPORT_SCHEMA_VERSION, type MinerFigures, type Report } from "../model/report.js";
import type { TrackerOutcome } from "../model/tracker.js";
import { TOOL_VERSION } from "../model/version.js";
import { problemLinks, problemSourcePath, type LinkContext } from "../report/links.js";
import { AssignmentWriter } from "./assignments.js";
import { collect, type CollectRequest } from "./collect.js";
import { openPreparePool } from "./prepare-pool.js";
import { gardenRouted, mergedState, readRouted } from "./garden-routes.js";
import type { RunContext } from "./context.js";
import { openGroupedSources, openSources, type NamedSource } from "./open-sources.js";
import { checkOutputPaths } from "./output-paths.js";
import { collectGrouped, mergeCollected } from "./collect-grouped.js";
import type { RunRequest, RunResult } from "./request.js";
import { newRunId, recordFailedRun, saveRunState } from "./save-run.js";
import { resolveWindow } from "./window.js";
import { writeReports } from "./write-reports.js";

export type { RunRequest, RunResult } from "./request.js";

/** Wires the stages: sources → normalise → mine → cluster → judge → tracker → report, with state around them. */
export async function runPipeline(request: RunRequest, ctx: RunContext): Promise<RunResult> {
  const startedAt = ctx.now();
  // Before anything is read or written: a bad output path found after the tracker writes would lose the run.
  checkOutputPaths(request, ctx.cwd);
  const threads = threadsOf(request);
  // with worker threads, gcloud elements are parsed there
  const sources = openSources(request, ctx, threads > 1);
  // One run at a time per state file; a dry run writes nothing, so it needs no lock.
  const lock = request.statePath !== null && !request.dryRun ? acquireRunLock(resolve(ctx.cwd, request.statePath)) : undefined;
  try {
    return await runLocked(request, ctx, sources, startedAt, threads);
  } finally {
    lock?.release();
  }
}

/** Threads in all for a run: as asked, else one per core available to this process. */
function threadsOf(request: RunRequest): number {
  return request.threads ?? availableParallelism();
}

async function runLocked(request: RunRequest, ctx: RunContext, sources: NamedSource[], startedAt: Date, threads: number): Promise<RunResult> {
  const { config } = request;
  const store = request.statePath === null
    ? openMemoryStateStore({ now: ctx.now })
    : await openSqliteStateStore(resolve(ctx.cwd, request.statePath), {
        now: ctx.now,
        entryKeyRetentionDays: config.state.entryKeyRetentionDays,
        maxRuns: config.state.maxRuns,
      });
  // The run's entry keys past what memory holds (HashedEntryKeys); gone when the run ends.
  const keySpill = new SpillFile();
  try {
    const token = config.tracker.kind === "github" ? await resolveGitHubToken(ctx.env) : undefined;
    const access = { ...(token ? { token } : {}), ...(ctx.env.GITHUB_API_URL ? { apiUrl: ctx.env.GITHUB_API_URL } : {}) };
    const tracker = openTracker(config.tracker, access, store);
    // One tracker per routed repository for the run: the one that read its issues gardens them.
    const routed = new Map<string, Tracker>();
    const openTrackerFor = (repo: string): Tracker => {
      const known = routed.get(repo) ?? openTracker(config.tracker, access, store, { repo });
      routed.set(repo, known);
      return known;
    };
    return await runWithStore(request, ctx, { sources, store, tracker, openTrackerFor, startedAt, threads, keySpill });
  } catch (error) {
    if (!request.dryRun) await recordFailedRun(store, request, ctx, startedAt, error);
    throw error;
  } finally {
    keySpill.close();
    await store.close();
  }
}

async function runWithStore(
  request: RunRequest,
  ctx: RunContext,
  deps: { sources: NamedSource[]; store: StateStore; tracker: Tracker; openTrackerFor: (repo: string) => Tracker; startedAt: Date; threads: number; keySpill: SpillFile },
): Promise<RunResult> {
  const { config } = request;
  const { store } = deps;
  const hashKey = await store.installationSecret();
  const redactor = createRedactor({ ...config.redaction, hashKey });
  const { levelScanChars, maxIdsPerEntry } = config.input;
  const normalise = createNormaliser({ redactor, limits: { levelScanChars, maxIdsPerEntry } });
  // `deps.threads` counts this thread: it mines, clusters and counts while the others prepare entries
  const pool = deps.threads > 1
    ? openPreparePool(deps.threads - 1, { redaction: { ...config.redaction, hashKey }, limits: { levelScanChars, maxIdsPerEntry } })
    : undefined;
  const miner = createMiner(config.miner, await loadMinerSnapshot(store, ctx));
  const accumulator = createClusterAccumulator(config.cluster);
  // Hashed as they come (12 bytes an entry), full chunks spilled to disk: `{ key, timeMs }` objects held ~300 MiB at 1M entries (bench/pipeline.bench.ts).
  const entryKeys = new Map<string, HashedEntryKeys>();
  // Counted groups keep no keys: their new entries are those outside what earlier complete runs read.
  const countedNewEntries = new Map<string, number>();
  const addCountedNew = (templateId: string, n: number): void => void countedNewEntries.set(templateId, (countedNewEntries.get(templateId) ?? 0) + n);
  // Instances per service that logged anything, for the judge's "most instances" rule.
  const instances = new Map<string, Set<string>>();
  const addInstance = (service: string, id: string): void => void instances.set(service, (instances.get(service) ?? new Set()).add(id));
  const assignments = request.assignmentsPath ? await AssignmentWriter.open(resolve(ctx.cwd, request.assignmentsPath)) : undefined;

  let collected;
  try {
    const collecting: Omit<CollectRequest, "sources"> = {
      filters: {
        services: new Set(request.services),
        minSeverity: request.minSeverity,
        ...(request.since ? { sinceMs: request.since.getTime() } : {}),
        ...(request.until ? { untilMs: request.until.getTime() } : {}),
      },
      normalise,
      miner,
      accumulator,
      onKept: (entry, templateId) => {
        let keys = entryKeys.get(templateId);
        if (keys === undefined) {
          keys = new HashedEntryKeys(deps.keySpill);
          entryKeys.set(templateId, keys);
        }
        keys.add(entry.key, entry.timeMs);
        if (entry.instanceId !== undefined) addInstance(entry.service ?? "", entry.instanceId);
        assignments?.record(entry, templateId);
      },
      maxSkippedSamples: config.input.skippedSamples,
      progress: ctx.progress,
      ...(pool ? { pool, parallelAfterEntries: config.input.parallelAfterEntries } : {}),
    };
    collected = await collect({ ...collecting, sources: deps.sources });
    const covered = request.warehouse === undefined
      ? []
      : coveredRanges(await store.listRuns({ limit: 1_000 }), { ...(request.since ? { startMs: request.since.getTime() } : {}), ...(request.until ? { endMs: request.until.getTime() } : {}) });
    const grouped = await openGroupedSources(request, ctx, covered);
    if (grouped.length > 0) collected = mergeCollected(collected, await collectGrouped({
        ...collecting,
        sources: grouped,
        maxNarrowedEntries: config.warehouse.maxNarrowedEntries,
        onInstances: (service, ids) => {
          const known = instances.get(service) ?? new Set<string>();
          for (const id of ids) known.add(id);
          instances.set(service, known);
        },
        onCounted: (group, templateId, input) => {
          addCountedNew(templateId, group.newCount);
          assignments?.recordGroup(group, templateId, input);
        },
        onReread: (entry, templateId) => {
          if (!isCovered(entry, covered)) addCountedNew(templateId, 1);
          if (entry.instanceId !== undefined) addInstance(entry.service ?? "", entry.instanceId);
          assignments?.record(entry, templateId);
        },
      }));
  } catch (error) {
    await assignments?.abort();
    throw error;
  } finally {
    await pool?.close();
  }

  ctx.progress.phase("clustering");
  // An id the miner handed out may since have merged into another template: always resolve through the miner.
  const templateOf = (id: string) => miner.template(id);
  const clusters = accumulator.finish(templateOf);
  const fingerprintOf = fingerprintsByTemplate(clusters, templateOf);
  const window = resolveWindow({
    ...(request.since ? { since: request.since } : {}),
    ...(request.until ? { until: request.until } : {}),
    ...(request.sinceText ? { sinceText: request.sinceText } : {}),
    ...(collected.firstMs !== undefined ? { dataFirstMs: collected.firstMs } : {}),
    ...(collected.lastMs !== undefined ? { dataLastMs: collected.lastMs } : {}),
  });

  const now = ctx.now();
  // The tracker is the truth about each issue: read (and synced into the state) before judging, so the judge decides once.
  ctx.progress.phase(`reading issues (${deps.tracker.kind})`);
  // Every repository the problems are routed to, each with its own problems. An unreachable tracker
  // ends the tracker phase, not the run: the gardener reads it again, and reports it.
  const routing = { defaultTracker: deps.tracker, openFor: deps.openTrackerFor, routes: config.routing.routes };
  const readings = await readRouted(clusters, { ...routing, maxSearches: config.tracker.maxSearchesPerRun }, (tracker, group, maxSearches) =>
    readTrackerState(tracker, group, store, { now, record: !request.dryRun, maxSearches }),
  );
  const trackerState = mergedState(readings);
  const history = await store.loadHistory(
    [...clusters.flatMap((c) => (c.aliases.includes(c.fingerprint) ? c.aliases : [c.fingerprint, ...c.aliases])), ...trackerState.issues.keys()],
    { baselineRuns: config.judge.baselineRuns, baselineSince: historySince(now, config.judge) },
  );
  const linkContext: LinkContext = {
    ...(window.start ? { start: window.start } : {}),
    ...(window.end ? { end: window.end } : {}),
    ...(collected.projects.length === 1 ? { project: collected.projects[0]?.name } : request.cloudLogging?.projects.length === 1 ? { project: request.cloudLogging.projects[0] } : {}),
    resourceType: request.cloudLogging?.resourceType ?? config.cloudLogging.resourceType,
    config: config.links,
  };
  // Links are computed once here, so the issue, the worklog and the HTML page show the same URLs.
  const judged: JudgedCluster[] = judgeClusters(clusters, history, {
    now,
    window,
    totalKept: collected.totals.kept,
    config: config.judge,
    tracker: trackerState,
    serviceInstances: new Map([...instances].map(([service, ids]) => [service, ids.size])),
  }).map((j) => Object.assign({}, j, { links: problemLinks(j, linkContext) })); // assigned, not spread: see tracker/apply.ts outcomeOf
  // Nothing is closed for quiet without knowing the issues' state: each repository's own.
  const read = currentRead(request, collected);
  const quietOf = new Map([...readings].map(([tracker, r]) => [tracker, r.reading ? judgeQuietIssues(clusters, r.reading.state, history, read, { now, config: config.judge }) : []]));
  const closing = [...quietOf].filter(([, quiet]) => quiet.some((q) => q.verdict.kind === "close")).map(([tracker]) => tracker);
  const codeowners = codeownersReader();
  const stripPrefixes = config.links.source?.stripPathPrefixes ?? DEFAULT_STRIP_PATH_PREFIXES;

  const runId = newRunId(now);
  let trackerOutcome: TrackerOutcome | undefined;
  let writes = 0;
  if (judged.length > 0 || closing.length > 0) {
    ctx.progress.phase(`tracker (${deps.tracker.kind}${request.dryRun ? ", dry run" : ""})`);
    const gardenOne = (tracker: Tracker, group: readonly JudgedCluster[], maxNewIssues: number) => gardenTracker(tracker, group, {
      store,
      run: { window, runId },
      options: {
        dryRun: request.dryRun,
        maxNewIssues,
        onRegression: config.tracker.onRegression,
        label: config.tracker.label,
        now,
        // the reading the judge decided from, of this tracker's repository; read again when it failed
        ...(readings.get(tracker)?.reading ? { reading: readings.get(tracker)?.reading } : {}),
        quiet: quietOf.get(tracker) ?? [],
        baselineRuns: config.judge.baselineRuns,
        maxSearchesPerRun: config.tracker.maxSearchesPerRun,
        createAttempts: config.tracker.createAttempts,
        maxConsecutiveFailures: config.tracker.maxConsecutiveFailures,
        maxSamples: config.tracker.maxSamples,
        maxBodyChars: config.tracker.maxBodyChars,
        history,
        onWrite: (write) => ctx.progress.update({ writes: (writes += 1), last: write.op }),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        routeOf: (j) => routeFor(j.cluster.service, config.routing.routes),
        ...(config.routing.codeowners ? { codeowners, sourcePathOf: (j: JudgedCluster) => j.links?.source?.path ?? problemSourcePath(j, stripPrefixes) } : {}),
      },
    });
    trackerOutcome = await gardenRouted(judged, {
      ...routing,
      alsoGarden: closing,
      maxNewIssues: config.tracker.maxNewIssues,
      garden: gardenOne,
    });
  }

  const findings: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "log-gardener", version: TOOL_VERSION },
    generatedAt: now.toISOString(),
    window,
    query: {
      services: request.services,
      minSeverity: request.minSeverity,
      ...(request.since ? { since: request.since.toISOString() } : {}),
      ...(request.until ? { until: request.until.toISOString() } : {}),
      filters: collected.sources.flatMap((s) => (s.filter ? [s.filter] : [])),
    },
    sources: collected.sources,
    complete: collected.sources.every((s) => s.completeness.kind === "complete" || s.completeness.kind === "no_data"),
    totals: collected.totals,
    miner: minerFigures(miner.stats()),
    services: collected.services,
    projects: collected.projects,
    revisions: collected.revisions,
    timeline: collected.timeline,
    clusters: judged,
    ...(trackerOutcome ? { tracker: trackerOutcome } : {}),
  };
  // After the tracker, so messages link the issues; a failed notification is reported, never thrown.
  ctx.progress.phase(request.dryRun ? "notifications (dry run: preview only)" : "notifications");
  const notifications = await sendNotifications(findings, config.notify, {
    dryRun: request.dryRun,
    env: ctx.env,
    sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
    random: Math.random,
    userAgent: `log-gardener/${TOOL_VERSION}`,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const report: Report = notifications.length > 0 ? { ...findings, notifications } : findings;

  if (!request.dryRun) {
    // --no-state keeps an in-memory store for this run only: nothing is saved, so nothing is said
    if (request.statePath !== null) ctx.progress.phase("saving state");
    await saveRunState(store, { runId, startedAt: deps.startedAt, finishedAt: ctx.now(), report, entryKeys, countedNewEntries, fingerprintOf, minerSnapshot: miner.toSnapshot() });
  }

  ctx.progress.phase("writing reports");
  const files = await writeReports(report, { request, cwd: ctx.cwd });
  if (assignments && request.assignmentsPath) await assignments.finish(fingerprintOf);
  return { report, files };
}

async function loadMinerSnapshot(store: StateStore, ctx: RunContext): Promise<MinerSnapshot | undefined> {
  const stored = await store.loadMinerSnapshot();
  if (stored === undefined || stored === null) return undefined;
  try {
    return parseMinerSnapshot(stored);
  } catch {
    // A snapshot from another version of the miner: start fresh rather than refuse to run; fingerprints do not depend on it.
    ctx.progress.note("the saved miner state is from another version; mining starts afresh");
    return undefined;
  }
}

/** Template id (current or merged-away) → the fingerprint of the issue cluster it ended in. */
function fingerprintsByTemplate(
  clusters: readonly IssueCluster[],
  templateOf: (id: string) => { readonly templateId: string } | undefined,
): (templateId: string) => string | undefined {
  const byCurrentId = new Map<string, string>();
  for (const cluster of clusters) {
    for (const template of cluster.templates) byCurrentId.set(template.templateId, cluster.fingerprint);
  }
  return (templateId) => byCurrentId.get(templateOf(templateId)?.templateId ?? templateId);
}
export { commitWorklog, renderPlan as renderTrackerPlan } from "../tracker/index.js";

function minerFigures(stats: MinerStats): MinerFigures {
  const { clusters, shapes, evictions, truncatedLines, truncatedTokens } = stats;
  return { templates: clusters, shapes, evictions, truncatedLines, truncatedTokens };
}

export { terminalText } from "../report/escape.js";

/** History goes back as far as the seasonal baseline and auto-close look, and a day more for the hours around. */
function historySince(now: Date, judge: JudgeConfig): string {
  return new Date(now.getTime() - (Math.max(judge.seasonalDays, judge.autoCloseQuietDays) + 1) * 86_400_000).toISOString();
}

/** How this run read its services, for auto-close: complete, with data, and which services. */
function currentRead(request: RunRequest, collected: Awaited<ReturnType<typeof collect>>): CurrentRead {
  const incomplete = collected.sources.filter((s) => s.completeness.kind === "truncated" || s.completeness.kind === "query_failed");
  return {
    complete: incomplete.length === 0,
    hadData: collected.totals.read > 0,
    services: request.services.length > 0 ? request.services : collected.services.map((s) => s.name),
    ...(incomplete.length > 0 ? { incomplete: incomplete.map((s) => `${s.input}: ${s.completeness.kind.replace("_", " ")}`).join("; ") } : {}),
  };
}
