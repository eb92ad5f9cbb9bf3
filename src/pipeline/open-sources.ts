import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { LogSource } from "../model/source.js";
import { TOOL_VERSION } from "../model/version.js";
import { cloudLoggingReadOptions, createAccessTokenProvider, openCloudLogging } from "../sources/cloud-logging/index.js";
import { checkInputPath, openInput } from "../sources/registry.js";
import type { RunContext } from "./context.js";
import type { RunRequest } from "./request.js";

export interface NamedSource {
  readonly name: string;
  readonly open: () => LogSource;
}

/** Files and stdin first, then one Cloud Logging read per project; each opens when collection reaches it. */
export function openSources(request: RunRequest, ctx: RunContext, leaveJsonUnparsed = false): NamedSource[] {
  const { config } = request;
  // Every input is checked before any is read, so a typo in the last one fails fast.
  for (const path of request.inputs) if (path !== "-") checkInputPath(resolve(ctx.cwd, path));
  const sources: NamedSource[] = request.inputs.map((path) => ({
    name: path,
    open: () => openInput(path === "-" ? path : resolve(ctx.cwd, path), { stdin: ctx.stdin, options: config.input, leaveJsonUnparsed }),
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
