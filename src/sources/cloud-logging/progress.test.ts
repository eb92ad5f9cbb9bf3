import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgressReporter, formatProgress } from "./progress.js";

function setup(isTTY: boolean): { lines: string[]; advance(ms: number): void; reporter: ReturnType<typeof createProgressReporter> } {
  let now = 0;
  const lines: string[] = [];
  const reporter = createProgressReporter({ label: "projects/p", write: (text) => void lines.push(text), isTTY, clock: { now: () => now }, intervalMs: 10_000 });
  return { lines, advance: (ms) => void (now += ms), reporter };
}

test("formats entries, pages, rate and the current timestamp", () => {
  assert.equal(
    formatProgress("projects/p", { entries: 12_000, pages: 12, lastTimestamp: "2026-11-01T00:12:00.123Z" }, 4_000),
    "projects/p: 12,000 entries, 12 pages, 3,000/s, at 2026-11-01T00:12:00.123Z",
  );
});

test("on a terminal, rewrites one line after every page and ends it when done", () => {
  const { lines, advance, reporter } = setup(true);
  reporter.onProgress({ entries: 1000, pages: 1 });
  advance(1000);
  reporter.onProgress({ entries: 2000, pages: 2 });
  reporter.done();
  assert.deepEqual(lines, [
    "\r\x1b[Kprojects/p: 1,000 entries, 1 pages, 0/s",
    "\r\x1b[Kprojects/p: 2,000 entries, 2 pages, 2,000/s",
    "\r\x1b[Kprojects/p: 2,000 entries, 2 pages, 2,000/s\n",
  ]);
});

test("off a terminal, writes plain lines at most once per interval and a last line when done", () => {
  const { lines, advance, reporter } = setup(false);
  for (let page = 1; page <= 12; page += 1) {
    reporter.onProgress({ entries: page * 1000, pages: page });
    advance(2_000);
  }
  reporter.done();
  assert.deepEqual(lines, [
    "projects/p: 1,000 entries, 1 pages, 0/s\n",
    "projects/p: 6,000 entries, 6 pages, 600/s\n",
    "projects/p: 11,000 entries, 11 pages, 550/s\n",
    "projects/p: 12,000 entries, 12 pages, 500/s (done)\n",
  ]);
});

test("writes nothing when there was no progress", () => {
  const { lines, reporter } = setup(false);
  reporter.done();
  assert.deepEqual(lines, []);
});
