import assert from "node:assert/strict";
import { test } from "node:test";
import { createProgress } from "./progress.js";

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text(): string } {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 80, write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join("") };
  return stream as unknown as NodeJS.WriteStream & { text(): string };
}

function clockAt(start: number): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

test("on a terminal, counters rewrite one line in place and a phase clears it", () => {
  const stream = fakeStream(true);
  const clock = clockAt(0);
  const progress = createProgress({ stream, quiet: false, now: clock.now });
  progress.phase("reading a.json");
  clock.advance(1_000);
  progress.update({ read: 5_000, kept: 4_000 });
  assert.match(stream.text(), /\r\x1b\[2Kreading a\.json: read 5,000, kept 4,000, 5,000\/s$/);
  progress.phase("clustering");
  assert.ok(stream.text().endsWith("\r\x1b[2K"), "the live line is cleared before the next phase");
  assert.doesNotMatch(stream.text(), /\n/, "a terminal gets no scrolling lines for progress");
});

test("off a terminal, phases are plain lines and counters at most every five seconds", () => {
  const stream = fakeStream(false);
  const clock = clockAt(10_000);
  const progress = createProgress({ stream, quiet: false, now: clock.now });
  progress.phase("reading a.json");
  clock.advance(5_000);
  progress.update({ read: 10 });
  clock.advance(1_000);
  progress.update({ read: 20 });
  clock.advance(5_000);
  progress.update({ read: 30 });
  assert.deepEqual(stream.text().trim().split("\n"), [
    "log-gardener: reading a.json",
    "log-gardener: reading a.json: read 10, 2/s",
    "log-gardener: reading a.json: read 30, 3/s",
  ]);
  assert.doesNotMatch(stream.text(), /\x1b/, "no escape codes in logs");
});

test("--quiet prints nothing at all", () => {
  const stream = fakeStream(true);
  const progress = createProgress({ stream, quiet: true });
  progress.phase("reading");
  progress.update({ read: 1 });
  progress.note("a note");
  progress.finish();
  assert.equal(stream.text(), "");
});

test("a run that succeeded closes with its time and where it went; phases that come back add up", () => {
  const stream = fakeStream(false);
  const clock = clockAt(0);
  const progress = createProgress({ stream, quiet: false, now: clock.now });
  clock.advance(200);
  progress.phase("reading a.json");
  clock.advance(12_900);
  progress.phase("clustering");
  clock.advance(30); // too short to list
  progress.phase("saving state");
  clock.advance(400);
  progress.phase("clustering");
  clock.advance(300);
  progress.finish("done");
  progress.finish("done");
  progress.finish();
  assert.deepEqual(stream.text().trim().split("\n").slice(-2), [
    "log-gardener: clustering",
    "log-gardener: done in 13.8 s: reading a.json 12.9 s, clustering 0.3 s, saving state 0.4 s",
  ]);
});

test("a run that failed gets no closing line", () => {
  const stream = fakeStream(false);
  const progress = createProgress({ stream, quiet: false, now: clockAt(0).now });
  progress.phase("reading a.json");
  progress.finish();
  assert.equal(stream.text(), "log-gardener: reading a.json\n");
});
