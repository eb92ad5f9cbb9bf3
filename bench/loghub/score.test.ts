import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { normaliseTemplate, scoreParse } from "./score.js";

describe("scoreParse", () => {
  test("a perfect parse scores 1 on every metric", () => {
    const truth = ["a <*>", "a <*>", "b"];
    assert.deepEqual(scoreParse(truth, truth), { ga: 1, fga: 1, pa: 1, fta: 1, trueTemplates: 2, predictedTemplates: 2 });
  });

  test("grouping is right even when every template text is wrong", () => {
    const score = scoreParse(["a <*>", "a <*>", "b"], ["x", "x", "y"]);
    assert.equal(score.ga, 1);
    assert.equal(score.fga, 1);
    assert.equal(score.pa, 0);
    assert.equal(score.fta, 0);
  });

  test("a split true group loses all its lines for GA and PA stays per line", () => {
    // true group "a <*>" (3 lines) split into "a <*>" (2) and "a 1" (1); "b" is right.
    const score = scoreParse(["a <*>", "a <*>", "a <*>", "b"], ["a <*>", "a <*>", "a 1", "b"]);
    assert.equal(score.ga, 1 / 4);
    assert.equal(score.pa, 3 / 4);
    // predicted groups 3, true groups 2, exactly right 1: P = 1/3, R = 1/2.
    assert.equal(score.fga, (2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2));
    // FTA: "a <*>" (all its lines truly "a <*>") and "b" are right: P = 2/3, R = 2/2.
    assert.equal(score.fta, (2 * (2 / 3) * 1) / (2 / 3 + 1));
  });

  test("merging two true groups loses both for GA", () => {
    const score = scoreParse(["a", "b", "c"], ["<*>", "<*>", "c"]);
    assert.equal(score.ga, 1 / 3);
    // predicted groups 2, true groups 3, exactly right 1 ("c"): P = 1/2, R = 1/3.
    assert.equal(score.fga, (2 * (1 / 2) * (1 / 3)) / (1 / 2 + 1 / 3));
    assert.equal(score.predictedTemplates, 2);
  });

  test("groups predictions by template text, as the Loghub-2.0 evaluator does", () => {
    assert.equal(scoreParse(["a", "b"], ["same", "same"]).ga, 0);
  });

  test("rejects inputs of different lengths", () => {
    assert.throws(() => scoreParse(["a"], []), /line counts differ/);
  });
});

describe("normaliseTemplate", () => {
  for (const [input, expected] of [
    ["  a   b ", "a b"],
    ["a\tb", "a b"],
    ["a <*>", "a <*>"],
  ] as const) {
    test(`collapses whitespace in ${JSON.stringify(input)}`, () => assert.equal(normaliseTemplate(input), expected));
  }
});
