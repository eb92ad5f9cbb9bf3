import { randomUUID } from "node:crypto";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClusterAccumulator } from "../cluster/group.js";
import type { Config } from "../config/schema.js";
import { judgeClusters } from "../judge/judge.js";
import { createMiner } from "../mine/miner.js";
import { parseMinerSnapshot, type MinerSnapshot } from "../mine/snapshot.js";
import { createNormaliser } from "../normalise/normalise.js";
import { createRedactor } from "../normalise/redact.js";
import { jsonReportFileName, worklogFileName } from "../report/file-name.js";
import { renderHtmlReport } from "../report/html.js";
import { renderJsonReport } from "../report/json.js";
import { renderWorklog } from "../report/markdown.js";
import { writeFileAtomic } from "../report/write.js";
import { createAccessTokenProvider, openCloudLogging, cloudLoggingReadOptions, type CloudLoggingFlags } from "../sources/cloud-logging/index.js";
import { checkInputPath, openInput } from "../sources/registry.js";
import { openMemoryStateStore, openSqliteStateStore, clusterRunRecord, HashedEntryKeys, type StateStore } from "../state/index.js";
import { gardenTracker, openTracker, type Tracker } from "../tracker/index.js";
import type { IssueCluster } from "../model/cluster.js";
import type { JudgedCluster, Priority } from "../model/judgement.js";
import { REPORT_SCHEMA_VERSION, type Report } from "../model/report.js";
import type { Severity } from "../model/severity.js";
import type { LogSource } from "../model/source.js";
import type { TrackerOutcome } from "../model/tracker.js";
import { TOOL_VERSION } from "../model/version.js";
import { AssignmentWriter } from "./assignments.js";
import { collect } from "./collect.js";
import type { RunContext } from "./context.js";
import { compactUtc, resolveWindow } from "./window.js";

/** Everything `log-gardener run` was asked to do, after flags and config are resolved. */
export interface RunRequest {
  /** Files, or "-" for standard input. */
  readonly inputs: readonly string[];
  /** Read from the Cloud Logging API as well (one source per project). */
  readonly cloudLogging?: Omit<CloudLoggingFlags, "services" | "minSeverity" | "since" | "until"> & { readonly accessTokenFile?: string };
  readonly services: readonly string[];
  readonly since?: Date;
  readonly until?: Date;
  /** As typed, for the window label (`2h` → `last-2h`). */
  readonly sinceText?: string;
  readonly minSeverity: Severity;
  readonly jsonPath?: string;
  readonly htmlPath?: string;
  readonly assignmentsPath?: string;
  /** The state file, or null to keep state in memory for this run only. */
  readonly statePath: string | null;
  /** Plan tracker changes and write nothing to the tracker. */
  readonly dryRun: boolean;
  readonly config: Config;
}

export interface RunResult {
  readonly report: Report;
  readonly files: { readonly worklog: string; readonly json?: string; readonly html?: string; readonly assignments?: string };
}

/** Wires the stages: sources → normalise → mine → cluster → judge → tracker → report, with state around them. */
export async function runPipeline(request: RunRequest, ctx: RunContext): Promise<RunResult> {
  const { config } = request;
  const startedAt = ctx.now();
  const sources = openSources(request, ctx);
  const store = request.statePath === null
    ? openMemoryStateStore({ now: ctx.now })
    : await openSqliteStateStore(resolve(ctx.cwd, request.statePath), {
        now: ctx.now,
        entryKeyRetentionDays: config.state.entryKeyRetentionDays,
        maxRuns: config.state.maxRuns,
      });
  try {
    return await runWithStore(request, ctx, { sources, store, tracker: openTracker(config.tracker, ctx.env, store), startedAt });
  } catch (error) {
    if (!request.dryRun) await recordFailedRun(store, request, ctx, startedAt, error);
    throw error;
  } finally {
    await store.close();
  }
}

/** A run that stopped with an error still shows in `history` (outcome failed); baselines skip it. */
async function recordFailedRun(store: StateStore, request: RunRequest, ctx: RunContext, startedAt: Date, error: unknown): Promise<void> {
  const now = ctx.now();
  const message = (error instanceof Error ? error.message : String(error)).split("\n", 1)[0] ?? "";
  try {
    await store.saveRun({
      run: {
        runId: `${compactUtc(now.getTime())}-${randomUUID().slice(0, 8)}`,
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

async function runWithStore(
  request: RunRequest,
  ctx: RunContext,
  deps: { sources: { name: string; open: () => LogSource }[]; store: StateStore; tracker: Tracker; startedAt: Date },
): Promise<RunResult> {
  const { config } = request;
  const { store } = deps;
  const redactor = createRedactor({ ...config.redaction, hashKey: await store.installationSecret() });
  const { levelScanChars, maxIdsPerEntry } = config.input;
  const normalise = createNormaliser({ redactor, limits: { levelScanChars, maxIdsPerEntry } });
  const miner = createMiner(config.miner, await loadMinerSnapshot(store, ctx));
  const accumulator = createClusterAccumulator(config.cluster);
  // Hashed as they come (12 bytes an entry): `{ key, timeMs }` objects held ~300 MiB at 1M entries (bench/pipeline.bench.ts).
  const entryKeys = new Map<string, HashedEntryKeys>();
  const assignments = request.assignmentsPath ? await AssignmentWriter.open(resolve(ctx.cwd, request.assignmentsPath)) : undefined;

  let collected;
  try {
    collected = await collect({
      sources: deps.sources,
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
          keys = new HashedEntryKeys();
          entryKeys.set(templateId, keys);
        }
        keys.add(entry.key, entry.timeMs);
        assignments?.record(entry, templateId);
      },
      maxSkippedSamples: config.input.skippedSamples,
      progress: ctx.progress,
    });
  } catch (error) {
    await assignments?.abort();
    throw error;
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
  const history = await store.loadHistory(
    clusters.flatMap((c) => c.aliases.includes(c.fingerprint) ? c.aliases : [c.fingerprint, ...c.aliases]),
    { baselineRuns: config.judge.baselineRuns },
  );
  const judged: JudgedCluster[] = judgeClusters(clusters, history, {
    now,
    window,
    totalKept: collected.totals.kept,
    config: config.judge,
  });

  const runId = `${compactUtc(now.getTime())}-${randomUUID().slice(0, 8)}`;
  let trackerOutcome: TrackerOutcome | undefined;
  if (judged.length > 0) {
    ctx.progress.phase(`tracker (${deps.tracker.kind}${request.dryRun ? ", dry run" : ""})`);
    trackerOutcome = await gardenTracker(deps.tracker, judged, {
      store,
      run: { window, runId },
      options: {
        dryRun: request.dryRun,
        maxNewIssues: config.tracker.maxNewIssues,
        onRegression: config.tracker.onRegression,
        label: config.tracker.label,
        now,
        cooldownHours: config.judge.cooldownHours,
        escalationFactor: config.judge.escalationFactor,
        regressionGraceHours: config.judge.regressionGraceHours,
        baselineRuns: config.judge.baselineRuns,
        maxSearchesPerRun: config.tracker.maxSearchesPerRun,
        createAttempts: config.tracker.createAttempts,
        maxSamples: config.tracker.maxSamples,
        maxBodyChars: config.tracker.maxBodyChars,
        history,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
    });
  }

  const report: Report = {
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
    services: collected.services,
    projects: collected.projects,
    revisions: collected.revisions,
    timeline: collected.timeline,
    clusters: judged,
    ...(trackerOutcome ? { tracker: trackerOutcome } : {}),
  };

  if (!request.dryRun) {
    ctx.progress.phase("saving state");
    const published = publishedPriorities(trackerOutcome);
    const keysByFingerprint = entryKeysByFingerprint(entryKeys, fingerprintOf);
    await store.saveRun({
      run: {
        runId,
        startedAt: deps.startedAt.toISOString(),
        finishedAt: ctx.now().toISOString(),
        window,
        query: report.query,
        sources: report.sources,
        totals: { read: report.totals.read, kept: report.totals.kept, skipped: report.totals.skipped, filtered: report.totals.filtered },
        outcome: report.complete ? { kind: "complete" } : { kind: "partial", reason: incompleteReason(report) },
        servicesSeen: report.services.map((s) => s.name),
        toolVersion: TOOL_VERSION,
      },
      clusters: judged.map((j) => {
        const publication = published.get(j.cluster.fingerprint);
        return clusterRunRecord(j.cluster, {
          ratePerMinute: j.ratePerMinute,
          entries: keysByFingerprint.get(j.cluster.fingerprint) ?? new HashedEntryKeys(),
          priority: j.priority,
          ...(publication ? { published: publication } : {}),
        });
      }),
      revisions: report.revisions,
      minerSnapshot: miner.toSnapshot(),
    });
  }

  ctx.progress.phase("writing reports");
  const outDir = resolve(ctx.cwd, config.report.outDir);
  const worklog = join(outDir, worklogFileName(window));
  const { maxSampleChars, maxListed, busiestMinutes } = config.report;
  await writeFileAtomic(worklog, renderWorklog(report, { maxSampleChars, maxListed, busiestMinutes }));
  const files: { worklog: string; json?: string; html?: string; assignments?: string } = { worklog };
  const jsonPath = request.jsonPath ? resolve(ctx.cwd, request.jsonPath) : config.report.json ? join(outDir, jsonReportFileName(window)) : undefined;
  if (jsonPath) {
    files.json = jsonPath;
    await writeFileAtomic(jsonPath, renderJsonReport(report));
  }
  if (request.htmlPath) {
    files.html = resolve(ctx.cwd, request.htmlPath);
    await writeFileAtomic(files.html, renderHtmlReport(report, { maxSampleChars }));
  }
  if (assignments && request.assignmentsPath) {
    await assignments.finish(fingerprintOf);
    files.assignments = resolve(ctx.cwd, request.assignmentsPath);
  }
  return { report, files };
}

function openSources(request: RunRequest, ctx: RunContext): { name: string; open: () => LogSource }[] {
  const { config } = request;
  // Every input is checked before any is read, so a typo in the last one fails fast.
  for (const path of request.inputs) if (path !== "-") checkInputPath(resolve(ctx.cwd, path));
  const sources: { name: string; open: () => LogSource }[] = request.inputs.map((path) => ({
    name: path,
    open: () => openInput(path === "-" ? path : resolve(ctx.cwd, path), { stdin: ctx.stdin, options: config.input }),
  }));
  const cloud = request.cloudLogging;
  if (cloud && cloud.projects.length > 0) {
    const until = request.until ?? ctx.now();
    const since = request.since ?? new Date(until.getTime() - 60 * 60_000);
    const reads = cloudLoggingReadOptions(
      { ...cloud, services: request.services, minSeverity: request.minSeverity, since, until },
      config.cloudLogging,
      ctx.env,
    );
    const getAccessToken = createAccessTokenProvider({ ...(cloud.accessTokenFile ? { accessTokenFile: cloud.accessTokenFile } : {}), env: ctx.env });
    for (const read of reads) {
      sources.push({
        name: `cloud-logging:projects/${read.project}`,
        open: () =>
          openCloudLogging(read, {
            getAccessToken,
            clock: { now: () => ctx.now().getTime() },
            sleep: (ms, signal) => sleep(ms, undefined, signal ? { signal } : {}),
            onProgress: (p) => ctx.progress.update({ entries: p.entries, pages: p.pages, ...(p.lastTimestamp ? { at: p.lastTimestamp } : {}) }),
            onRetry: (info) => ctx.progress.note(`retrying Cloud Logging in ${Math.round(info.delayMs / 1000)}s (attempt ${info.attempt}): ${info.error}`),
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            userAgent: `log-gardener/${TOOL_VERSION}`,
          }),
      });
    }
  }
  return sources;
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
  /** Columns built here, so appending to them never changes a template's own. */
  const merged = new Set<HashedEntryKeys>();
  for (const [templateId, keys] of keysByTemplateId) {
    const fingerprint = fingerprintOf(templateId);
    if (fingerprint === undefined) continue;
    let into = byFingerprint.get(fingerprint);
    if (into === undefined) {
      byFingerprint.set(fingerprint, keys);
      continue;
    }
    if (!merged.has(into)) {
      const copy = new HashedEntryKeys();
      copy.addAll(into);
      merged.add(copy);
      byFingerprint.set(fingerprint, copy);
      into = copy;
    }
    into.addAll(keys);
  }
  return byFingerprint;
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
