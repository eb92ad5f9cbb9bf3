import { z } from "zod";

/** One distinct masked shape as plain data (version 1 stored templates; they are read as shapes). */
export const ClusterRowSchema = z
  .object({
    id: z.string().min(1),
    scope: z.string(),
    /** The template's tokens, variables as `<*>`. */
    tokens: z.array(z.string()),
    firstTemplate: z.string(),
    size: z.number().int().nonnegative(),
    /** Written by version 1 (the template of another length this one was shown as); groups are now recomputed, so it is read and ignored. */
    group: z.string().min(1).optional(),
  })
  .strict();
export type ClusterRow = z.infer<typeof ClusterRowSchema>;

/** 2: shapes, grouped into templates when read. 1: templates as mined in arrival order, still read. */
export const MINER_SNAPSHOT_VERSION = 2;

/** The miner's whole state: shapes from least to most recently used, so the LRU order survives. */
export const MinerSnapshotSchema = z
  .object({
    version: z.union([z.literal(1), z.literal(MINER_SNAPSHOT_VERSION)]),
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
