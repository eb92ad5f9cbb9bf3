import { z } from "zod";

const PrioritySchema = z.enum(["P0", "P1", "P2", "P3"]);

/**
 * A priority rule: the first rule (in order) whose conditions all hold gives the priority.
 * A rule with no conditions always holds, so the last rule is the fallback. The defaults are in
 * `src/judge/rules.ts`; setting `judge.rules` replaces them as a whole.
 */
export const PriorityRuleSchema = z
  .object({
    name: z.string().min(1),
    priority: PrioritySchema,
    /** The cluster has entries at this severity or above; the rate and count conditions then count only those entries. */
    minSeverity: z.enum(["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"]).optional(),
    /**
     * Words or phrases, any of which must occur in what the problem says: its templates (the messages), error types
     * and HTTP status texts. Never file paths, module, function or logger names: `gcp_auth_context_middleware.py`
     * does not make an import error an auth failure.
     * Matched case-insensitively at the start of a word (`auth` matches `authentication` and `AuthError`, not `oauth`);
     * templates have their variables masked, so an id or a user's text never triggers a keyword.
     */
    keywords: z.array(z.string().min(1)).optional(),
    /** Entries (at or above minSeverity) per minute over the whole window. */
    minRatePerMinute: z.number().nonnegative().optional(),
    /** Entries in the busiest single minute (all severities): catches bursts that a long window averages away. */
    minPeakPerMinute: z.number().int().nonnegative().optional(),
    /** Entries (at or above minSeverity) in the window. */
    minCount: z.number().int().nonnegative().optional(),
    minDistinctUsers: z.number().int().nonnegative().optional(),
    /**
     * Share (0..1) of the service's instances this run saw (instances that logged at WARNING or above) that the
     * cluster occurs on: a problem on most instances is the service, not one bad machine.
     */
    minInstanceShare: z.number().gt(0).max(1).optional(),
    /** With `minInstanceShare`: at least this many instances of the service were seen, so 1 of 1 is not "most". */
    minServiceInstances: z.number().int().positive().optional(),
    /**
     * At least this many instances are affected: with `minSeverity` ERROR or above, instances on which the cluster
     * logged at ERROR or above (a warning on every instance is not the service hurt); else instances where it logged.
     * A share of a handful of instances running the same code is any bug's share, not an outage's.
     */
    minInstances: z.number().int().positive().optional(),
    /**
     * Share (0..1) of the service's routes seen in the window that answered 5xx in the same minute, for an HTTP cluster
     * answering 5xx: most routes failing at once is an outage, not one broken endpoint.
     */
    minFailingRouteShare: z.number().gt(0).max(1).optional(),
    /** With `minFailingRouteShare`: at least this many routes were seen, so 1 of 1 is not "most". */
    minRoutes: z.number().int().positive().optional(),
  })
  .strict();
export type PriorityRule = z.infer<typeof PriorityRuleSchema>;

/**
 * One ignore rule: every condition given must hold. `untilDate` and `untilCount` end it: past the date, or once the
 * problem reaches that many entries in one run's window, it is judged again like any other.
 */
export const IgnoreRuleSchema = z
  .object({
    /** For the worklog: why it is ignored. */
    name: z.string().min(1),
    fingerprint: z.string().regex(/^lgfp[0-9a-f]{16}$/).optional(),
    /** A regular expression (case-insensitive) tested against the cluster's name and templates. */
    messagePattern: z
      .string()
      .min(1)
      .refine((pattern) => {
        try {
          new RegExp(pattern, "i");
          return true;
        } catch {
          return false;
        }
      }, "a valid regular expression")
      .optional(),
    service: z.string().min(1).optional(),
    /** Only clusters whose worst entry is at this severity or below. */
    maxSeverity: z.enum(["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"]).optional(),
    /** ISO date or time; the rule ends then. */
    untilDate: z.string().refine((v) => !Number.isNaN(Date.parse(v)), "an ISO date or time").optional(),
    /** The rule holds while the window has fewer entries than this. */
    untilCount: z.number().int().positive().optional(),
  })
  .strict()
  .refine((r) => r.fingerprint !== undefined || r.messagePattern !== undefined || r.service !== undefined || r.maxSeverity !== undefined, {
    message: "an ignore rule needs fingerprint, messagePattern, service or maxSeverity",
  });
export type IgnoreRule = z.infer<typeof IgnoreRuleSchema>;

export const JudgeConfigSchema = z
  .object({
    /** Replaces the default rules (src/judge/rules.ts) when set; must end with a rule that always holds. */
    rules: z.array(PriorityRuleSchema).min(1).optional(),
    /** Rate over baseline that counts as rising and escalates one step (and 1/factor counts as falling). */
    escalationFactor: z.number().gt(1).default(2),
    /**
     * Hysteresis: once rising, a cluster stays rising until its rate drops below
     * 1 + (escalationFactor − 1) × this (1.5× for the defaults), so a rate hovering at the threshold does not flap.
     * Falling mirrors it. 1 means no hysteresis.
     */
    trendExitFraction: z.number().min(0).max(1).default(0.5),
    /**
     * Earlier runs loaded per cluster, newest first, for the seasonal baseline, the hysteresis and auto-close: a week
     * and a day of runs every five minutes (8 × 288 = 2,304), rounded up. Runs older than `seasonalDays` (or
     * `autoCloseQuietDays`) plus a day are never loaded.
     */
    baselineRuns: z.number().int().positive().default(2_500),
    /** Below this many entries in the window a trend is never called rising or falling: 1 → 3 entries is noise, not a trend. */
    minTrendCount: z.number().int().nonnegative().default(10),
    /** Floor for a zero baseline, so the factor stays finite (one entry per ~17 hours). */
    minBaselineRatePerMinute: z.number().positive().default(0.001),
    /**
     * A published priority is not lowered automatically before this many hours have passed (no flapping). A day:
     * a raise seen through one full daily cycle, and the same span as one change per day.
     */
    cooldownHours: z.number().nonnegative().default(24),
    /** A closed issue's problem must stay away this long after the close before a recurrence counts as a regression (late entries from instances still draining). */
    regressionGraceHours: z.number().nonnegative().default(1),
    /** A revision first seen within this many hours marks the code as under active development. */
    activeDevHours: z.number().nonnegative().default(48),
    /**
     * The baseline is the same hours of up to this many earlier days: a service with a daily rhythm peaks at the same
     * hour each day, and comparing the peak with the night before would read the rhythm as growth. A week holds
     * every weekday once.
     */
    seasonalDays: z.number().int().positive().default(7),
    /** Earlier days that must have covered these hours before there is a baseline; with fewer the trend is "no baseline" and the rate escalates nothing. */
    minBaselineDays: z.number().int().positive().default(1),
    /**
     * Runs within this many minutes either side of the same hour of an earlier day count for that day (their mean is
     * the day's rate): one hourly run is a small sample, three make the baseline steadier.
     */
    seasonalToleranceMinutes: z.number().nonnegative().default(60),
    /**
     * A rise must also be unlikely as chance, by the exact test of two Poisson rates (this window's count against the
     * baseline runs' count): below this. One in 10,000: with dozens of clusters judged every hour, a looser level
     * calls a few rises a week on steady problems (17 entries against 10 in the two hours around yesterday's is 3.4×,
     * and happens by chance about one hour in 700); a real spike of 3× on 20 an hour is under one in a million.
     */
    riseSignificance: z.number().gt(0).lt(1).default(0.0001),
    /**
     * Rate rules read the rate over this many trailing hours of runs (this run's window included): "sustained" means
     * over a day, so an hourly run at the daily peak is not a higher priority than the same problem at night.
     */
    rateWindowHours: z.number().positive().default(24),
    /**
     * After the cooldown, a priority is lowered only when the rules have put it lower in this many consecutive runs
     * (this one included): one quiet hour does not lower what a busy day raised.
     */
    lowerAfterRuns: z.number().int().positive().default(3),
    /** At most one priority change per problem in this many hours, unless a P0 rule fires (an outage is never held back). */
    minHoursBetweenChanges: z.number().nonnegative().default(24),
    /** At most one retitle per issue in this many hours (a category change waits; a priority change carries it). */
    minHoursBetweenRetitles: z.number().nonnegative().default(24),
    /**
     * An open issue whose problem has not been seen for this many days, each covered by a complete read of its
     * service, is closed as completed ("reopens if it recurs"). Never after a failed, truncated or no-data read.
     */
    autoCloseQuietDays: z.number().positive().default(7),
    /** Issues carrying this label are muted like ones closed as not planned: no comments, no retitles, no auto-close. */
    ignoreLabel: z.string().min(1).default("log-gardener:ignore"),
    /** Problems to ignore: counted in the worklog, never filed, commented on or escalated. */
    ignore: z.array(IgnoreRuleSchema).default([]),
  })
  .strict();
export type JudgeConfig = z.infer<typeof JudgeConfigSchema>;
