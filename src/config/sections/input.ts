import { z } from "zod";

/** Limits on reading inputs; every one bounds memory or output, and skips are counted, never silent. */
export const InputConfigSchema = z
  .object({
    /** Entries longer than this are kept but truncated for mining (see mine.maxLineLength); this bounds one entry in memory. */
    maxEntryBytes: z.number().int().positive().default(8 * 1024 * 1024),
    /** Lines of a multi-line stack trace kept with the line that starts it (text inputs). */
    maxStackLines: z.number().int().positive().default(200),
    /** How many skipped positions the worklog header and stderr show. */
    skippedSamples: z.number().int().nonnegative().default(10),
  })
  .strict();
export type InputConfig = z.infer<typeof InputConfigSchema>;
