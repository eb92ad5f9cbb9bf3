import { closeSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { UsageError } from "../model/index.js";
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from "./migrations/index.js";

/** `PRAGMA application_id` of a log-gardener state file: "LGST" in ASCII. */
export const STATE_APPLICATION_ID = 0x4c475354;

const SQLITE_HEADER = "SQLite format 3\u0000";

/** A second run waits this long for the first one's save (a million entry keys take seconds on a busy machine). */
const DEFAULT_BUSY_TIMEOUT_MS = 60_000;

/** SQLite errors that say the file cannot be used, as opposed to a fault in log-gardener. */
const UNUSABLE_FILE_CODES: ReadonlySet<string> = new Set([
  "SQLITE_NOTADB",
  "SQLITE_CORRUPT",
  "SQLITE_CANTOPEN",
  "SQLITE_READONLY",
  "SQLITE_PERM",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_BUSY",
]);

export interface OpenDatabaseOptions {
  /** Open an existing file only; a missing one is a `UsageError` (for read-only commands). */
  readonly mustExist?: boolean;
  /** Apply migrations up to this version only (tests of older schemas). */
  readonly migrateTo?: number;
  /** Milliseconds a writer waits for another run's transaction before giving up. */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens (or creates) a state file: refuses anything that is not ours or is newer than this code,
 * then applies pending migrations in one transaction. Never writes to a file it refuses.
 */
export function openStateDatabase(path: string, opts: OpenDatabaseOptions = {}): Database.Database {
  const existing = fileSize(path);
  if (existing === undefined && opts.mustExist) {
    throw new UsageError(`no state file at ${path} (a run creates it; pass --state PATH to use another)`);
  }
  if (existing !== undefined && existing > 0) assertSqliteHeader(path);
  if (existing === undefined) mkdirSync(dirname(path), { recursive: true });

  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: opts.mustExist === true, timeout: opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  } catch (error) {
    throw refusal(path, error);
  }
  try {
    assertOurs(db, path);
    db.pragma("journal_mode = WAL");
    // In WAL mode NORMAL survives a killed process (only a power cut can lose the last commit): enough for a cache.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    // 8 MiB page cache (default 2 MiB): entry keys are inserted sorted by hash, so each B-tree page is
    // visited once and a larger cache only holds more dirty pages (64 MiB: the same speed in
    // bench/state.bench.ts, 9 MiB more peak RSS on a 1M-entry run).
    db.pragma("cache_size = -8192");
    // A run with thousands of clusters writes tens of MB of WAL; after the checkpoint the file shrinks back to this.
    db.pragma("journal_size_limit = 16777216");
    migrate(db, opts.migrateTo ?? LATEST_SCHEMA_VERSION);
    return db;
  } catch (error) {
    db.close();
    throw asStateFileError(path, error);
  }
}

function fileSize(path: string): number | undefined {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UsageError(`state path ${path} is not a file`);
    return stat.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function assertSqliteHeader(path: string): void {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, "r");
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString("latin1") !== SQLITE_HEADER) {
    throw new UsageError(`${path} is not a log-gardener state file (not an SQLite database); refusing to touch it: move it away or pass --state PATH`);
  }
}

function assertOurs(db: Database.Database, path: string): void {
  const applicationId = db.pragma("application_id", { simple: true }) as number;
  const version = db.pragma("user_version", { simple: true }) as number;
  if (applicationId === 0 && version === 0) {
    const objects = db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get() as number;
    if (objects === 0) return; // a new, empty database: ours to initialise
  }
  if (applicationId !== STATE_APPLICATION_ID) {
    throw new UsageError(`${path} is an SQLite database of another application, not a log-gardener state file; refusing to touch it: move it away or pass --state PATH`);
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new UsageError(`${path} has state schema version ${version}, newer than this log-gardener knows (${LATEST_SCHEMA_VERSION}); upgrade log-gardener or pass --state PATH`);
  }
}

/** Applies every migration above the file's `user_version`, up to `target`, in one transaction. */
function migrate(db: Database.Database, target: number): void {
  const pendingAt = (version: number) => MIGRATIONS.filter((m) => m.version > version && m.version <= target);
  if (pendingAt(db.pragma("user_version", { simple: true }) as number).length === 0) return;
  db.transaction(() => {
    // Read again under the write lock: another process may have migrated the file since the
    // check above ("table run already exists" otherwise, when two runs create one state file).
    const pending = pendingAt(db.pragma("user_version", { simple: true }) as number);
    db.pragma(`application_id = ${STATE_APPLICATION_ID}`);
    for (const migration of pending) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  // Extended codes (SQLITE_IOERR_READ) share their primary code's prefix.
  return typeof code === "string" ? (code.match(/^SQLITE_[A-Z]+/)?.[0] ?? code) : "";
}

/** A file-level SQLite error (corrupt, busy, unreadable) as a one-line usage error; anything else as it was. */
export function asStateFileError(path: string, error: unknown): unknown {
  return error instanceof UsageError || !UNUSABLE_FILE_CODES.has(sqliteCode(error)) ? error : refusal(path, error);
}

function refusal(path: string, error: unknown): UsageError {
  const code = sqliteCode(error);
  const message =
    code === "SQLITE_BUSY"
      ? `state file ${path} is busy: another log-gardener run is writing it; try again when it has finished`
      : `state file ${path} ${code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT" ? "is corrupt" : `could not be opened (${(error as Error).message})`}; refusing to touch it: move it away or pass --state PATH`;
  return new UsageError(message, { cause: error });
}
