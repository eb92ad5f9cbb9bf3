import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { tokenise } from "./tokenise.js";

describe("tokenise", () => {
  test("splits on any whitespace run", () => {
    assert.deepEqual(tokenise(" a \t b\u00a0c  ", 100, 10).words, ["a", "b", "c"]);
  });

  test("keeps a nearby double-quoted value with spaces as one word", () => {
    assert.deepEqual(tokenise('acquire tag="View Lock", name=x', 100, 10).words, ["acquire", 'tag="View Lock",', "name=x"]);
  });

  test("an unclosed quote does not swallow the line", () => {
    assert.deepEqual(tokenise('say "hi there', 100, 10).words, ["say", '"hi', "there"]);
  });

  test("an empty message has no words", () => {
    assert.deepEqual(tokenise("", 100, 10), { words: [], lineTruncated: false, tokensTruncated: false });
  });

  test("words past the limit become one trailing variable", () => {
    assert.deepEqual(tokenise("a b c d e", 100, 3), { words: ["a", "b", "<*>"], lineTruncated: false, tokensTruncated: true });
  });

  test("exactly the limit of words is not cut", () => {
    assert.deepEqual(tokenise("a b c", 100, 3), { words: ["a", "b", "c"], lineTruncated: false, tokensTruncated: false });
  });

  test("a long line is read on its prefix and the cut word is a variable", () => {
    assert.deepEqual(tokenise("alpha beta gamma", 8, 10), { words: ["alpha", "<*>"], lineTruncated: true, tokensTruncated: false });
  });
});
