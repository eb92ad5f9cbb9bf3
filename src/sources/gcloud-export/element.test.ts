import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { createNormaliser } from "../../normalise/normalise.js";
import { createRedactor } from "../../normalise/redact.js";
import { parseElement } from "./element.js";

const element = (text: string | Uint8Array) => ({
  input: "export.json",
  position: 1,
  where: "element 1",
  bytes: typeof text === "string" ? new TextEncoder().encode(text) : text,
});

function printable(text: string | Uint8Array): boolean | undefined {
  const parsed = parseElement(element(text));
  assert.equal(parsed.kind, "entry");
  return parsed.kind === "entry" && parsed.entry.kind === "json" ? parsed.entry.printableAscii : undefined;
}

describe("parseElement: printable text needs no repair", () => {
  test("plain ASCII, tabs, newlines and harmless escapes are printable", () => {
    assert.equal(printable('{\n  "message": "said \\"hi\\"\\n\\tat x",\n  "path": "a\\/b"\n}'), true);
  });
  const mayNeedRepair: readonly [string, string | Uint8Array][] = [
    ["a non-ASCII character", '{"message": "cafÃ©"}'],
    ["a \\u escape", '{"message": "caf\\u00e9"}'],
    ["an escaped carriage return", '{"message": "a\\r\\nb"}'],
    ["an escaped form feed or backspace", '{"message": "a\\fb\\bc"}'],
    ["a DEL character", '{"message": "a\u007fb"}'],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
  ];
  for (const [name, text] of mayNeedRepair) test(`${name} is not taken for printable`, () => assert.equal(printable(text), undefined));

  test("an entry taken for printable normalises exactly as one that is repaired", () => {
    const normalise = createNormaliser({ redactor: createRedactor({ maskEmails: true, maskIpAddresses: true, maskPhoneNumbers: true, customPatterns: [], allow: [] }) });
    const text = fc.string({ unit: fc.constantFrom(..."abcXYZ019 _-.:/@\\\"\t\n\r\u00e9\u007f\u001b[m".split("")), maxLength: 30 });
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("message", "textPayload", "severity", "note"), text, { minKeys: 1 }), (fields) => {
        const parsed = parseElement(element(JSON.stringify({ timestamp: "2025-09-14T00:00:00Z", ...fields })));
        if (parsed.kind !== "entry" || parsed.entry.kind !== "json") return;
        const { printableAscii, ...unflagged } = parsed.entry;
        assert.deepEqual(normalise(parsed.entry), normalise(unflagged));
        if (printableAscii === true) assert.ok(Object.values(fields).every((value) => /^[\x20-\x7e\t\n]*$/.test(value)));
      }),
      { numRuns: 500 },
    );
  });
});
