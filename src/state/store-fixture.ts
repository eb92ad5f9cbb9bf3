import type { EntryIdentity, ClusterRunRecord, RunRecord, RunSave } from "./store.js";

/** Builders for state tests (contract, SQLite-only, crash and CLI tests). */

export class TestClock {
  private ms: number;
  constructor(start = "2026-11-20T12:00:00Z") {
    this.ms = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** `count` entries with keys `<prefix><from>` … one minute apart from `startMs`. */
export function entries(prefix: string, from: number, to: number, startMs = Date.parse("2026-11-20T10:00:00Z")): EntryIdentity[] {
  const out: EntryIdentity[] = [];
  for (let i = from; i < to; i++) out.push({ key: `${prefix}${i}`, timeMs: startMs + i * 60_000 });
  return out;
}

export function runRecord(runId: string, overrides: Partial<RunRecord> & { start?: string; end?: string; services?: string[] } = {}): RunRecord {
  const { start = "2026-11-20T10:00:00Z", end = "2026-11-20T11:00:00Z", services = ["api"], ...rest } = overrides;
  return {
    runId,
    startedAt: "2026-11-20T12:00:00Z",
    finishedAt: "2026-11-20T12:00:05Z",
    window: { start, end, basis: "flags", label: `${start}-${end}`, minutes: Math.max(1, (Date.parse(end) - Date.parse(start)) / 60_000) },
    query: { services, minSeverity: "WARNING", filters: [] },
    sources: [{ input: "logs.json", format: "gcloud-json", entriesRead: 10, completeness: { kind: "complete" } }],
    totals: { read: 10, kept: 10, skipped: {}, filtered: {} },
    outcome: { kind: "complete" },
    ...rest,
  };
}

export function clusterRecord(fingerprint: string, overrides: Partial<ClusterRunRecord> = {}): ClusterRunRecord {
  const list = overrides.entries ?? entries(fingerprint, 0, 10);
  const count = Array.isArray(list) ? list.length : 100;
  return {
    fingerprint,
    aliases: [fingerprint],
    kind: "log",
    service: "api",
    name: `Error in ${fingerprint}`,
    templates: [{ fingerprint, template: "connection to <*> refused", firstTemplate: "connection to <IP> refused" }],
    count,
    ratePerMinute: count / 60,
    firstSeen: "2026-11-20T10:00:00Z",
    lastSeen: "2026-11-20T10:59:00Z",
    firstRevision: "api-00001-abc",
    priority: "P2",
    ...overrides,
    entries: list,
  };
}

export function runSave(runId: string, clusters: ClusterRunRecord[], overrides: Partial<RunSave> & Parameters<typeof runRecord>[1] = {}): RunSave {
  const { revisions, minerSnapshot, ...runOverrides } = overrides;
  return { run: runRecord(runId, runOverrides), clusters, revisions: revisions ?? [], minerSnapshot };
}
