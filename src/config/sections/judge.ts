import { z } from "zod";

const PrioritySchema = z.enum(["P0", "P1", "P2", "P3"]);

/** A priority rule: the first rule (in order) whose conditions all hold gives the priority. */
export const PriorityRuleSchema = z
  .object({
    name: z.string(),
    priority: PrioritySchema,
    minSeverity: z.enum(["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"]).optional(),
    /** Case-insensitive words or phrases, any of which must occur in the template, error type or location. */
    keywords: z.array(z.string()).optional(),
    minRatePerMinute: z.number().nonnegative().optional(),
    minCount: z.number().int().nonnegative().optional(),
    minDistinctUsers: z.number().int().nonnegative().optional(),
  })
  .strict();
export type PriorityRule = z.infer<typeof PriorityRuleSchema>;

export const JudgeConfigSchema = z
  .object({
    rules: z.array(PriorityRuleSchema).optional(),
    /** Rate over baseline that counts as rising and escalates one step. */
    escalationFactor: z.number().positive().default(2),
    /** Earlier runs the baseline rate is taken over. */
    baselineRuns: z.number().int().positive().default(7),
    /** A published priority is not lowered automatically before this many hours have passed (no flapping). */
    cooldownHours: z.number().nonnegative().default(72),
    /** A closed issue's problem must stay away this long before a recurrence counts as a regression. */
    regressionGraceHours: z.number().nonnegative().default(1),
    /** A revision first seen within this many hours marks the code as under active development. */
    activeDevHours: z.number().nonnegative().default(48),
  })
  .strict();
export type JudgeConfig = z.infer<typeof JudgeConfigSchema>;
