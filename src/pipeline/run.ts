import { join, resolve } from "node:path";
import { createClusterAccumulator } from "../cluster/group.js";
import type { Config } from "../config/schema.js";
import { judgeClusters } from "../judge/judge.js";
import { createMiner } from "../mine/miner.js";
import { createNormaliser } from "../normalise/normalise.js";
import { createRedactor } from "../normalise/redact.js";
import { worklogFileName } from "../report/file-name.js";
import { renderHtmlReport } from "../report/html.js";
import { renderJsonReport } from "../report/json.js";
import { renderWorklog } from "../report/markdown.js";
import { writeFileAtomic } from "../report/write.js";
import { openInput } from "../sources/registry.js";
import type { IssueCluster } from "../model/cluster.js";
import { emptyHistory, type RunHistory } from "../model/history.js";
import type { JudgedCluster } from "../model/judgement.js";
import { REPORT_SCHEMA_VERSION, type Report } from "../model/report.js";
import type { Severity } from "../model/severity.js";
import type { LogSource } from "../model/source.js";
import { TOOL_VERSION } from "../model/version.js";
import { AssignmentWriter } from "./assignments.js";
import { collect } from "./collect.js";
import type { RunContext } from "./context.js";
import { resolveWindow } from "./window.js";

/** Everything `log-gardener run` was asked to do, after flags and config are resolved. */
export interface RunRequest {
  /** Files, or "-" for standard input. */
  readonly inputs: readonly string[];
  readonly services: readonly string[];
  readonly since?: Date;
  readonly until?: Date;
  /** As typed, for the window label (`2h` → `last-2h`). */
  readonly sinceText?: string;
  readonly minSeverity: Severity;
  readonly jsonPath?: string;
  readonly htmlPath?: string;
  readonly assignmentsPath?: string;
  readonly config: Config;
}

export interface RunResult {
  readonly report: Report;
  readonly files: { readonly worklog: string; readonly json?: string; readonly html?: string; readonly assignments?: string };
}

/** Wires the stages: sources → normalise → mine → cluster → judge → report. */
export async function runPipeline(request: RunRequest, ctx: RunContext): Promise<RunResult> {
  const { config } = request;
  const sources: { name: string; open: () => LogSource }[] = request.inputs.map((path) => ({
    name: path,
    open: () => openInput(path, { stdin: ctx.stdin, options: config.input }),
  }));

  const redactor = createRedactor(config.redaction);
  const normalise = createNormaliser({ redactor });
  const miner = createMiner(config.miner);
  const accumulator = createClusterAccumulator(config.cluster);
  const assignments = request.assignmentsPath ? await AssignmentWriter.open(request.assignmentsPath) : undefined;

  let collected;
  try {
    collected = await collect({
      sources,
      filters: {
        services: new Set(request.services),
        minSeverity: request.minSeverity,
        ...(request.since ? { sinceMs: request.since.getTime() } : {}),
        ...(request.until ? { untilMs: request.until.getTime() } : {}),
      },
      normalise,
      miner,
      accumulator,
      ...(assignments ? { onKept: (entry, templateId) => assignments.record(entry, templateId) } : {}),
      maxSkippedSamples: config.input.skippedSamples,
      progress: ctx.progress,
    });
  } catch (error) {
    await assignments?.abort();
    throw error;
  }

  ctx.progress.phase("clustering");
  const templates = new Map(miner.templates().map((t) => [t.templateId, t]));
  const clusters = accumulator.finish(templates);
  const window = resolveWindow({
    ...(request.since ? { since: request.since } : {}),
    ...(request.until ? { until: request.until } : {}),
    ...(request.sinceText ? { sinceText: request.sinceText } : {}),
    ...(collected.firstMs !== undefined ? { dataFirstMs: collected.firstMs } : {}),
    ...(collected.lastMs !== undefined ? { dataLastMs: collected.lastMs } : {}),
  });

  const now = ctx.now();
  const history: RunHistory = emptyHistory();
  const judged: JudgedCluster[] = judgeClusters(clusters, history, {
    now,
    window,
    totalKept: collected.totals.kept,
    config: config.judge,
  });

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
  };

  ctx.progress.phase("writing reports");
  const outDir = resolve(ctx.cwd, config.report.outDir);
  const worklog = join(outDir, worklogFileName(window));
  await writeFileAtomic(worklog, renderWorklog(report));
  const files: { worklog: string; json?: string; html?: string; assignments?: string } = { worklog };
  if (request.jsonPath) {
    files.json = resolve(ctx.cwd, request.jsonPath);
    await writeFileAtomic(files.json, renderJsonReport(report));
  }
  if (request.htmlPath) {
    files.html = resolve(ctx.cwd, request.htmlPath);
    await writeFileAtomic(files.html, renderHtmlReport(report));
  }
  if (assignments && request.assignmentsPath) {
    const byTemplate = fingerprintsByTemplate(clusters);
    await assignments.finish((templateId) => byTemplate.get(templateId));
    files.assignments = resolve(ctx.cwd, request.assignmentsPath);
  }
  return { report, files };
}

function fingerprintsByTemplate(clusters: readonly IssueCluster[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const cluster of clusters) {
    for (const template of cluster.templates) map.set(template.templateId, cluster.fingerprint);
  }
  return map;
}
