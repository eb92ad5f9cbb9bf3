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
  })
  .strict();
export type TrackerConfig = z.infer<typeof TrackerConfigSchema>;
