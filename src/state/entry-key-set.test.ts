import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { EntryKeyDays, EntryKeySet } from "./entry-key-set.js";
import { SpillFile } from "./spill-file.js";

test("an entry key set answers membership like a Set of the keys, across growth", () => {
  const keys = new EntryKeySet();
  const added: boolean[] = [];
  for (let i = 0; i < 5000; i++) added.push(keys.add(`id:${i % 3000}`));
  assert.equal(keys.size, 3000);
  assert.deepEqual([added.slice(0, 3000).every(Boolean), added.slice(3000).some(Boolean)], [true, false]);
  assert.deepEqual([keys.has("id:2999"), keys.has("id:3000"), keys.has("h:0")], [true, false, false]);
});

test("with a spill file and small segments, the set answers like a Set of the keys", () =>
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 1500 }), { maxLength: 4000 }), fc.integer({ min: 1, max: 300 }), (ids, segmentKeys) => {
      const spill = new SpillFile();
      try {
        const set = new EntryKeySet({ spill, segmentKeys });
        const reference = new Set<string>();
        for (const id of ids) {
          const key = `id:${id}`;
          assert.equal(set.add(key), !reference.has(key));
          reference.add(key);
        }
        assert.equal(set.size, reference.size);
        for (let id = 0; id <= 1500; id += 7) assert.equal(set.has(`id:${id}`), reference.has(`id:${id}`));
        if (reference.size >= segmentKeys) assert.ok(spill.size > 0);
      } finally {
        spill.close();
      }
    }),
    { numRuns: 100 },
  ));

test("a spilling set at its real segment size finds every duplicate among 500,000 keys and takes every new one", () => {
  const spill = new SpillFile();
  try {
    const set = new EntryKeySet({ spill });
    const key = (i: number): string => `id:${i.toString(36).padStart(14, "0")}`;
    let added = 0;
    for (let i = 0; i < 450_000; i++) if (set.add(key(i))) added += 1;
    // every earlier key again, spread over the segments, with new ones between
    let duplicates = 0;
    for (let i = 0; i < 450_000; i += 9) if (!set.add(key(i))) duplicates += 1;
    for (let i = 450_000; i < 500_000; i++) if (set.add(key(i))) added += 1;
    assert.deepEqual([added, duplicates, set.size], [500_000, 50_000, 500_000]);
    assert.ok(spill.size >= 8 * 2 * 196_608, `${spill.size} bytes spilled`);
    assert.deepEqual([set.has(key(0)), set.has(key(196_607)), set.has(key(499_999)), set.has(key(500_000))], [true, true, true, false]);
  } finally {
    spill.close();
  }
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
