/**
 * What the judge needs from earlier runs and from the tracker: the priority the rules alone gave in each run (for
 * lowering only after several calmer runs), and when a person reopened an issue (never auto-closed soon after).
 */
export const judgeMemory = {
  version: 4,
  name: "judge memory",
  sql: `
ALTER TABLE cluster_run ADD COLUMN rules_priority TEXT;
ALTER TABLE issue_link ADD COLUMN reopened_by_person_at TEXT;
`,
} as const;
