export * from "./store.js";
export { coveredRanges, isCovered, type ReadRun } from "./coverage.js";
export { openSqliteStateStore, type SqliteStoreOptions } from "./sqlite-store.js";
export { openMemoryStateStore } from "./memory-store.js";
export { STATE_APPLICATION_ID } from "./sqlite-open.js";
export { acquireRunLock, runLockPath, type RunLock } from "./run-lock.js";
export { LATEST_SCHEMA_VERSION } from "./migrations/index.js";
export { HashedEntryKeys } from "./entry-key-hash.js";
export { EntryKeySet } from "./entry-key-set.js";
