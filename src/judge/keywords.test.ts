import assert from "node:assert/strict";
import { test } from "node:test";
import { findKeyword, normaliseForKeywords } from "./keywords.js";

const cases: readonly [text: string, keywords: string[], expected: string | undefined][] = [
  ["AuthError: bad signature", ["auth"], "auth"],
  ["tokenAuthFailed", ["auth"], "auth"],
  ["auth_service is not defined", ["auth"], "auth"],
  ["permissive authentication", ["auth"], "auth"],
  ["oauthlib upgrade", ["auth"], undefined],
  ["author missing", ["unauthorized"], undefined],
  ["possible DATA-LOSS after restart", ["data loss"], "data loss"],
  ["data was lost", ["data loss"], undefined],
  ["JWTDecodeError", ["jwt"], "jwt"],
];

for (const [text, keywords, expected] of cases) {
  test(`keyword ${JSON.stringify(keywords)} in ${JSON.stringify(text)} → ${expected ?? "none"}`, () => {
    assert.equal(findKeyword(normaliseForKeywords(text), keywords), expected);
  });
}
