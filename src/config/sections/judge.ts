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
     * Words or phrases, any of which must occur in the cluster's templates, name, error types, logger or code location.
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
  })
  .strict();
export type PriorityRule = z.infer<typeof PriorityRuleSchema>;

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
    /** Earlier runs the baseline rate is taken over (their median, so one burst run does not move it). */
    baselineRuns: z.number().int().positive().default(7),
    /** Below this many entries in the window a trend is never called rising or falling: 1 → 3 entries is noise, not a trend. */
    minTrendCount: z.number().int().nonnegative().default(10),
    /** Floor for a zero baseline, so the factor stays finite (one entry per ~17 hours). */
    minBaselineRatePerMinute: z.number().positive().default(0.001),
    /** A published priority is not lowered automatically before this many hours have passed (no flapping). */
    cooldownHours: z.number().nonnegative().default(72),
    /** A closed issue's problem must stay away this long after the close before a recurrence counts as a regression (late entries from instances still draining). */
    regressionGraceHours: z.number().nonnegative().default(1),
    /** A revision first seen within this many hours marks the code as under active development. */
    activeDevHours: z.number().nonnegative().default(48),
  })
  .strict();
export type JudgeConfig = z.infer<typeof JudgeConfigSchema>;
