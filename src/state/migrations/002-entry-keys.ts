/**
 * Entry identity, so repeated and overlapping windows keep exact totals. A key is stored as two
 * 32-bit halves of a 64-bit hash of `LogEntry.key` (no BigInt on the hot path; see
 * bench/state.bench.ts). `day` (days since the epoch of the entry's time) lets old keys be pruned.
 * Runs recorded before this step had no keys: their counts become their new-entry counts.
 */
export const entryKeys = {
  version: 2,
  name: "entry keys",
  sql: `
CREATE TABLE entry_key (
  cluster_id INTEGER NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  hash_hi INTEGER NOT NULL,
  hash_lo INTEGER NOT NULL,
  day INTEGER NOT NULL,
  PRIMARY KEY (cluster_id, hash_hi, hash_lo)
) WITHOUT ROWID;

ALTER TABLE cluster_run ADD COLUMN new_entries INTEGER NOT NULL DEFAULT 0;
UPDATE cluster_run SET new_entries = count;
ALTER TABLE run ADD COLUMN new_entries INTEGER NOT NULL DEFAULT 0;
UPDATE run SET new_entries = (SELECT COALESCE(SUM(count), 0) FROM cluster_run WHERE cluster_run.run_seq = run.seq);

CREATE TABLE store_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`,
} as const;
