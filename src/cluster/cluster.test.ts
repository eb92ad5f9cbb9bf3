import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClusterConfigSchema } from "../config/sections/cluster.js";
import type { LogEntry } from "../model/entry.js";
import type { MinedEntry, TemplateInfo } from "../model/template.js";
import { createMiner } from "../mine/miner.js";
import { clusterName, createClusterAccumulator } from "./cluster.js";
import { namingTemplate } from "./group.js";
import { miningInput } from "./mining-input.js";

const OPTIONS = ClusterConfigSchema.parse({});
const T0 = Date.UTC(2025, 8, 14, 18, 0);
const SSOT = "netra_backend.app.websocket_core.ssot_validation_enhancer";

let counter = 0;
function entry(fields: Partial<LogEntry> & { minute?: number }): LogEntry {
  counter += 1;
  const timeMs = T0 + (fields.minute ?? 0) * 60_000 + counter;
  return {
    key: `id:${counter}`,
    input: "t",
    position: counter,
    severity: "WARNING",
    labels: {},
    message: "",
    users: [],
    connections: [],
    sample: { n: counter },
    service: "netra-backend-staging",
    revision: "netra-backend-staging-00612-67q",
    instanceId: "i1",
    timeMs,
    timestamp: new Date(timeMs).toISOString(),
    ...fields,
  };
}

/** 118/137 pairs sharing a trace, and two cache problems that differ in one word. */
function sampleEntries(users: readonly string[]): LogEntry[] {
  const entries: LogEntry[] = [];
  users.forEach((user, index) => {
    const trace = `trace-${index}`;
    entries.push(
      entry({ minute: index, trace, source: { module: SSOT, function: "validate_manager_creation", line: 118 }, message: `SSOT VALIDATION: Multiple manager instances for user ${user} - potential duplication` }),
      entry({ minute: index, trace, source: { module: SSOT, function: "validate_manager_creation", line: 137 }, message: `SSOT validation issues (non-blocking): ['Multiple manager instances for user ${user} - potential duplication']` }),
      entry({ minute: index, severity: "ERROR", source: { file: "/app/token_cache.py", function: "TokenCache.refresh", line: 212 }, message: `Failed to refresh token cache: timeout after ${100 + index}ms` }),
      entry({ minute: index, severity: "ERROR", source: { file: "/app/session_store.py", function: "SessionStore.refresh", line: 97 }, message: `Failed to refresh session cache: timeout after ${200 + index}ms` }),
    );
  });
  return entries;
}

function run(entries: readonly LogEntry[]) {
  const miner = createMiner();
  const accumulator = createClusterAccumulator(OPTIONS);
  for (const item of entries) {
    const { scope, text } = miningInput(item);
    const mined: MinedEntry = { entry: item, templateId: miner.add(text, scope).templateId, scope };
    accumulator.add(mined);
  }
  return accumulator.finish((id) => miner.template(id));
}

describe("createClusterAccumulator", () => {
  const users = ["demo-user-001", "demo-user-002", "usr_4f2ab1c0e9d3", "demo-user-003"];

  test("one issue for the 118/137 pair, two for the cache problems that differ in one word", () => {
    const clusters = run(sampleEntries(users));
    assert.equal(clusters.length, 3);
    const ssot = clusters.find((cluster) => cluster.source?.module === SSOT);
    assert.ok(ssot);
    assert.equal(ssot.stats.count, 8);
    assert.equal(ssot.templates.length, 2);
    assert.equal(ssot.source?.line, 118);
    assert.equal(ssot.mergeReasons.length, 1);
    assert.deepEqual([...ssot.aliases].sort(), ssot.templates.map((t) => t.fingerprint).sort());
    assert.equal(ssot.fingerprint, ssot.templates[0]?.fingerprint);
  });

  test("fingerprints do not depend on counts, order or line numbers", () => {
    const first = run(sampleEntries(users)).map((c) => c.fingerprint).sort();
    const reversed = run(sampleEntries(users).reverse()).map((c) => c.fingerprint).sort();
    const moved = run(sampleEntries(users.slice(0, 2)).map((e) => (e.source?.line === 118 ? { ...e, source: { ...e.source, line: 121 } } : e)))
      .map((c) => c.fingerprint)
      .sort();
    assert.deepEqual(reversed, first);
    assert.deepEqual(moved, first);
  });

  test("stats cover the merged templates: count, first revision, per minute", () => {
    const ssot = run(sampleEntries(users)).find((cluster) => cluster.source?.module === SSOT);
    assert.equal(ssot?.stats.firstRevision, "netra-backend-staging-00612-67q");
    assert.equal(ssot?.stats.perMinute.length, 4);
    assert.equal(ssot?.samples.length, 3);
  });

  test("request logs cluster by method, route and status", () => {
    const request = (status: number, id: string) => entry({ severity: "ERROR", http: { method: "POST", url: `https://h/api/threads/${id}/messages`, status } });
    const clusters = run([request(500, "0b3e5f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), request(500, "1b3e5f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), request(404, "2b3e5f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b")]);
    assert.deepEqual(clusters.map((c) => [c.kind, c.name, c.stats.count]), [
      ["http", "POST /api/threads/<id>/messages 500", 2],
      ["http", "POST /api/threads/<id>/messages 404", 1],
    ]);
    assert.deepEqual(clusters[0]?.stats.httpStatuses, [{ name: "500", count: 2, firstSeen: clusters[0]?.stats.firstSeen }]);
  });
});

describe("clusterName (see name.test.ts)", () => {
  test("marks variables with a placeholder instead of dropping them", () => {
    assert.equal(
      clusterName("Multiple manager instances for user demo-user-<*> - potential duplication", { kind: "log", function: "validate_manager_creation" }, [
        { message: "Multiple manager instances for user demo-user-001 - potential duplication" },
      ]),
      "Multiple manager instances for user demo-user-<n> - potential duplication",
    );
  });
});

test("templates whose canonical forms coincide still get distinct fingerprints", () => {
  const located = { module: "m", function: "f", line: 1 };
  const accumulator = createClusterAccumulator(OPTIONS);
  const scope = "svc|code|m|f";
  accumulator.add({ entry: entry({ source: located, message: "connection demo-conn-7 closed" }), templateId: "t1", scope });
  accumulator.add({ entry: entry({ source: located, message: "connection c99 closed" }), templateId: "t2", scope });
  const info = (templateId: string, firstTemplate: string): TemplateInfo => ({ templateId, scope, template: firstTemplate, firstTemplate, size: 1 });
  const clusters = accumulator.finish(new Map([["t1", info("t1", "connection demo-conn-<*> closed")], ["t2", info("t2", "connection <*> closed")]]));
  const fingerprints = clusters.flatMap((c) => c.templates.map((t) => t.fingerprint));
  assert.equal(fingerprints.length, 2);
  assert.equal(new Set(fingerprints).size, 2);
});

test("ids the miner merged into one template become one template: counted once, fingerprinted once", () => {
  const located = { module: "m", function: "f", line: 1 };
  const accumulator = createClusterAccumulator(OPTIONS);
  const scope = "svc|code|m|f";
  for (let i = 0; i < 3; i += 1) accumulator.add({ entry: entry({ source: located, message: `job ${i} failed` }), templateId: "t1", scope });
  for (let i = 0; i < 2; i += 1) accumulator.add({ entry: entry({ source: located, message: `job x${i} failed` }), templateId: "t2", scope });
  const merged: TemplateInfo = { templateId: "t1", scope, template: "job <*> failed", firstTemplate: "job <*> failed", size: 5 };
  const clusters = accumulator.finish((id) => (id === "t1" || id === "t2" ? merged : undefined));
  assert.equal(clusters.length, 1);
  assert.deepEqual(clusters[0]?.templates.map((t) => [t.templateId, t.count]), [["t1", 5]]);
  assert.equal(clusters[0]?.stats.count, 5);
});

test("a cluster is named after the member that says the problem in words, not a JSON context dump", () => {
  assert.equal(
    namingTemplate(['SEARCH: LOOP ERROR CONTEXT: {"connection_id": "<*>", "error_type": "RuntimeError"}', "[MAIN MODE] Message loop error: WebSocket is not connected. Need to call <*> first."]),
    "[MAIN MODE] Message loop error: WebSocket is not connected. Need to call <*> first.",
  );
  assert.equal(namingTemplate(["Connection <*> failed", "Retry <*> of <*>"]), "Connection <*> failed", "the primary when it reads well");
  assert.equal(namingTemplate(['{"a": "<*>"}']), '{"a": "<*>"}', "a dump when nothing better exists");
});
