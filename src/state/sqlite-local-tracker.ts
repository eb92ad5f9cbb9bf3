import type Database from "better-sqlite3";
import { UsageError } from "../model/index.js";
import type {
  LocalComment,
  LocalCommentCreate,
  LocalIssue,
  LocalIssueCreate,
  LocalIssueQuery,
  LocalIssueUpdate,
  LocalStateReason,
} from "./store.js";
import { applyIssueUpdate, DEFAULT_COMMENT_AUTHOR, matchesIssueQuery } from "./local-tracker-rules.js";

interface IssueRow {
  number: number;
  title: string;
  body: string;
  labels_json: string;
  state: "open" | "closed";
  state_reason: LocalStateReason | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** The local tracker's issues and comments in the state file; GitHub's rules live in local-tracker-rules.ts. */
export class SqliteLocalTracker {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  createIssue(input: LocalIssueCreate): LocalIssue {
    const at = this.now().toISOString();
    const number = Number(
      this.db
        .prepare("INSERT INTO local_issue (title, body, labels_json, state, state_reason, created_at, updated_at) VALUES (?, ?, ?, 'open', NULL, ?, ?)")
        .run(input.title, input.body ?? "", JSON.stringify(uniqueLabels(input.labels ?? [])), at, at).lastInsertRowid,
    );
    return this.mustGetIssue(number);
  }

  getIssue(number: number): LocalIssue | undefined {
    const row = this.db.prepare("SELECT * FROM local_issue WHERE number = ?").get(number) as IssueRow | undefined;
    return row === undefined ? undefined : localIssue(row);
  }

  updateIssue(number: number, patch: LocalIssueUpdate): LocalIssue {
    return this.db.transaction(() => {
      const next = applyIssueUpdate(this.mustGetIssue(number), patch, this.now().toISOString());
      this.db
        .prepare("UPDATE local_issue SET title = ?, body = ?, labels_json = ?, state = ?, state_reason = ?, updated_at = ?, closed_at = ? WHERE number = ?")
        .run(next.title, next.body, JSON.stringify(next.labels), next.state, next.state_reason, next.updated_at, next.closed_at, number);
      return next;
    })();
  }

  listIssues(query: LocalIssueQuery): LocalIssue[] {
    const rows = this.db.prepare("SELECT * FROM local_issue ORDER BY number DESC").all() as IssueRow[];
    return rows.map(localIssue).filter((issue) => matchesIssueQuery(issue, query));
  }

  listComments(issueNumber: number): LocalComment[] {
    this.mustGetIssue(issueNumber);
    return this.db.prepare("SELECT * FROM local_comment WHERE issue_number = ? ORDER BY id").all(issueNumber) as LocalComment[];
  }

  createComment(issueNumber: number, input: LocalCommentCreate): LocalComment {
    return this.db.transaction(() => {
      this.mustGetIssue(issueNumber);
      const at = this.now().toISOString();
      const id = Number(
        this.db
          .prepare("INSERT INTO local_comment (issue_number, body, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
          .run(issueNumber, input.body, input.author ?? DEFAULT_COMMENT_AUTHOR, at, at).lastInsertRowid,
      );
      // A comment counts as activity on the issue, as on GitHub.
      this.db.prepare("UPDATE local_issue SET updated_at = ? WHERE number = ?").run(at, issueNumber);
      return this.db.prepare("SELECT * FROM local_comment WHERE id = ?").get(id) as LocalComment;
    })();
  }

  updateComment(commentId: number, patch: { readonly body: string }): LocalComment {
    const at = this.now().toISOString();
    const changes = this.db.prepare("UPDATE local_comment SET body = ?, updated_at = ? WHERE id = ?").run(patch.body, at, commentId).changes;
    if (changes === 0) throw new UsageError(`local tracker has no comment ${commentId}`);
    return this.db.prepare("SELECT * FROM local_comment WHERE id = ?").get(commentId) as LocalComment;
  }

  private mustGetIssue(number: number): LocalIssue {
    const issue = this.getIssue(number);
    if (issue === undefined) throw new UsageError(`local tracker has no issue #${number}`);
    return issue;
  }
}

function localIssue(row: IssueRow): LocalIssue {
  return {
    number: row.number,
    title: row.title,
    body: row.body,
    labels: JSON.parse(row.labels_json) as string[],
    state: row.state,
    state_reason: row.state_reason,
    created_at: row.created_at,
    updated_at: row.updated_at,
    closed_at: row.closed_at,
  };
}

export function uniqueLabels(labels: readonly string[]): string[] {
  return [...new Set(labels)];
}
