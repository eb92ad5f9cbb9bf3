import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { LogSource } from "../model/source.js";
import { TOOL_VERSION } from "../model/version.js";
import { cloudLoggingReadOptions, createAccessTokenProvider, openCloudLogging } from "../sources/cloud-logging/index.js";
import { checkInputPath, openInput } from "../sources/registry.js";
import type { SplitLineOptions } from "../sources/split-lines.js";
import type { CoveredRange, GroupedSource } from "../model/counted.js";
import type { RunContext } from "./context.js";
import type { RunRequest } from "./request.js";

export interface NamedSource {
  readonly name: string;
  readonly open: () => LogSource;
  /** Collection joins split stack-trace lines after parsing, which may happen in worker threads (collect.ts). */
  readonly splitLines: SplitLineOptions;
}

/** Files and stdin first, then one Cloud Logging read per project; each opens when collection reaches it. */
export function openSources(request: RunRequest, ctx: RunContext, leaveJsonUnparsed = false): NamedSource[] {
  const { config } = request;
  // Every input is checked before any is read, so a typo in the last one fails fast.
  for (const path of request.inputs) if (path !== "-") checkInputPath(resolve(ctx.cwd, path));
  const splitLines: SplitLineOptions = {
    maxGapMs: config.input.splitLineGapMs,
    maxExceptionGapMs: config.input.splitLineExceptionGapMs,
    maxLines: config.input.splitLineMaxLines,
    maxHeldEntries: config.input.splitLineMaxHeld,
  };
  const sources: NamedSource[] = request.inputs.map((path) => ({
    name: path,
    open: () => openInput(path === "-" ? path : resolve(ctx.cwd, path), { stdin: ctx.stdin, options: config.input, leaveJsonUnparsed }),
    splitLines,
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
        splitLines,
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

/**
 * Sources that count in their engine (`--bigquery-table`, `--duckdb`); each runs its query when
 * collection reaches it. `covered`: what earlier complete runs read, so those entries are not new.
 * DuckDB and the BigQuery client load only for a run that uses them (together ~0.2 s of every start).
 */
export async function openGroupedSources(request: RunRequest, ctx: RunContext, covered: readonly CoveredRange[] = []): Promise<GroupedSource[]> {
  const warehouse = request.warehouse;
  if (warehouse === undefined) return [];
  const window = {
    services: request.services,
    minSeverity: request.minSeverity,
    ...(request.since ? { since: request.since } : {}),
    ...(request.until ? { until: request.until } : {}),
    ...(warehouse.filter ? { filter: warehouse.filter } : {}),
    ...(covered.length > 0 ? { covered } : {}),
  };
  const sources: GroupedSource[] = [];
  if (warehouse.duckdbFiles.length > 0) {
    const files = warehouse.duckdbFiles.map((path) => resolve(ctx.cwd, path));
    for (const file of files) checkInputPath(file);
    const { openDuckDb } = await import("../sources/duckdb/source.js");
    sources.push(openDuckDb({ files, ...window, coOccurrenceMs: request.config.cluster.coOccurrenceMs, maxRecentPerInstance: request.config.cluster.maxRecentPerInstance }, request.config.warehouse));
  }
  // BigQuery's credentials and client only for a run with a table to read
  if (warehouse.bigqueryTables.length === 0) return sources;
  const token = warehouse.accessTokenFile !== undefined
    ? createAccessTokenProvider({ accessTokenFile: warehouse.accessTokenFile, env: ctx.env })
    : ctx.env.BIGQUERY_ACCESS_TOKEN?.trim()
      ? () => Promise.resolve(ctx.env.BIGQUERY_ACCESS_TOKEN?.trim() ?? "")
      : undefined; // Application Default Credentials, inside the client
  const endpoint = warehouse.bigqueryEndpoint ?? (ctx.env.BIGQUERY_API_URL || undefined);
  const { openBigQuery } = await import("../sources/bigquery/source.js");
  for (const table of warehouse.bigqueryTables) {
    sources.push(
      openBigQuery(
        { table, ...window, ...(warehouse.bigqueryProject ? { jobProject: warehouse.bigqueryProject } : {}), coOccurrenceMs: request.config.cluster.coOccurrenceMs, maxRecentPerInstance: request.config.cluster.maxRecentPerInstance },
        request.config.warehouse,
        { ...(token ? { getAccessToken: token } : {}), ...(endpoint ? { endpoint } : {}), userAgent: `log-gardener/${TOOL_VERSION}` },
      ),
    );
  }
  return sources;
}
