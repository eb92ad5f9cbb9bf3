import { z } from "zod";

export const TrackerConfigSchema = z
  .object({
    kind: z.enum(["local", "github"]).default("local"),
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "OWNER/NAME").optional(),
    /** Every issue we create carries it; listing by it is how issues are found again. */
    label: z.string().default("log-gardener"),
    /** Creations per run; the rest are listed in the worklog as deferred. */
    maxNewIssues: z.number().int().nonnegative().default(5),
    /** closed issue recurring: reopen it, or open a new one that links it. */
    onRegression: z.enum(["reopen", "new-issue"]).default("reopen"),
    /** GitHub's REST root; GitHub Enterprise Server is `https://HOST/api/v3`. The env GITHUB_API_URL sets it too. */
    apiUrl: z.string().url().default("https://api.github.com"),
    /** Searches per run (fallback lookups and related issues): GitHub allows 30/min and its index lags by minutes. */
    maxSearchesPerRun: z.number().int().nonnegative().default(10),
    /** Total seconds a run may spend waiting out rate limits before giving up on the remaining writes. */
    maxRateLimitWaitSeconds: z.number().int().nonnegative().default(600),
    /** Milliseconds between writes: GitHub asks for at least 1 s between mutating requests (secondary limits). */
    writeSpacingMs: z.number().int().nonnegative().default(1000),
    /** Milliseconds between searches: the search API allows 30 requests a minute. */
    searchSpacingMs: z.number().int().nonnegative().default(2000),
    /** Attempts for a creation whose response was lost, each after checking by marker that it did not land. */
    createAttempts: z.number().int().positive().default(3),
    /** Retries of a read after a 5xx or a dropped connection, 1, 4 and 9 s apart: a short outage passes, a long one is reported. */
    readRetries: z.number().int().nonnegative().default(3),
    /**
     * Clusters whose writes fail after retries, one after another, before the rest of the run is
     * deferred: three in a row means GitHub is down, not one issue, and each costs its retries.
     */
    maxConsecutiveFailures: z.number().int().positive().default(3),
    /**
     * The login our issues are filed as; by default GitHub is asked (GET /user). An App installation
     * token cannot ask, so give its `APP-SLUG[bot]` login here. Only issues it filed are ever ours.
     */
    author: z.string().min(1).optional(),
    /**
     * Bytes one GitHub answer may take before it is given up on: a page of 100 issues with full bodies
     * is under 7 MB, so 64 MiB is room to spare while a runaway answer (a proxy, a loop) cannot take the
     * process's memory. Past it the read fails and the tracker phase stops short (exit 3).
     */
    maxResponseBytes: z.number().int().min(1024).default(64 * 1024 * 1024),
    /** Sample entries per issue body or comment: enough to recognise the problem, short enough to read. */
    maxSamples: z.number().int().nonnegative().default(3),
    /** Body and comment budget, below GitHub's 65,536-character limit to leave room for the marker and notes. */
    maxBodyChars: z.number().int().positive().max(65_536).default(60_000),
  })
  .strict();
export type TrackerConfig = z.infer<typeof TrackerConfigSchema>;
