import { z } from "zod";

/** Sources that count in a query engine: BigQuery tables (`--bigquery-table`) and local exports through DuckDB (`--duckdb`). */
export const WarehouseConfigSchema = z
  .object({
    /**
     * Sample rows returned per group (a third earliest, a third latest, the rest spread by hash). The miner
     * only ever sees these: more samples catch a group that mixes templates more often, at their bytes.
     */
    samplesPerGroup: z.number().int().min(3).max(100).default(9),
    /** Distinct instance ids returned per group; matches cluster.maxDistinctIds in spirit but a group rarely has more than a few hundred. */
    maxInstancesPerGroup: z.number().int().positive().default(1_000),
    /** Characters of a message the mask and group key read: a stack trace's tail does not make a new group. */
    maxMessageChars: z.number().int().positive().default(2_000),
    /** Groups whose samples disagree are re-read entry by entry; past this many entries in one run the read is reported truncated. */
    maxNarrowedEntries: z.number().int().positive().default(2_000_000),
    /** BigQuery: the job fails rather than bill more than this (10 GiB ≈ USD 0.06 on demand); the dry run checks it first. */
    maximumBytesBilled: z.number().int().positive().default(10 * 1024 ** 3),
    /** BigQuery: rows per getQueryResults page. */
    pageSize: z.number().int().min(1).max(100_000).default(10_000),
    /** BigQuery: how long one jobs.query call waits before paging with getQueryResults. */
    timeoutMs: z.number().int().positive().default(120_000),
    /** BigQuery: the job location (`US`, `EU`, a region), or empty for the dataset's. */
    location: z.string().default(""),
    /** BigQuery: the API base URL; `--bigquery-endpoint` or BIGQUERY_API_URL override it (tests, private endpoints). */
    endpoint: z.string().default(""),
    /**
     * DuckDB's memory_limit (`4GB`), or empty for DuckDB's own default (80% of RAM). Past it DuckDB spills
     * to a temporary directory, so the limit bounds the process, not the rows: 1GB carried 10M rows in
     * bench/bigquery.bench.ts (README "Scale"). Raise it for speed on a machine with the memory to spare.
     */
    duckdbMemoryLimit: z.string().regex(/^(?:\d+(?:\.\d+)?\s*(?:KB|MB|GB|TB|KiB|MiB|GiB|TiB))?$/i).default("1GB"),
    /** DuckDB worker threads, 0 for DuckDB's default (every core). */
    duckdbThreads: z.number().int().nonnegative().default(0),
  })
  .strict();
export type WarehouseConfig = z.infer<typeof WarehouseConfigSchema>;
