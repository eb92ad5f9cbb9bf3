import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { bestMatch, differenceKind, generaliseToken, wordAgainstValue, type Cluster } from "./drain.js";

const cluster = (id: string, template: string): Cluster => ({ id, scope: "", tokens: template.split(" "), firstTemplate: template, size: 1, evicted: false });
const rules = { maxDifferenceRatio: 0.3 };

describe("differenceKind", () => {
  const cases: readonly (readonly [string, string, ReturnType<typeof differenceKind>])[] = [
    ["<*>", "root", "shape"],
    ["rhost=<*>", "rhost=<*>.example.br", "shape"],
    ["tty=NODEVssh", "tty=:<*>", "shape"],
    ["KB", "B", "shape"],
    ["user=root", "user=guest", "word"],
    ["webmaster", "test", "word"],
    ["RUNNING", "SUCCEEDED", "enum"],
    ["(uid=<*>)", "LOGIN(uid=<*>)", "enum"],
  ];
  for (const [a, b, kind] of cases) test(`${a} vs ${b} is a ${kind} difference`, () => assert.equal(differenceKind(a, b), kind));
});

describe("wordAgainstValue", () => {
  const cases: readonly (readonly [string, string, boolean])[] = [
    ["tty=NODEVssh", "tty=:<*>", true],
    ["user=<*>", "user=root", false],
    ["node-ab", "node-<*>", false],
    ["<*>", "x<*>", false],
  ];
  for (const [have, want, expected] of cases) test(`${have} against ${want}: ${expected}`, () => assert.equal(wordAgainstValue(have, want), expected));
});

describe("generaliseToken", () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ["rhost=<*>", "rhost=<*>.example.br", "rhost=<*>"],
    ["tty=NODEVssh", "tty=:<*>", "tty=<*>"],
    ["(<*>", "(x)", "(<*>"],
    ["abc", "xyz", "<*>"],
  ];
  for (const [a, b, expected] of cases) test(`${a} and ${b} generalise to ${expected}`, () => assert.equal(generaliseToken(a, b), expected));
});

describe("bestMatch", () => {
  test("joins a line that differs only in a value's shape", () => {
    const bucket = [cluster("a", "connected to <*> in <*>")];
    assert.equal(bestMatch(bucket, "connected to host-<*> in <*>".split(" "), rules)?.id, "a");
  });

  test("keeps apart lines that differ in an upper-case state", () => {
    const bucket = [cluster("a", "<*> moved from NEW to RUNNING now")];
    assert.equal(bestMatch(bucket, "<*> moved from NEW to FAILED now".split(" "), rules), undefined);
  });

  test("keeps apart lines that differ in a plain word", () => {
    const bucket = [cluster("a", "Failed password for <*> from <*>")];
    assert.equal(bestMatch(bucket, "Accepted password for <*> from <*>".split(" "), rules), undefined);
  });

  test("keeps apart a line with a value where the template's lines all wrote a word", () => {
    const bucket = [cluster("a", "authentication failure; uid=<*> tty=NODEVssh rhost=<*>")];
    assert.equal(bestMatch(bucket, "authentication failure; uid=<*> tty=:<*> rhost=<*>".split(" "), rules), undefined);
  });

  test("joins a line with a word where the template already holds a value", () => {
    const bucket = [cluster("a", "authentication failure; uid=<*> tty=ssh user=<*>")];
    assert.equal(bestMatch(bucket, "authentication failure; uid=<*> tty=ssh user=root".split(" "), rules)?.id, "a");
  });

  test("prefers the template with more equal tokens", () => {
    const bucket = [cluster("loose", "a <*> <*> d"), cluster("tight", "a b <*> d")];
    assert.equal(bestMatch(bucket, "a b <*> d".split(" "), rules)?.id, "tight");
  });
});
