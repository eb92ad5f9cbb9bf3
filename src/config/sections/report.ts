import { z } from "zod";

export const ReportConfigSchema = z
  .object({
    /** Where the worklog (`GCP-LOG-GARDENER-WORKLOG-….md`) and its JSON twin are written. */
    outDir: z.string().default("gcp/log-gardener"),
    /** Characters of one sample entry shown in the worklog and issues; longer ones are cut with a note (a Cloud Run entry with a stack trace is ~2–3k). */
    maxSampleChars: z.number().int().positive().default(4_000),
    /** Names listed in one worklog cell (revisions, users, connections, error types) before "and N more": keeps a row one screen wide. */
    maxListed: z.number().int().positive().default(5),
    /** Busiest minutes listed under the worklog's technical context. */
    busiestMinutes: z.number().int().nonnegative().default(5),
    /** Write the JSON report beside the worklog (same name, `.json`). */
    json: z.boolean().default(true),
  })
  .strict();
export type ReportConfig = z.infer<typeof ReportConfigSchema>;
