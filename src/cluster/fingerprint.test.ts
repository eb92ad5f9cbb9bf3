import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fnv1a64Hex } from "../model/hash.js";
import { canonicalTemplate, templateFingerprint } from "./fingerprint.js";

const PARTS = { kind: "log", service: "api", module: "app.ws", function: "loop", firstTemplate: "Loop error: <*>" } as const;

test("FNV-1a 64 matches the published test vectors", () => {
  assert.equal(fnv1a64Hex(""), "cbf29ce484222325");
  assert.equal(fnv1a64Hex("a"), "af63dc4c8601ec8c");
  assert.equal(fnv1a64Hex("foobar"), "85944171f73967e8");
});

test("a fingerprint is lgfp and 16 hex digits", () => assert.match(templateFingerprint(PARTS), /^lgfp[0-9a-f]{16}$/));

test("the same problem gets the same fingerprint in every run (pinned value)", () => {
  assert.equal(templateFingerprint(PARTS), templateFingerprint({ ...PARTS }));
  assert.equal(templateFingerprint(PARTS), "lgfpcf27683f776e65f9");
});

test("each part of what a problem is changes the fingerprint", () => {
  const base = templateFingerprint(PARTS);
  for (const change of [{ service: "auth" }, { module: "app.other" }, { function: "other" }, { firstTemplate: "Loop error: <*>!" }, { kind: "http" as const }]) {
    assert.notEqual(templateFingerprint({ ...PARTS, ...change }), base, JSON.stringify(change));
  }
});

test("field boundaries matter: moving text between parts changes the fingerprint", () => {
  assert.notEqual(templateFingerprint({ ...PARTS, module: "a", function: "bc" }), templateFingerprint({ ...PARTS, module: "ab", function: "c" }));
});

test("the fingerprint does not depend on which id a problem logged first", () => {
  const fingerprint = (firstTemplate: string) => templateFingerprint({ ...PARTS, firstTemplate });
  assert.equal(fingerprint("error for user demo-user-<*>: no attribute"), fingerprint("error for user <*>: no attribute"));
  assert.equal(fingerprint("failed for user demo-use... connection <*>"), fingerprint("failed for user <*>... connection <*>"));
  assert.notEqual(fingerprint("Retrying... now"), fingerprint("<*> now"), "an ellipsis after a plain word is text, not a cut value");
});

describe("canonicalTemplate", () => {
  const cases = [
    ["user demo-user-<*> - potential duplication", "user <*> - potential duplication"],
    ["connection main_<*> closed", "connection <*> closed"],
    ["user 1074<*>... not found", "user <*> not found"],
    ["took <*>ms", "took <*>ms"],
    ["Loading... done", "Loading... done"],
  ] as const;
  for (const [template, canonical] of cases) test(`${template} → ${canonical}`, () => assert.equal(canonicalTemplate(template), canonical));
});
