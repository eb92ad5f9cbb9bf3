/** The built-in sample: committed files are what the seeded generator writes, and the story the windows tell holds. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { PROBLEMS, renderSampleFiles, SAMPLE_SEED, streamCloudRunExport } from "../samples/generator/index.js";

const committed = (name: string): string => readFileSync(fileURLToPath(new URL(`../samples/cloud-run/${name}`, import.meta.url)), "utf8");
const files = renderSampleFiles();

test("the committed sample files are byte-identical to what the generator writes (npm run sample:generate)", () => {
  for (const file of files) assert.ok(file.content === committed(file.name), `${file.name} differs: run npm run sample:generate`);
});

test("each window holds a few thousand entries, every one with a label", () => {
  for (const window of [1, 2]) {
    const entries = JSON.parse(committed(`window-${window}.json`)) as { insertId: string }[];
    const labels = committed(`labels-${window}.ndjson`).trim().split("\n").map((line) => JSON.parse(line) as { insertId: string });
    assert.ok(entries.length >= 2_000 && entries.length <= 6_000, `${entries.length} entries`);
    assert.deepEqual(labels.map((l) => l.insertId), entries.map((e) => e.insertId));
    assert.equal(new Set(entries.map((e) => e.insertId)).size, entries.length, "insertIds are unique");
  }
});

test("labels stay out of the entries", () => {
  assert.equal(committed("window-1.json").includes("ssot-manager-duplication"), false);
});

test("the second window tells the story: one problem more than doubled, one gone, one new, one back after a fix", () => {
  const counts = (window: number): Map<string, number> => {
    const map = new Map<string, number>();
    for (const line of committed(`labels-${window}.ndjson`).trim().split("\n")) {
      const { problem } = JSON.parse(line) as { problem: string };
      map.set(problem, (map.get(problem) ?? 0) + 1);
    }
    return map;
  };
  const first = counts(1);
  const second = counts(2);
  assert.ok((second.get("session-middleware-missing") ?? 0) > 2 * (first.get("session-middleware-missing") ?? 0));
  assert.equal(second.has("legacy-message-type"), false);
  assert.equal(first.has("ws-manager-factory-violation"), false);
  assert.ok(second.has("ws-manager-factory-violation"));
  const revisionsOf = (window: number, problem: string): Set<string> => {
    const labels = committed(`labels-${window}.ndjson`).trim().split("\n").map((line) => JSON.parse(line) as { insertId: string; problem: string });
    const ids = new Set(labels.filter((l) => l.problem === problem).map((l) => l.insertId));
    const entries = JSON.parse(committed(`window-${window}.json`)) as { insertId: string; resource: { labels: { revision_name: string } } }[];
    return new Set(entries.filter((e) => ids.has(e.insertId)).map((e) => e.resource.labels.revision_name));
  };
  assert.deepEqual([...revisionsOf(1, "agent-bridge-missing-handler")], ["netra-backend-staging-00611-b7m"]);
  assert.deepEqual([...revisionsOf(2, "agent-bridge-missing-handler")], ["netra-backend-staging-00613-q2n"]);
});

test("at least 14 problems across the backend and the auth service", () => {
  const services = new Set(PROBLEMS.filter((p) => !p.id.startsWith("info-")).map((p) => p.service));
  assert.ok(PROBLEMS.filter((p) => !p.id.startsWith("info-")).length >= 14);
  assert.deepEqual([...services].sort(), ["auth", "backend"]);
});

test("the stream varies ids per entry and can run far past a window without holding it", () => {
  const seen = new Set<string>();
  let n = 0;
  for (const { entry } of streamCloudRunExport({ seed: SAMPLE_SEED, scenario: "window-1", startMs: Date.UTC(2025, 0, 1), minutes: Number.MAX_SAFE_INTEGER, scale: 5 })) {
    const payload = JSON.stringify(entry.jsonPayload ?? entry.textPayload ?? entry.httpRequest);
    seen.add(payload);
    if (++n === 2_000) break;
  }
  assert.equal(n, 2_000);
  assert.ok(seen.size > 1_500, `${seen.size} distinct payloads in 2,000 entries`);
});
