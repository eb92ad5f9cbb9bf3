import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CoOccurrence, constantWords, groupTemplates, isSubsequence, type GroupMember } from "./templates-merge.js";

const LIMITS = { coOccurrenceMs: 1_000, maxOpenTraces: 1_000, maxRecentPerInstance: 64 };
const RULES = { coOccurrenceShare: 0.5, minContainedWords: 3, maxTemplatesCompared: 2_000 };

function member(templateId: string, template: string, count: number, line?: number, scope = "s"): GroupMember {
  return { templateId, scope, fingerprint: `lgfp${templateId.padStart(16, "0")}`, template, count, ...(line === undefined ? {} : { line }) };
}

function ids(groups: ReturnType<typeof groupTemplates>): string[][] {
  return groups.map((group) => group.members.map((m) => m.templateId)).sort();
}

describe("groupTemplates", () => {
  test("merges a warning and the follow-up that shares its trace, primary = lowest line", () => {
    const co = new CoOccurrence(LIMITS);
    for (let i = 0; i < 10; i += 1) {
      co.add("s", "a", { trace: `t${i}` });
      co.add("s", "b", { trace: `t${i}` });
    }
    co.close();
    const groups = groupTemplates([member("b", "Summary issues: <*>", 10, 137), member("a", "Multiple managers for user <*>", 10, 118)], co, RULES, 1_000);
    assert.deepEqual(ids(groups), [["a", "b"]]);
    assert.equal(groups[0]?.members[0]?.templateId, "a");
    assert.match(groups[0]?.mergeReasons[0] ?? "", /100% and 100% of their entries share a trace/);
  });

  test("merges untraced entries on one instance within coOccurrenceMs, in either input order", () => {
    for (const order of ["ascending", "descending"] as const) {
      const co = new CoOccurrence(LIMITS);
      const events: [number, string][] = [];
      for (let i = 0; i < 8; i += 1) events.push([i * 60_000, "ctx"], [i * 60_000 + 1, "err"]);
      if (order === "descending") events.reverse();
      for (const [timeMs, id] of events) co.add("s", id, { instanceId: "i1", timeMs });
      co.close();
      assert.deepEqual(ids(groupTemplates([member("ctx", "LOOP ERROR CONTEXT: <*>", 8, 1488), member("err", "Message loop error: <*>", 8, 1489)], co, RULES, 1_000)), [["ctx", "err"]], order);
    }
  });

  test("keeps a rare template apart from a frequent one it sometimes shares requests with", () => {
    const co = new CoOccurrence(LIMITS);
    for (let i = 0; i < 100; i += 1) co.add("s", "frequent", { trace: `t${i}` });
    for (let i = 0; i < 5; i += 1) co.add("s", "rare", { trace: `t${i}` });
    co.close();
    const groups = groupTemplates([member("frequent", "Session access failed", 100, 1706), member("rare", "User <*> auto-created from JWT", 5, 1706)], co, RULES, 1_000);
    assert.deepEqual(ids(groups), [["frequent"], ["rare"]]);
  });

  test("keeps entries on different instances apart even when close in time", () => {
    const co = new CoOccurrence(LIMITS);
    co.add("s", "a", { instanceId: "i1", timeMs: 0 });
    co.add("s", "b", { instanceId: "i2", timeMs: 1 });
    co.close();
    assert.deepEqual(ids(groupTemplates([member("a", "one thing went wrong", 1), member("b", "another thing went wrong", 1)], co, RULES, 1_000)), [["a"], ["b"]]);
  });

  test("keeps templates that differ in one constant word apart", () => {
    const co = new CoOccurrence(LIMITS);
    co.close();
    const groups = groupTemplates(
      [member("token", "Failed to refresh token cache: <*>", 3), member("session", "Failed to refresh session cache: <*>", 3)],
      co,
      RULES,
      1_000,
    );
    assert.deepEqual(ids(groups), [["session"], ["token"]]);
  });

  test("merges a template whose constant words all appear, in order, in another of the same scope", () => {
    const co = new CoOccurrence(LIMITS);
    co.close();
    const groups = groupTemplates([member("short", "Upstream call failed: <*>", 3), member("long", "Upstream call failed: <*> <*> <*> retrying", 2)], co, RULES, 1_000);
    assert.deepEqual(ids(groups), [["long", "short"]]);
    assert.match(groups[0]?.mergeReasons[0] ?? "", /\(4 constant words\) contains all 3 of/);
  });

  test("never merges across scopes", () => {
    const co = new CoOccurrence(LIMITS);
    co.add("s1", "a", { trace: "t" });
    co.add("s2", "b", { trace: "t" });
    co.close();
    const groups = groupTemplates([member("a", "Upstream call failed: <*>", 1, 1, "s1"), member("b", "Upstream call failed: <*>", 1, 1, "s2")], co, RULES, 1_000);
    assert.deepEqual(ids(groups), [["a"], ["b"]]);
  });

  test("needs minContainedWords constant words before containment merges", () => {
    const co = new CoOccurrence(LIMITS);
    co.close();
    const groups = groupTemplates([member("a", "<*> failed <*>", 1), member("b", "Upload failed after <*> retries", 1)], co, RULES, 1_000);
    assert.deepEqual(ids(groups), [["a"], ["b"]]);
  });

  test("folds the oldest trace in when more than maxOpenTraces are open", () => {
    const co = new CoOccurrence({ ...LIMITS, maxOpenTraces: 1 });
    co.add("s", "a", { trace: "t1" });
    co.add("s", "b", { trace: "t1" });
    co.add("s", "a", { trace: "t2" });
    assert.equal(co.count("a", "b"), 1);
  });
});

describe("constant words", () => {
  test("drops words that hold a variable and punctuation-only words", () => assert.deepEqual(constantWords("user demo-user-<*> - <*> done"), ["user", "done"]));
  test("compares words without the punctuation at their edges", () =>
    assert.deepEqual(constantWords("issues: ['Multiple managers - duplication']"), ["issues", "Multiple", "managers", "duplication"]));
  test("subsequence keeps order", () => {
    assert.equal(isSubsequence(["a", "c"], ["a", "b", "c"]), true);
    assert.equal(isSubsequence(["c", "a"], ["a", "b", "c"]), false);
  });
});
