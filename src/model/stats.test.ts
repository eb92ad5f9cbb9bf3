import assert from "node:assert/strict";
import { test } from "node:test";
import { filterReasonWords } from "./stats.js";

// The join keeps indented detail lines as well as stack-trace frames (src/sources/split-lines.test.ts):
// the words must not say every joined line was part of a stack trace.
test("joined lines are called continuation lines, not stack-trace lines", () => {
  const words = filterReasonWords("joined_into_entry", "WARNING");
  assert.match(words, /^continuation lines/);
  assert.doesNotMatch(words, /stack/);
});
