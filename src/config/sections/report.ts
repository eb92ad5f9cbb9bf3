import { z } from "zod";

export const ReportConfigSchema = z
  .object({
    outDir: z.string().default("gcp/log-gardener"),
    /** Characters of one sample entry shown in the worklog and issues; longer ones are cut with a note. */
    maxSampleChars: z.number().int().positive().default(4_000),
  })
  .strict();
export type ReportConfig = z.infer<typeof ReportConfigSchema>;
