import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { EntryKeyDays, EntryKeySet } from "./entry-key-set.js";

test("an entry key set answers membership like a Set of the keys, across growth", () => {
  const keys = new EntryKeySet();
  const added: boolean[] = [];
  for (let i = 0; i < 5000; i++) added.push(keys.add(`id:${i % 3000}`));
  assert.equal(keys.size, 3000);
  assert.deepEqual([added.slice(0, 3000).every(Boolean), added.slice(3000).some(Boolean)], [true, false]);
  assert.deepEqual([keys.has("id:2999"), keys.has("id:3000"), keys.has("h:0")], [true, false, false]);
});

describe("EntryKeyDays", () => {
  test("adds and prunes as a Map of hashed keys to days does, the (0, 0) hash included", () =>
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant("add" as const), hi: fc.integer({ min: -3, max: 3 }), lo: fc.integer({ min: -2000, max: 2000 }), day: fc.integer({ min: 0, max: 30 }) }),
            fc.record({ op: fc.constant("prune" as const), day: fc.integer({ min: 0, max: 30 }) }),
          ),
          { maxLength: 3000 },
        ),
        (ops) => {
          const set = new EntryKeyDays();
          const reference = new Map<string, number>();
          for (const op of ops) {
            if (op.op === "add") {
              const key = `${op.hi}:${op.lo}`;
              const added = !reference.has(key);
              if (added) reference.set(key, op.day);
              assert.equal(set.add(op.hi, op.lo, op.day), added);
            } else {
              let dropped = 0;
              for (const [key, day] of reference) if (day < op.day) (reference.delete(key), (dropped += 1));
              assert.equal(set.pruneBefore(op.day), dropped);
            }
            assert.equal(set.size, reference.size);
          }
        },
      ),
      { numRuns: 200 },
    ));
});
