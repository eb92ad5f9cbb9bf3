import { z } from "zod";

export const ReportConfigSchema = z
  .object({
    /** Where the worklog (`GCP-LOG-GARDENER-WORKLOG-….md`) and its JSON twin are written. */
    outDir: z.string().default("gcp/log-gardener"),
    /** `brief`: what needs a person, the table and a few lines per problem (hand-written worklogs are 4–10 KB); `full`: every fact and whole samples. */
    worklog: z.enum(["brief", "full"]).default("brief"),
    /** Bytes a brief worklog may take (about a minute's reading); sections that would pass it are left to the JSON and HTML reports, and the worklog says how many. */
    worklogMaxBytes: z.number().int().min(4_000).default(19_500),
    /** Clusters with a row and a detail view on the HTML page, in priority order (~2.5 KB each, so the default page is a few MB at most); the rest are counted under the table and are all in the JSON report. */
    htmlMaxClusters: z.number().int().positive().default(2_000),
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
