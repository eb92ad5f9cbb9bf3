import { z } from "zod";

/**
 * One configuration for every log type; users can't tune per source. The defaults are the ones
 * bench/mine.bench.ts scores on every Loghub ground truth.
 */
export const MinerConfigSchema = z
  .object({
    /** LRU bound on distinct masked shapes held (~0.5 KB each, so 50k ≈ 25 MB); evictions are counted and reported. */
    maxClusters: z.number().int().positive().default(50_000),
    /** Words compared per message; the rest of a longer message becomes one trailing `<*>`, so it still clusters on its prefix. */
    maxTokensPerLine: z.number().int().positive().default(128),
    /** Characters of a message fed to the miner; a longer one is mined on its prefix (never dropped), the rest is kept in the entry. */
    maxLineLength: z.number().int().positive().default(4096),
    /** Share of positions that may differ in a value's shape for a message to join a template (Drain's similarity threshold 0.7, inverted). */
    maxDifferenceRatio: z.number().min(0).max(1).default(0.3),
    /** Distinct plain words seen at one position, all else equal, before it becomes `<*>`: 3 joins user names, keeps `Accepted`/`Failed` apart. */
    minDistinctWords: z.number().int().min(2).default(3),
    /** Templates a new shape is compared with (the newest of those sharing its first word and length): bounds the work per shape, so a million distinct templates stay near-linear. */
    maxCandidates: z.number().int().positive().default(256),
  })
  .strict();
export type MinerConfig = z.infer<typeof MinerConfigSchema>;
