// One run at a time per state file. The lock is an exclusive SQLite lock on a sidecar file
// (`state.db.lock`): the operating system drops it when the process ends, however it ends, so a
// lock left by a killed run is never mistaken for a live one and no timeout has to guess.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { UsageError } from "../model/index.js";

export interface RunLock {
  readonly path: string;
  release(): void;
}

export function runLockPath(statePath: string): string {
  return `${statePath}.lock`;
}

/** Takes the lock for a run on `statePath`, or refuses at once with one line if another run holds it. */
export function acquireRunLock(statePath: string): RunLock {
  const path = runLockPath(statePath);
  mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0 });
  } catch (error) {
    throw new UsageError(`cannot create the run lock ${path} (${(error as Error).message}); pass --state PATH in a writable directory`, { cause: error });
  }
  try {
    // Rollback journal with an exclusive locking mode: the first write takes the file's exclusive
    // lock and keeps it until the connection closes.
    db.pragma("journal_mode = DELETE");
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("CREATE TABLE IF NOT EXISTS run_lock (pid INTEGER)");
    db.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    db.close();
    if (/^SQLITE_BUSY|^SQLITE_LOCKED/.test(String((error as { code?: unknown }).code ?? ""))) {
      throw new UsageError(`another log-gardener run is using the state file ${statePath}; wait for it to finish (one run at a time per state file), or pass --state PATH`, { cause: error });
    }
    throw new UsageError(`cannot take the run lock ${path} (${(error as Error).message}); pass --state PATH in a writable directory`, { cause: error });
  }
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      try {
        db.exec("ROLLBACK");
      } finally {
        db.close();
      }
    },
  };
}
