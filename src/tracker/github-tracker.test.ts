import assert from "node:assert/strict";
import { test } from "node:test";
import { searchBatches } from "./github-tracker.js";

test("phrases are batched six to a query (five OR operators at most)", () => {
  const phrases = Array.from({ length: 13 }, (_, i) => `lgfp${String(i).padStart(16, "0")}`);
  assert.deepEqual(searchBatches(phrases).map((b) => b.length), [6, 6, 1]);
});

test("a batch stays under GitHub's query length and drops quotes that would end a phrase", () => {
  const batches = searchBatches(["a".repeat(100), "b".repeat(100), "c".repeat(100), 'say "hi"']);
  assert.deepEqual(batches.map((b) => b.length), [2, 2]);
  assert.deepEqual(batches[1], ["c".repeat(100), "say  hi"]);
});
