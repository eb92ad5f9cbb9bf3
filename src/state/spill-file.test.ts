import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { SpillFile } from "./spill-file.js";

const spillDirs = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith("log-gardener-spill-"));

test("a spill file gives back what was appended, at the offsets it returned, and leaves no file behind", () => {
  const before = spillDirs();
  const spill = new SpillFile();
  const a = Uint8Array.from({ length: 70_000 }, (_, i) => i % 251);
  const b = Uint8Array.from([1, 2, 3]);
  assert.deepEqual([spill.append(a), spill.append(b), spill.size], [0, 70_000, 70_003]);
  if (process.platform !== "win32") assert.deepEqual(spillDirs(), before);
  const back = new Uint8Array(3);
  spill.read(70_000, back);
  assert.deepEqual([...back], [1, 2, 3]);
  const middle = new Uint8Array(10);
  spill.read(500, middle);
  assert.deepEqual([...middle], [...a.subarray(500, 510)]);
  assert.throws(() => spill.read(69_999, new Uint8Array(5)), RangeError);
  spill.close();
  assert.deepEqual(spillDirs(), before);
  assert.throws(() => spill.read(0, new Uint8Array(1)), RangeError);
});

test("a spill file that was never written opens nothing", () => {
  const before = spillDirs();
  const spill = new SpillFile();
  assert.equal(spill.size, 0);
  spill.close();
  assert.deepEqual(spillDirs(), before);
});
