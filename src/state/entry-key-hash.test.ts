import assert from "node:assert/strict";
import { test } from "node:test";
import { epochDay, HashedEntryKeys, hashEntries, hashEntryKey, UNKNOWN_DAY } from "./entry-key-hash.js";

// Pinned: stored entry keys are these numbers. Changing the hash needs a migration that empties
// entry_key, or every entry of a re-read window would count twice.
const pinned: readonly [string, number, number][] = [
  ["id:68c76f5900001a2b3c4d5e6f", -334491744, 1956660121],
  ["h:3f9a1c0b2d", 1027948686, 257733010],
  ["", 1217125560, 451841411],
  ["id:é✓", -602599507, -672554722],
];
for (const [key, hi, lo] of pinned) {
  test(`hashes ${JSON.stringify(key)} to the pinned 64 bits`, () => {
    const out = new Int32Array(2);
    hashEntryKey(key, out);
    assert.deepEqual([...out], [hi, lo]);
  });
}

test("200,000 distinct insertId-shaped keys hash to 200,000 distinct values", () => {
  const out = new Int32Array(2);
  const seen = new Set<bigint>();
  for (let i = 0; i < 200_000; i++) {
    hashEntryKey(`id:${i.toString(36).padStart(14, "0")}`, out);
    seen.add((BigInt(out[0] ?? 0) << 32n) | BigInt((out[1] ?? 0) >>> 0));
  }
  assert.equal(seen.size, 200_000);
});

test("entry days are whole UTC days since the epoch", () => {
  assert.deepEqual([epochDay(Date.parse("2026-11-20T00:00:00Z")), epochDay(Date.parse("2026-11-20T23:59:59.999Z")), epochDay(-1)], [20777, 20777, -1]);
});

test("hashEntries orders every entry by the high half of its hash and keeps each entry's day", () => {
  const entries = Array.from({ length: 3000 }, (_, i) => ({ key: `id:${i}`, ...(i % 2 === 0 ? { timeMs: i * 86_400_000 } : {}) }));
  const { hi, lo, day, order } = hashEntries(entries, 7);
  assert.deepEqual([...order].sort((a, b) => a - b), entries.map((_, i) => i));
  for (let k = 1; k < order.length; k++) assert.ok(((hi[order[k - 1] ?? 0] ?? 0) >>> 0) <= ((hi[order[k] ?? 0] ?? 0) >>> 0));
  const out = new Int32Array(2);
  hashEntryKey("id:2", out);
  assert.deepEqual([hi[2], lo[2], day[2], day[3]], [out[0], out[1], 2, 7]);
});

test("hashed entry keys come back in order across chunks, appended ones included", () => {
  const keys = new HashedEntryKeys();
  const entries = Array.from({ length: 40_000 }, (_, i) => ({ key: `id:${i}`, ...(i % 3 === 0 ? {} : { timeMs: i * 86_400_000 }) }));
  for (const entry of entries.slice(0, 30_000)) keys.add(entry.key, entry.timeMs);
  const more = HashedEntryKeys.from(entries.slice(30_000));
  keys.absorb(more);
  const { hi, lo, day } = keys.columns();
  const out = new Int32Array(2);
  assert.equal(keys.length, 40_000);
  for (const i of [0, 1, 16_383, 16_384, 29_999, 30_000, 39_999]) {
    hashEntryKey(`id:${i}`, out);
    assert.deepEqual([hi[i], lo[i], day[i]], [out[0], out[1], i % 3 === 0 ? UNKNOWN_DAY : i]);
  }
});

test("absorbing sets moves their keys over in order, leaves them empty, and appending after still works", () => {
  const entries = Array.from({ length: 60_000 }, (_, i) => ({ key: `id:${i}`, timeMs: i * 86_400_000 }));
  // sizes that leave partly filled chunks in the middle: a first chunk still doubling, one past a full chunk
  const cuts = [0, 7, 20_000, 20_001, 50_000, 59_990];
  const parts = cuts.map((from, index) => HashedEntryKeys.from(entries.slice(from, cuts[index + 1] ?? 59_990)));
  const into = parts[0] as HashedEntryKeys;
  for (const part of parts.slice(1)) into.absorb(part);
  into.absorb(into);
  for (const entry of entries.slice(59_990)) into.add(entry.key, entry.timeMs);
  assert.equal(into.length, 60_000);
  assert.ok(parts.slice(1).every((part) => part.length === 0 && part.columns().hi.length === 0));
  const expected = HashedEntryKeys.from(entries).columns();
  assert.deepEqual(into.columns(), expected);
  const moved = new HashedEntryKeys();
  moved.absorb(into);
  assert.deepEqual(moved.columns(), expected);
});
