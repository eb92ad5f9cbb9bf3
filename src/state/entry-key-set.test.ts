import assert from "node:assert/strict";
import { test } from "node:test";
import { EntryKeySet } from "./entry-key-set.js";

test("an entry key set answers membership like a Set of the keys, across growth", () => {
  const keys = new EntryKeySet();
  const added: boolean[] = [];
  for (let i = 0; i < 5000; i++) added.push(keys.add(`id:${i % 3000}`));
  assert.equal(keys.size, 3000);
  assert.deepEqual([added.slice(0, 3000).every(Boolean), added.slice(3000).some(Boolean)], [true, false]);
  assert.deepEqual([keys.has("id:2999"), keys.has("id:3000"), keys.has("h:0")], [true, false, false]);
});
