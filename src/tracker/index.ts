// The tracker stage's public face: what the pipeline and CLI call.
import type { TrackerConfig } from "../config/sections/tracker.js";
import { AuthError, UsageError } from "../model/errors.js";
import type { StateStore } from "../state/store.js";
import type { GitHubToken } from "./github-token.js";
import { createGitHubTracker } from "./github-tracker.js";
import { createLocalTracker } from "./local-tracker.js";
import type { Tracker } from "./tracker.js";

export { gardenTracker, renderPlan } from "./garden.js";
export { readTrackerState, UNREAD_TRACKER, type TrackerReading } from "./read-state.js";
export { isTrackerRefusal } from "./tracker.js";
export type { GardenContext, TrackerOptions } from "./garden.js";
export { commitWorklog } from "./git-commit.js";
export type { CommitOutcome } from "./git-commit.js";
export { createGitHubTracker } from "./github-tracker.js";
export { createLocalTracker } from "./local-tracker.js";
export type { Tracker } from "./tracker.js";

export { resolveGitHubToken, runGhAuthToken } from "./github-token.js";
export { globToRegExp, routeFor } from "./routing.js";
export { codeownersReader } from "./codeowners.js";
export type { IssueRoute } from "./routing.js";
export type { GhAuthToken, GitHubToken, GitHubTokenSource, TokenEnv } from "./github-token.js";

/** How the tracker reaches GitHub: the token found by resolveGitHubToken, and GITHUB_API_URL when set. */
export interface TrackerAccess {
  readonly token?: GitHubToken;
  readonly apiUrl?: string;
}

/**
 * `--tracker github --repo O/N` (or `tracker.kind: github` in the config) talks to GitHub with the
 * resolved token, at GITHUB_API_URL when set (GitHub Enterprise), else `tracker.apiUrl`; anything
 * else keeps issues in the state store. `repo` overrides the configured one (routing).
 */
export function openTracker(
  config: TrackerConfig,
  access: TrackerAccess,
  store: StateStore,
  opts: { readonly repo?: string; readonly onRequest?: Parameters<typeof createGitHubTracker>[0]["onRequest"] } = {},
): Tracker {
  if (config.kind === "local") return createLocalTracker(store, { label: config.label });
  const repo = opts.repo ?? config.repo;
  if (!repo) throw new UsageError("--tracker github needs --repo OWNER/NAME");
  if (!access.token) throw new AuthError("--tracker github needs a token: set GITHUB_TOKEN or GH_TOKEN, or log in with 'gh auth login'");
  return createGitHubTracker({
    repo,
    token: access.token.token,
    tokenSource: access.token.source,
    baseUrl: access.apiUrl?.trim() || config.apiUrl,
    label: config.label,
    maxRateLimitWaitSeconds: config.maxRateLimitWaitSeconds,
    writeSpacingMs: config.writeSpacingMs,
    searchSpacingMs: config.searchSpacingMs,
    readRetries: config.readRetries,
    maxResponseBytes: config.maxResponseBytes,
    ...(config.author !== undefined ? { author: config.author } : {}),
    // Unchanged listings answer 304 next run too, which GitHub does not count against the rate limit.
    responseCache: { load: (key) => store.loadCachedResponse(key), save: (key, response) => store.saveCachedResponse(key, response) },
    onRequest: opts.onRequest,
  });
}
