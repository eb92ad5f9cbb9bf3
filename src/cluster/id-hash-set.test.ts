import assert from "node:assert/strict";
import { test } from "node:test";
import { IdHashSet } from "./id-hash-set.js";
import { idHash } from "./stats.js";

test("an id hash set holds what a Set of the same hashes holds, zero and growth included", () => {
  const set = new IdHashSet();
  const reference = new Set<number>();
  const hashes = [0, 0, 1, 2 ** 53 - 1, ...Array.from({ length: 3000 }, (_, i) => idHash(`conn-${i % 2000}`))];
  const added = hashes.map((hash) => set.add(hash));
  assert.deepEqual(added, hashes.map((hash) => (reference.has(hash) ? false : (reference.add(hash), true))));
  assert.equal(set.size, reference.size);
  assert.deepEqual([...set.values()].sort((a, b) => a - b), [...reference].sort((a, b) => a - b));
});
