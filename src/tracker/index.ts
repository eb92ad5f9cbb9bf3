// The tracker stage's public face: what the pipeline and CLI call.
import type { TrackerConfig } from "../config/sections/tracker.js";
import { AuthError, UsageError } from "../model/errors.js";
import type { StateStore } from "../state/store.js";
import { createGitHubTracker } from "./github-tracker.js";
import { createLocalTracker } from "./local-tracker.js";
import type { Tracker } from "./tracker.js";

export { gardenTracker, renderPlan } from "./garden.js";
export { readTrackerState, type TrackerReading } from "./read-state.js";
export type { GardenContext, TrackerOptions } from "./garden.js";
export { commitWorklog } from "./git-commit.js";
export type { CommitOutcome } from "./git-commit.js";
export { createGitHubTracker } from "./github-tracker.js";
export { createLocalTracker } from "./local-tracker.js";
export type { Tracker } from "./tracker.js";

/** The environment variables the tracker reads, passed in (the tracker never reads `process`). */
export interface TrackerEnv {
  readonly GITHUB_TOKEN?: string;
  readonly GITHUB_API_URL?: string;
}

/**
 * `--tracker github --repo O/N` (or `tracker.kind: github` in the config) talks to GitHub with
 * GITHUB_TOKEN, at GITHUB_API_URL when set (GitHub Enterprise), else `tracker.apiUrl`; anything
 * else keeps issues in the state store.
 */
export function openTracker(config: TrackerConfig, env: TrackerEnv, store: StateStore, onRequest?: Parameters<typeof createGitHubTracker>[0]["onRequest"]): Tracker {
  if (config.kind === "local") return createLocalTracker(store, { label: config.label });
  if (!config.repo) throw new UsageError("--tracker github needs --repo OWNER/NAME");
  const token = env.GITHUB_TOKEN?.trim();
  if (!token) throw new AuthError("--tracker github needs a token in GITHUB_TOKEN (a fine-grained token with Issues: read and write on the repository)");
  return createGitHubTracker({
    repo: config.repo,
    token,
    baseUrl: env.GITHUB_API_URL?.trim() || config.apiUrl,
    label: config.label,
    maxRateLimitWaitSeconds: config.maxRateLimitWaitSeconds,
    writeSpacingMs: config.writeSpacingMs,
    searchSpacingMs: config.searchSpacingMs,
    // Unchanged listings answer 304 next run too, which GitHub does not count against the rate limit.
    responseCache: { load: (key) => store.loadCachedResponse(key), save: (key, response) => store.saveCachedResponse(key, response) },
    onRequest,
  });
}
