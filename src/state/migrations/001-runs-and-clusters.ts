/** Runs, clusters with their per-run counts, revisions, the miner snapshot and the fingerprint → issue map. */
export const runsAndClusters = {
  version: 1,
  name: "runs and clusters",
  sql: `
CREATE TABLE run (
  seq INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL UNIQUE,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  window_start TEXT,
  window_end TEXT,
  window_json TEXT NOT NULL,
  query_json TEXT NOT NULL,
  services_json TEXT NOT NULL,
  sources_json TEXT NOT NULL,
  totals_json TEXT NOT NULL,
  outcome_kind TEXT NOT NULL CHECK (outcome_kind IN ('complete', 'partial', 'failed')),
  outcome_json TEXT NOT NULL,
  tool_version TEXT,
  cluster_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX run_by_window ON run(window_start, window_end);

CREATE TABLE cluster (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  service TEXT,
  name TEXT NOT NULL,
  source_json TEXT,
  templates_json TEXT NOT NULL,
  first_seen TEXT,
  last_seen TEXT,
  first_revision TEXT,
  first_run_id TEXT NOT NULL,
  first_run_seq INTEGER NOT NULL,
  last_run_id TEXT NOT NULL,
  last_run_seq INTEGER NOT NULL,
  total_count INTEGER NOT NULL DEFAULT 0,
  published_priority TEXT,
  published_at TEXT
);
CREATE INDEX cluster_by_last_run ON cluster(last_run_seq);

CREATE TABLE cluster_alias (
  alias TEXT NOT NULL,
  cluster_id INTEGER NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  PRIMARY KEY (alias, cluster_id)
) WITHOUT ROWID;

CREATE TABLE cluster_run (
  cluster_id INTEGER NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  run_seq INTEGER NOT NULL REFERENCES run(seq) ON DELETE CASCADE,
  count INTEGER NOT NULL,
  rate_per_minute REAL NOT NULL,
  priority TEXT,
  PRIMARY KEY (cluster_id, run_seq)
) WITHOUT ROWID;
CREATE INDEX cluster_run_by_run ON cluster_run(run_seq);

CREATE TABLE revision (
  name TEXT PRIMARY KEY,
  first_seen TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE miner_snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  snapshot_json TEXT NOT NULL,
  saved_at TEXT NOT NULL
);

CREATE TABLE issue_link (
  fingerprint TEXT PRIMARY KEY,
  tracker TEXT NOT NULL,
  number INTEGER NOT NULL,
  url TEXT,
  state TEXT NOT NULL,
  state_reason TEXT,
  closed_at TEXT,
  title TEXT,
  labels_json TEXT,
  updated_at TEXT,
  linked_at TEXT NOT NULL
) WITHOUT ROWID;
`,
} as const;
