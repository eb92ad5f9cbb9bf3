import { z } from "zod";

export const ClusterConfigSchema = z
  .object({
    /** Samples kept per cluster for reports and issues (first, peak minute, last). */
    samplesPerCluster: z.number().int().positive().default(3),
    /** Distinct user/connection ids remembered per cluster before counting stops being exact (reported as "≥ N"). */
    maxDistinctIds: z.number().int().positive().default(100_000),
    /** Example user and connection ids listed per cluster; enough to search for, short enough to read. */
    exampleIds: z.number().int().nonnegative().default(5),
    /** Trace ids kept per cluster, for linking clusters that share requests; a handful is enough to follow one. */
    tracesPerCluster: z.number().int().nonnegative().default(20),
    /** Templates in the same code location whose entries follow each other within this many ms on one instance are one problem. */
    coOccurrenceMs: z.number().int().nonnegative().default(1_000),
    /**
     * Share of EACH template's entries that must have the other beside them (same trace, or same instance within
     * coOccurrenceMs) to merge the two: a majority, so chance meetings with a frequent warning do not merge problems.
     */
    coOccurrenceShare: z.number().gt(0).max(1).default(0.5),
    /** Constant words a template needs before "its words appear in order in another template" may merge the two; fewer is too generic. */
    minContainedWords: z.number().int().positive().default(3),
    /** Templates per scope compared pairwise for contained words (quadratic); past it only co-occurrence merges. */
    maxTemplatesCompared: z.number().int().positive().default(2_000),
    /** Traces collected at once; beyond it the oldest trace is counted and closed (a request's entries arrive close together). */
    maxOpenTraces: z.number().int().positive().default(100_000),
    /** Recent entries without a trace remembered per scope and instance for the coOccurrenceMs check; bounds a burst. */
    maxRecentPerInstance: z.number().int().positive().default(64),
  })
  .strict();
export type ClusterConfig = z.infer<typeof ClusterConfigSchema>;
