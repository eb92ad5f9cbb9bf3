import { z } from "zod";

/** One configuration for every log type; users can't tune per source. */
export const MinerConfigSchema = z
  .object({
    /** LRU bound on templates held; evictions are counted and reported. */
    maxClusters: z.number().int().positive().default(50_000),
    /** Tokens beyond this are not compared; long lines still cluster on their prefix. */
    maxTokensPerLine: z.number().int().positive().default(128),
    /** Characters of a message fed to the miner; the rest is kept in the entry, not mined. */
    maxLineLength: z.number().int().positive().default(4096),
  })
  .strict();
export type MinerConfig = z.infer<typeof MinerConfigSchema>;
