import { z } from "zod";

export const ClusterConfigSchema = z
  .object({
    /** Samples kept per cluster for reports and issues. */
    samplesPerCluster: z.number().int().positive().default(3),
    /** Distinct user/connection ids remembered per cluster before counting stops being exact (reported as "≥ N"). */
    maxDistinctIds: z.number().int().positive().default(100_000),
    /** Templates in the same code location whose entries follow each other within this many ms on one instance are one problem. */
    coOccurrenceMs: z.number().int().nonnegative().default(1_000),
  })
  .strict();
export type ClusterConfig = z.infer<typeof ClusterConfigSchema>;
