import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultConfig } from "../config/schema.js";
import type { LogEntry } from "../model/entry.js";
import type { MiningScope } from "./mining-input.js";
import { groupProblems, rootFirst, type ProblemCandidate } from "./problems.js";
import { TemplateStats } from "./stats.js";

const RULES = defaultConfig().cluster;
const LIMITS = { maxDistinctIds: 100, exampleIds: 2, tracesPerCluster: 2, samplesPerCluster: 3, routesPerCluster: 50, instancesListed: 5 };
const T0 = Date.UTC(2025, 8, 14, 18, 0);

function entry(minute: number, fields: Partial<LogEntry> = {}): LogEntry {
  const timeMs = T0 + minute * 60_000 + 1_000;
  return { key: `k${minute}${Math.random()}`, input: "t", position: 1, severity: "ERROR", labels: {}, message: "", users: [], connections: [], sample: {}, timeMs, timestamp: new Date(timeMs).toISOString(), revision: "r1", instanceId: "i1", ...fields };
}

function candidate(fingerprint: string, scope: MiningScope, template: string, minutes: readonly number[], fields: Partial<LogEntry> = {}): ProblemCandidate {
  const stats = new TemplateStats(LIMITS);
  for (const minute of minutes) stats.add(entry(minute, fields));
  const key = scope.request ?? `${scope.module ?? ""}|${scope.function ?? ""}|${scope.logger ?? ""}`;
  return { scopeKey: `svc|${key}`, scope: { service: "svc", ...scope }, fingerprint, templates: [template], parts: [stats] };
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
const members = (groups: ReturnType<typeof groupProblems>, candidates: readonly ProblemCandidate[]): string[][] =>
  groups.map((g) => g.members.map((i) => candidates[i]?.fingerprint ?? "?").sort()).sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
/** A steady template active every minute of the hour, so the window is an hour long. */
const steady = candidate("z-steady", { kind: "log", logger: "bg" }, "Heartbeat late by <*> ms", range(0, 60));

describe("groupProblems", () => {
  test("a rarer follow-up in the same function joins what it follows; a steady neighbour does not absorb it", () => {
    const fn = { kind: "log" as const, module: "app.store", function: "fetch_messages" };
    const timeout = candidate("a-timeout", fn, "Query timed out after <*>: SELECT <*>", [10, 11, 12, 13, 40, 41]);
    const retry = candidate("b-retry", fn, "Retrying query on fresh connection (attempt <*>)", [11, 12, 41]);
    const always = candidate("c-always", fn, "Slow cursor close took <*> ms", range(0, 60));
    const rare = candidate("d-rare", fn, "Cursor leaked on <*>", [5, 30]);
    const candidates = [timeout, retry, always, rare, steady];
    const groups = groupProblems(candidates, RULES);
    assert.deepEqual(members(groups, candidates), [["a-timeout", "b-retry"], ["c-always"], ["d-rare"], ["z-steady"]]);
    assert.match(groups.find((g) => g.members.length === 2)?.reasons[0] ?? "", /follows .* in the same function/);
  });

  test("two problems of one function whose minutes do not overlap stay apart", () => {
    const fn = { kind: "log" as const, module: "billing", function: "reconcile" };
    const candidates = [candidate("a", fn, "Invoice total mismatch for <*>", range(5, 12)), candidate("b", fn, "Webhook signature mismatch for <*>", range(50, 58)), steady];
    assert.equal(groupProblems(candidates, RULES).length, 3);
  });

  test("one status on many routes in the same minutes is one storm rooted in its status; a steady route stays its own", () => {
    const storm = range(0, 8).map((n) => candidate(`s${n}`, { kind: "http", request: `GET /api/r${n} 429` }, `GET /api/r${n} 429`, [30, 31, 32], { http: { method: "GET", route: `/api/r${n}`, status: 429 } }));
    const lonely = candidate("x-steady", { kind: "http", request: "GET /health 429" }, "GET /health 429", [2, 9, 17, 31, 44, 52], { http: { method: "GET", route: "/health", status: 429 } });
    const candidates = [...storm, lonely, steady];
    const groups = groupProblems(candidates, RULES);
    const stormGroup = groups.find((g) => g.members.length === 8);
    assert.equal(stormGroup?.stormStatus, "429");
    assert.equal(groups.length, 3);
  });

  test("a cascade joins bursts that start with a stated cause; a template present outside the incident is not absorbed", () => {
    const cause = candidate("a-import", { kind: "log", module: "/app/main.py", function: "<module>" }, "ModuleNotFoundError: No module named <*>", [40, 41, 42, 43], { error: { type: "ModuleNotFoundError" } });
    const exit = candidate("b-exit", { kind: "log", logger: "stream:system" }, "Container called exit(<*>).", [40, 41, 42, 43]);
    const outage = candidate("c-503", { kind: "http", request: "GET /api 503" }, "GET /api 503", [40, 41, 42, 43, 44]);
    const boot = candidate("d-boot", { kind: "log", logger: "startup" }, "Sentry SDK not available", [3, 17, 40, 41, 42, 55]);
    const elsewhere = candidate("e-other", { kind: "log", logger: "jobs" }, "Export job failed for <*>", [40, 41, 42], { instanceId: "i9", revision: "r9" });
    const candidates = [cause, exit, outage, boot, elsewhere, steady];
    const groups = groupProblems(candidates, RULES);
    assert.deepEqual(members(groups, candidates), [["a-import", "b-exit", "c-503"], ["d-boot"], ["e-other"], ["z-steady"]]);
    const cascade = groups.find((g) => g.members.length === 3);
    assert.equal(cascade?.causeStated, true);
    assert.equal(candidates[cascade?.members[0] ?? -1]?.fingerprint, "a-import", "the cause is the root");
  });

  test("the grouping and the reasons do not depend on the order of the candidates", () => {
    const fn = { kind: "log" as const, module: "app.store", function: "fetch" };
    const candidates = [
      candidate("a", fn, "Query timed out after <*>", [10, 11, 12]),
      candidate("b", fn, "Retrying query (attempt <*>)", [11, 12]),
      ...range(0, 6).map((n) => candidate(`s${n}`, { kind: "http", request: `GET /r${n} 404` }, `GET /r${n} 404`, [20, 21], { http: { method: "GET", route: `/r${n}`, status: 404 } })),
      steady,
    ];
    const expected = groupProblems(candidates, RULES).map((g) => ({ members: g.members.map((i) => candidates[i]?.fingerprint).sort(), reasons: g.reasons }));
    const reversed = [...candidates].reverse();
    const actual = groupProblems(reversed, RULES).map((g) => ({ members: g.members.map((i) => reversed[i]?.fingerprint).sort(), reasons: g.reasons }));
    const key = (x: { members: (string | undefined)[] }) => x.members.join(",");
    assert.deepEqual(actual.sort((x, y) => key(x).localeCompare(key(y))), expected.sort((x, y) => key(x).localeCompare(key(y))));
  });
});

describe("rootFirst", () => {
  test("an exception before the line reporting it; else the earliest message, then the lowest line", () => {
    const parts = (minute: number, fields: Partial<LogEntry> = {}) => {
      const stats = new TemplateStats(LIMITS);
      stats.add(entry(minute, fields));
      return [stats];
    };
    const ranked = rootFirst([
      { template: "Failed to setup middleware: <*>", request: false, fingerprint: "f1", parts: parts(40) },
      { template: "GET /api 503", request: true, fingerprint: "f2", parts: parts(39) },
      { template: "ModuleNotFoundError: No module named <*>", request: false, fingerprint: "f3", parts: parts(40, { error: { type: "ModuleNotFoundError" } }) },
    ]);
    assert.deepEqual(ranked.map((r) => r.fingerprint), ["f3", "f1", "f2"]);
    const plain = rootFirst([
      { template: "SSOT validation issues: [<*>]", request: false, fingerprint: "p2", line: 137, parts: parts(0) },
      { template: "SSOT VALIDATION: Multiple manager instances for user <*>", request: false, fingerprint: "p1", line: 118, parts: parts(0) },
    ]);
    assert.deepEqual(plain.map((r) => r.fingerprint), ["p1", "p2"]);
  });
});
