import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RedactionConfigSchema } from "./redaction.js";

describe("RedactionConfigSchema", () => {
  test("masks all personal data by default, with no custom patterns or allow-list", () =>
    assert.deepEqual(RedactionConfigSchema.parse({}), { maskEmails: true, maskIpAddresses: true, maskPhoneNumbers: true, maskHomePaths: true, customPatterns: [], allow: [] }));
  test("accepts a custom pattern with a secret group and an allow-list", () => {
    const config = RedactionConfigSchema.parse({ customPatterns: [{ name: "employee-id", pattern: "E-(?<secret>\\d{6})" }], allow: ["test@example\\.com"] });
    assert.equal(config.customPatterns[0]?.name, "employee-id");
    assert.deepEqual(config.allow, ["test@example\\.com"]);
  });
  test("rejects a pattern that is not a valid regular expression", () => assert.equal(RedactionConfigSchema.safeParse({ customPatterns: [{ name: "bad", pattern: "(" }] }).success, false));
  test("rejects a placeholder name with spaces or symbols", () => assert.equal(RedactionConfigSchema.safeParse({ customPatterns: [{ name: "a b", pattern: "x" }] }).success, false));
  test("rejects unknown keys", () => assert.equal(RedactionConfigSchema.safeParse({ maskEmail: false }).success, false));
});
