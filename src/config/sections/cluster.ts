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
    /** Distinct `METHOD route`s and instance names counted per template for the problem's breakdown; a scanner's sweep would list thousands. */
    routesPerCluster: z.number().int().positive().default(500),
    /** Instances listed in an issue and the worklog (most entries first); the distinct count is always exact up to maxDistinctIds. */
    instancesListed: z.number().int().nonnegative().default(10),
    /**
     * Same function, rarer template's active minutes inside the other's: the share of its minutes that must be,
     * for a follow-up (retry and give-up, timeout and retry) to be one problem with what it follows.
     */
    followUpMinuteShare: z.number().gt(0).max(1).default(0.8),
    /**
     * …unless the other is active in more than this share of the window's minutes: then any rare template
     * falls inside it by chance (a steady warning would absorb every rare one in its function).
     */
    followUpMaxActiveShare: z.number().gt(0).max(1).default(0.5),
    /** Active minutes in which two templates of one function log exactly as many entries, for "logged together" without a shared trace. */
    sameCountMinuteShare: z.number().gt(0).max(1).default(0.9),
    /** ...and at least this many active minutes, so two rare templates do not match by chance. */
    sameCountMinMinutes: z.number().int().positive().default(5),
    /** Routes with one status in one minute that make it a storm minute (a 429 storm, a 503 outage, a scanner's 404 sweep). */
    stormRoutes: z.number().int().min(2).default(5),
    /** Share of a route's active minutes that must be storm minutes for it to join the storm; a steady 404 on one route stays its own problem. */
    stormMinuteShare: z.number().gt(0).max(1).default(0.8),
    /** Minutes apart two bursts may start and still be one cascade. */
    cascadeStartMinutes: z.number().int().nonnegative().default(2),
    /** Minutes after the cause's last entry a symptom may go on (requests failing until the next healthy instance). */
    cascadeTailMinutes: z.number().int().nonnegative().default(5),
    /** Share of a symptom's active minutes inside the cause's incident; below it the template is present outside (a startup warning on every boot) and stays apart. */
    cascadeInsideShare: z.number().gt(0).max(1).default(0.9),
    /** A cause active over more than this share of the window is steady, not an incident, and starts no cascade. */
    cascadeMaxSpanShare: z.number().gt(0).max(1).default(0.5),
    /** Entries a template needs to count as a burst in a cascade; one-off lines that meet in a minute by chance are not one problem. */
    cascadeMinEntries: z.number().int().positive().default(3),
    /** Recent entries without a trace remembered per scope and instance for the coOccurrenceMs check; bounds a burst. */
    maxRecentPerInstance: z.number().int().positive().default(64),
  })
  .strict();
export type ClusterConfig = z.infer<typeof ClusterConfigSchema>;
