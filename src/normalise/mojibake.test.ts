import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeUtf8, repairText, repairValue } from "./mojibake.js";

describe("repairText: mojibake seen in real logs", () => {
  const cases: readonly [string, string, string][] = [
    ["emoji read as Windows-1252 (seed worklog)", "[ðŸ”‘] GOLDEN PATH AUTH=REDACTED", "[🔑] GOLDEN PATH AUTH=REDACTED"],
    ["check mark read as Windows-1252", "**Action:** âœ… **Updated**", "**Action:** ✅ **Updated**"],
    ["arrow read as Windows-1252", "a â†’ b â†” c", "a → b ↔ c"],
    ["coloured circles and target", "ðŸ”´ ðŸŸ¡ ðŸŸ¢ ðŸŽ¯", "🔴 🟡 🟢 🎯"],
    ["emoji read as Mac Roman, Apple-logo lead byte kept (seed worklog)", "\uf8ffüö® CLUSTER 1", "🚨 CLUSTER 1"],
    ["warning sign with variation selector read as Mac Roman", "‚ö†Ô∏è Timeout", "⚠️ Timeout"],
    ["accented letter read as Latin-1", "cafÃ© rÃ©sumÃ©", "café résumé"],
    ["curly apostrophe read as Windows-1252", "donâ€™t", "don’t"],
    ["degree sign behind a stray Â", "25Â°C", "25°C"],
    ["text mangled twice", "itÃ¢â‚¬â„¢s", "it’s"],
    ["Cyrillic word read as Windows-1252", "ÐŸÑ€Ð¸Ð²ÐµÑ‚", "Привет"],
    ["Japanese read as Windows-1252", "æ—¥æœ¬èªž", "日本語"],
    ["Latin letters read as Mac Roman", "caf√© na√Øve", "café naïve"],
    ["emoji whose last byte is undefined in Windows-1252 (decoded as C1)", "ðŸ˜\u008d", "😍"],
    // seed worklog 003 as it reads once the Apple-logo lead byte U+F8FF is dropped (as terminals and copy-paste do)
    ["emoji read as Mac Roman, lead byte lost", "1. üö® **CRITICAL**: WebSocket Connection State Issues", "1. 🚨 **CRITICAL**: WebSocket Connection State Issues"],
    ["fire emoji read as Mac Roman, lead byte lost", "### üî• CLUSTER 2: Agent Bridge Interface Failures", "### 🔥 CLUSTER 2: Agent Bridge Interface Failures"],
    ["all-letter emoji repaired beside other Mac Roman mojibake", "üö® GOLDEN PATH [üîë] auth", "🚨 GOLDEN PATH [🔑] auth"],
    ["all-letter emoji repaired beside a Mac Roman warning sign", "‚ö†Ô∏è [üîë] key rotated", "⚠️ [🔑] key rotated"],
    ["seed worklog 003 line, Apple logo kept", "  \"message\": \"[\uf8ffüîë] GOLDEN PATH AUTH=REDACTED permissive", "  \"message\": \"[🔑] GOLDEN PATH AUTH=REDACTED permissive"],
    ["seed worklog 002 heading read as Windows-1252", "## ðŸ”´ CRITICAL CLUSTER 1: WebSocket Legacy Message Type Errors (P0)", "## 🔴 CRITICAL CLUSTER 1: WebSocket Legacy Message Type Errors (P0)"],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(repairText(input), expected));
});

describe("repairText: leaves correct text alone", () => {
  const cases: readonly [string, string][] = [
    ["German with a closing quote after ß", "„Straße“"],
    ["Portuguese", "São Paulo, ação"],
    ["French capitals", "ÉCOLE ÀÉÈ"],
    ["umlaut before a quote", "„Ü“"],
    ["single accented letters", "é à ü ñ ø"],
    ["emoji already correct", "✅ 🔑 🚨"],
    ["ASCII", "plain text with = and : and 127.0.0.1"],
    ["already redacted marker", "AUTH=REDACTED JWT=REDACTED"],
    ["Turkish word that spells an emoji's bytes in Mac Roman", "üçü de geldi"],
    ["Turkish word inside a longer word", "üçüncü kez"],
    ["an all-letter triple with no other sign of Mac Roman", "[üîë] key"],
    ["German umlauts", "Grüße, Müller, über"],
  ];
  for (const [name, input] of cases) test(name, () => assert.equal(repairText(input), input));
});

describe("repairText: control characters", () => {
  test("strips ANSI colour codes", () => assert.equal(repairText("\x1b[31mERROR\x1b[0m done"), "ERROR done"));
  test("strips OSC hyperlinks and titles", () => assert.equal(repairText("\x1b]8;;http://x\x07link\x1b]8;;\x07"), "link"));
  test("keeps newline and tab, turns CRLF and lone CR into newline", () => assert.equal(repairText("a\tb\r\nc\rd"), "a\tb\nc\nd"));
  test("removes NUL, bell, DEL and C1 controls", () => assert.equal(repairText("a\x00b\x07c\x7fd\x85e"), "abcde"));
  test("replaces a lone surrogate with U+FFFD", () => assert.equal(repairText("a\ud800b\udc00c"), "a\ufffdb\ufffdc"));
  test("drops a byte-order mark", () => assert.equal(repairText("\ufeffhello"), "hello"));
  test("returns the same string when nothing needs repair", () => {
    const text = "nothing to do here: 42";
    assert.equal(repairText(text), text);
  });
});

describe("repairValue", () => {
  test("repairs strings and keys at any depth and keeps other values", () => {
    const input = { "cafÃ©": ["âœ… ok", 3, null, { deep: "\x1b[1mbold\x1b[0m" }], flag: true };
    assert.deepEqual(repairValue(input), { "café": ["✅ ok", 3, null, { deep: "bold" }], flag: true });
  });
  test("returns the same value when nothing needs repair", () => {
    const input = { a: ["x", { b: "y" }], n: 1 };
    assert.equal(repairValue(input), input);
  });
  test("does not overflow the stack on absurd nesting", () => {
    const input = JSON.parse(`${"[".repeat(20_000)}"cafÃ©"${"]".repeat(20_000)}`) as unknown;
    assert.doesNotThrow(() => repairValue(input));
  });
  test("keeps a __proto__ key as data", () => {
    const input = JSON.parse('{"__proto__": {"x": "y"}}') as unknown;
    const out = repairValue(input) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ["__proto__"]);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });
});

describe("decodeUtf8", () => {
  test("turns invalid bytes into U+FFFD", () => assert.equal(decodeUtf8(new Uint8Array([0x61, 0xff, 0xc3, 0x28, 0x62])), "a\ufffd\ufffd(b"));
  test("drops a leading BOM", () => assert.equal(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])), "hi"));
});
