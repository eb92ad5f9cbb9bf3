import assert from "node:assert/strict";
import { test } from "node:test";
import { prettySample, sampleText } from "./sample-text.js";

test("a sample is pretty JSON with a 2-space indent", () => {
  assert.equal(prettySample({ a: 1, b: [true] }), '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
});

test("a string sample is shown as it is", () => {
  assert.equal(prettySample("plain line"), "plain line");
});

test("a short sample is not cut", () => {
  assert.deepEqual(sampleText({ a: 1 }, 100), { text: '{\n  "a": 1\n}' });
});

test("a long sample is cut and says how long it was", () => {
  assert.deepEqual(sampleText("abcdefghij", 4), { text: "abcd", cutFrom: 10 });
});

test("a cut never splits an emoji's surrogate pair", () => {
  assert.deepEqual(sampleText("ab🔑cd", 3), { text: "ab", cutFrom: 6 });
});
