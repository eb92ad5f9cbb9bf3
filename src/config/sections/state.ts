import { z } from "zod";

export const StateConfigSchema = z
  .object({
    /** The SQLite file; `--state PATH` overrides it. Deleting it loses history, never issue matching (the tracker is the truth). */
    path: z.string().default(".log-gardener/state.db"),
    /**
     * Entry keys (insertId or content hash) are kept this long after the entry's own time, so a window
     * read again is not counted twice. 35 days: Cloud Logging's _Default bucket keeps 30 days, so an
     * older entry cannot come back from the API; re-reading a file older than that would count again.
     */
    entryKeyRetentionDays: z.number().int().positive().default(35),
    /** Run rows (and their per-cluster points) kept; older runs are dropped when a run is saved. ~2 years of hourly runs. */
    maxRuns: z.number().int().positive().default(20_000),
  })
  .strict();
export type StateConfig = z.infer<typeof StateConfigSchema>;
