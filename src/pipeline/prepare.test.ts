import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { createNormaliser } from "../normalise/normalise.js";
import { createRedactor } from "../normalise/redact.js";
import { prepareElement, type ElementResult } from "./prepare.js";

const normalise = createNormaliser({ redactor: createRedactor({ maskEmails: true, maskIpAddresses: true, maskPhoneNumbers: true, customPatterns: [], allow: [] }) });

const element = (text: string) => ({ input: "export.json", position: 1, where: "element 1", bytes: new TextEncoder().encode(text) });

function entryOf(result: ElementResult) {
  assert.equal(result.kind, "entry");
  return result.kind === "entry" ? result.entry : assert.fail("not an entry");
}

describe("prepareElement: samples as text for crossing threads", () => {
  test("an entry with nothing to repair or mask carries the element's own text, not a new serialisation", () => {
    const text = '{\n  "severity": "ERROR",\n  "timestamp": "2025-09-14T00:00:00Z",\n  "jsonPayload": { "message": "pool exhausted" }\n}';
    assert.equal(entryOf(prepareElement(element(text), normalise, "text")).sample, text);
  });

  test("an entry that redaction changed carries the redacted value, never the element's text", () => {
    const text = JSON.stringify({ severity: "ERROR", timestamp: "2025-09-14T00:00:00Z", jsonPayload: { message: "login failed for carol@example.com", password: "hunter2hunter2" } });
    const sample = entryOf(prepareElement(element(text), normalise, "text")).sample;
    assert.equal(typeof sample, "string");
    assert.notEqual(sample, text);
    assert.doesNotMatch(sample as string, /carol@example\.com|hunter2/);
  });

  test("the text parses back to the sample the same element gives as a value, and every other field is the same", () => {
    const word = fc.oneof(
      fc.constantFrom("ok", "carol@example.com", "10.1.2.3", "Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789", "cafÃ©", "caf\u00e9", "a\tb\nc", "555-123-4567", "%7B%22password%22%3A%22x%22%7D"),
      fc.string({ maxLength: 12 }),
    );
    const message = fc.array(word, { maxLength: 5 }).map((words) => words.join(" "));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("message", "token", "user", "note", "é"), message, { minKeys: 1 }), fc.boolean(), (payload, pretty) => {
        const text = JSON.stringify({ severity: "ERROR", timestamp: "2025-09-14T00:00:00Z", jsonPayload: payload }, null, pretty ? 2 : undefined);
        const asValue = entryOf(prepareElement(element(text), normalise, "value"));
        const asText = entryOf(prepareElement(element(text), normalise, "text"));
        assert.equal(typeof asText.sample, "string");
        assert.deepEqual(JSON.parse(asText.sample as string), asValue.sample);
        assert.deepEqual({ ...asText, sample: undefined }, { ...asValue, sample: undefined });
      }),
      { numRuns: 300 },
    );
  });
});
