/** The local tracker's issues and comments (the default tracker when no GitHub repository is given). */
export const localTracker = {
  version: 3,
  name: "local tracker",
  sql: `
CREATE TABLE local_issue (
  number INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  labels_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  state_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX local_issue_by_state ON local_issue(state, number);

CREATE TABLE local_comment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  issue_number INTEGER NOT NULL REFERENCES local_issue(number) ON DELETE CASCADE,
  body TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX local_comment_by_issue ON local_comment(issue_number, id);
`,
} as const;
