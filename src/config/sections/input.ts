import { z } from "zod";

/** Limits on reading inputs; every one bounds memory or output, and skips are counted, never silent. */
export const InputConfigSchema = z
  .object({
    /**
     * Bytes one entry may hold in memory (a line, or one element of a JSON array). A 5 MB line is kept
     * whole (the miner truncates its own input); past this a JSON entry is skipped as `entry_too_large`
     * and a text line is cut, with the cut noted in its text.
     */
    maxEntryBytes: z.number().int().positive().default(8 * 1024 * 1024),
    /** Lines of a multi-line stack trace kept with the line that starts it (text inputs). */
    maxStackLines: z.number().int().positive().default(200),
    /**
     * Of those, how many come from the end of an over-long trace: Python prints the exception last,
     * Java and Node print it first, so both ends are kept and the middle is elided with a count.
     */
    stackTailLines: z.number().int().nonnegative().default(20),
    /** How many skipped positions the worklog header and stderr show. */
    skippedSamples: z.number().int().nonnegative().default(10),
    /**
     * Bytes read (after gunzip) before deciding between gcloud JSON, NDJSON and text; 64 KiB holds the
     * first line of any ordinary export, and a longer first line is taken as NDJSON.
     */
    formatSniffBytes: z.number().int().min(16).default(64 * 1024),
    /**
     * For entries without a severity: how far into the first line a stated level (`ERROR:`, `[WARN]`,
     * `level=error`) is looked for. Levels are stated near the start; a word further on is usually
     * quoted content (`... returned "ERROR"`), not the entry's level.
     */
    levelScanChars: z.number().int().positive().default(160),
    /**
     * Stack traces logged one line per entry (a container printing to stderr without a structured
     * logger): lines of one instance's log at most this far apart are joined into the entry they
     * continue. A traceback is printed in one go, its lines microseconds apart; two separate prints
     * of the same instance are further apart than this almost always, and only lines that read as a
     * continuation (frames, indented source, the exception after them) are joined at all.
     */
    splitLineGapMs: z.number().nonnegative().default(50),
    /**
     * How late the exception line of such a traceback may follow its frames: stderr reaches Cloud
     * Logging in pieces, and real exports show the last line a second after the frames. Only a line
     * that reads as an exception (`NameError: …`) is joined across this longer gap.
     */
    splitLineExceptionGapMs: z.number().nonnegative().default(2_000),
    /** Lines joined into one entry at most, as for text inputs (maxStackLines). */
    splitLineMaxLines: z.number().int().positive().default(200),
    /** Line entries held back at once while waiting for their continuation, over all instances. */
    splitLineMaxHeld: z.number().int().positive().default(10_000),
    /**
     * With worker threads (`--threads`, default the cores available): entries of a run prepared on
     * the main thread before the workers start. Starting them costs more than a small input takes.
     */
    parallelAfterEntries: z.number().int().nonnegative().default(10_000),
    /** User and connection ids kept per entry (each list); an entry naming more is a bulk dump, not one user's problem. */
    maxIdsPerEntry: z.number().int().positive().default(16),
  })
  .strict();
export type InputConfig = z.infer<typeof InputConfigSchema>;
