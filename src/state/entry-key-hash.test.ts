import assert from "node:assert/strict";
import { test } from "node:test";
import { epochDay, HashedEntryKeys, hashEntryKey, sortedKeyRuns, UNKNOWN_DAY } from "./entry-key-hash.js";
import { SpillFile } from "./spill-file.js";

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

/** Every key of the runs in the order they came, as "hi,lo,day" strings. */
function runRows(entries: Parameters<typeof sortedKeyRuns>[0], defaultDay: number): { rows: string[]; runs: number; his: number[] } {
  const rows: string[] = [];
  const his: number[] = [];
  let runs = 0;
  for (const run of sortedKeyRuns(entries, defaultDay)) {
    runs += 1;
    for (let i = 0; i < run.hi.length; i++) {
      rows.push(`${run.hi[i]},${run.lo[i]},${run.day[i]}`);
      his.push((run.hi[i] ?? 0) >>> 0);
    }
  }
  return { rows, runs, his };
}

test("sorted key runs hold every entry once, by the high half of its hash, with its day or the default", () => {
  const entries = Array.from({ length: 3000 }, (_, i) => ({ key: `id:${i}`, ...(i % 2 === 0 ? { timeMs: i * 86_400_000 } : {}) }));
  const { rows, runs, his } = runRows(entries, 7);
  assert.equal(runs, 1);
  const out = new Int32Array(2);
  const expected = entries.map((entry, i) => {
    hashEntryKey(entry.key, out);
    return `${out[0]},${out[1]},${i % 2 === 0 ? i : 7}`;
  });
  assert.deepEqual([...rows].sort(), [...expected].sort());
  assert.ok(his.every((hi, k) => k === 0 || (his[k - 1] ?? 0) <= hi));
});

test("a large set comes in several runs that together are in hash order", () => {
  const keys = new HashedEntryKeys();
  for (let i = 0; i < 400_000; i++) keys.add(`id:${i.toString(36).padStart(14, "0")}`, i % 5 === 0 ? undefined : i * 1000);
  const { rows, runs, his } = runRows(keys, 3);
  assert.ok(runs >= 3, `${runs} runs`);
  assert.equal(rows.length, 400_000);
  assert.equal(new Set(rows).size, 400_000);
  assert.ok(his.every((hi, k) => k === 0 || (his[k - 1] ?? 0) <= hi));
  const { hi, lo, day } = keys.columns();
  const expected = new Set(Array.from(hi, (h, i) => `${h},${lo[i]},${day[i] === UNKNOWN_DAY ? 3 : day[i]}`));
  assert.ok(rows.every((row) => expected.has(row)));
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

test("with a spill file, full chunks go to disk and every key still comes back in order, across absorbed sets too", () => {
  const spill = new SpillFile();
  try {
    const entries = Array.from({ length: 30_000 }, (_, i) => ({ key: `id:${i}`, ...(i % 7 === 0 ? {} : { timeMs: i * 86_400_000 }) }));
    const first = new HashedEntryKeys(spill);
    const second = new HashedEntryKeys(spill);
    for (const entry of entries.slice(0, 18_000)) first.add(entry.key, entry.timeMs);
    for (const entry of entries.slice(18_000, 29_000)) second.add(entry.key, entry.timeMs);
    assert.ok(spill.size >= 12 * 4_096 * 6, `${spill.size} bytes spilled`);
    first.absorb(second);
    for (const entry of entries.slice(29_000)) first.add(entry.key, entry.timeMs);
    assert.equal(first.length, 30_000);
    const expected = HashedEntryKeys.from(entries);
    assert.deepEqual(first.columns(), expected.columns());
    assert.deepEqual(runRows(first, 5).rows, runRows(expected, 5).rows);
  } finally {
    spill.close();
  }
});
