import { z } from "zod";

/** One cluster as plain data. */
export const ClusterRowSchema = z
  .object({
    id: z.string().min(1),
    scope: z.string(),
    /** The template's tokens, variables as `<*>`. */
    tokens: z.array(z.string()),
    firstTemplate: z.string(),
    size: z.number().int().nonnegative(),
    /** Id of the template of another length this one is shown as (see alignment.ts). */
    group: z.string().min(1).optional(),
  })
  .strict();
export type ClusterRow = z.infer<typeof ClusterRowSchema>;

export const MINER_SNAPSHOT_VERSION = 1;

/** The miner's whole state: clusters from least to most recently used, so the LRU order survives. */
export const MinerSnapshotSchema = z
  .object({
    version: z.literal(MINER_SNAPSHOT_VERSION),
    clusters: z.array(ClusterRowSchema),
    /** Ids of templates folded into another one, so ids handed out earlier still resolve. */
    aliases: z.array(z.object({ id: z.string().min(1), target: z.string().min(1) }).strict()).default([]),
  })
  .strict();
export type MinerSnapshot = z.infer<typeof MinerSnapshotSchema>;

/** Validates stored state before the miner trusts it; throws a zod error naming the bad field. */
export function parseMinerSnapshot(value: unknown): MinerSnapshot {
  return MinerSnapshotSchema.parse(value);
}
