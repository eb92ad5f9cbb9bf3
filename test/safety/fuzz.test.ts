import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { RedactionConfigSchema } from "../../src/config/sections/redaction.js";
import { decodeUtf8, repairText, repairValue } from "../../src/normalise/mojibake.js";
import { createRedactor } from "../../src/normalise/redact.js";
import { codeFence, escapeHtml, markdownText, truncateMarkdown } from "../../src/report/escape.js";
import { runCli, scratchDir } from "./cli-run.js";
import { seededRandom } from "./fake-secrets.js";

const redactor = createRedactor({ ...RedactionConfigSchema.parse({}), hashKey: "fuzz" });
/** Runs per property: enough to hit odd byte mixes, small enough for a 2-core test run. */
const RUNS = 300;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// Bytes biased towards what breaks text handling: UTF-8 lead/continuation bytes, ESC, quotes, `=`, `:`, `@`.
const interestingByte = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.constantFrom(0x1b, 0x5b, 0xc3, 0xa9, 0xe2, 0x80, 0x99, 0xf0, 0x9f, 0x22, 0x3d, 0x3a, 0x40, 0x0a, 0x0d, 0x00, 0x5c),
);
const randomBytes = fc.array(interestingByte, { maxLength: 400 }).map((a) => Uint8Array.from(a));

describe("fuzz: random bytes through repair and redaction", () => {
  test("decode → repair → redact never throws, and the result is well-formed text", () => {
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const repaired = repairText(decodeUtf8(bytes));
        const redacted = redactor.redactText(repaired);
        assert.ok(!LONE_SURROGATE.test(repaired));
        assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(repaired));
        assert.equal(typeof redacted, "string");
      }),
      { numRuns: RUNS, seed: 42 },
    );
  });
  test("random strings (any code unit) survive repair and redaction", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        assert.ok(!LONE_SURROGATE.test(repairText(text)));
        assert.equal(typeof redactor.redactText(repairText(text)), "string");
      }),
      { numRuns: RUNS, seed: 43 },
    );
  });
  test("redaction is idempotent: redacting redacted text changes nothing", () => {
    const logish = fc.stringMatching(/^[ a-zA-Z0-9=:@./+_"'-]{0,160}$/);
    fc.assert(
      fc.property(logish, (text) => {
        const once = redactor.redactText(text);
        assert.equal(redactor.redactText(once), once);
      }),
      { numRuns: RUNS, seed: 46 },
    );
  });
  test("random JSON values survive repairValue and redactValue", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const out = redactor.redactValue(repairValue(value));
        assert.doesNotThrow(() => JSON.stringify(out));
      }),
      { numRuns: RUNS, seed: 44 },
    );
  });
  test("rendering random text never lets it close the fence or open a tag", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const fenced = codeFence(text);
        const fence = /^`+/.exec(fenced)?.[0] ?? "";
        assert.ok(!fenced.slice(fence.length, -fence.length).includes(fence));
        assert.ok(!/<[a-z!/]/i.test(escapeHtml(text)));
        assert.ok(!/(?<!\\)[<>]/.test(markdownText(text)));
        assert.ok(truncateMarkdown(text.repeat(10), 500).length <= 500);
      }),
      { numRuns: RUNS, seed: 45 },
    );
  });
});

describe("fuzz: random bytes as a whole run's input", () => {
  const random = seededRandom(2025);
  const inputs: readonly [string, () => Uint8Array, number?][] = [
    ["pure random bytes", () => Uint8Array.from({ length: 4096 }, () => random.int(256))],
    [
      "NDJSON lines with random bytes inside strings and between lines",
      () => {
        const parts: Buffer[] = [];
        for (let i = 0; i < 60; i += 1) {
          const junk = Buffer.from(Array.from({ length: random.int(40) }, () => random.int(256)));
          parts.push(Buffer.from(`{"severity":"ERROR","timestamp":"2025-09-14T18:0${random.int(10)}:00Z","jsonPayload":{"message":"boom `), junk, Buffer.from(`"}}\n`));
          if (random.int(4) === 0) parts.push(junk, Buffer.from("\n"));
        }
        return Buffer.concat(parts);
      },
    ],
    ["a gcloud JSON array cut short with junk", () => Buffer.concat([Buffer.from('[\n  {\n    "severity": "ERROR",\n    "textPayload": "x\u00e9'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x1b, 0x5b]), Buffer.from('"\n  },\n  {')]), 3],
  ];
  // a cut-short export is a source that did not read completely: exit 3, with the reports written
  for (const [name, make, expected = 0] of inputs) {
    test(`${name}: the run exits ${expected}`, async (t) => {
      const dir = scratchDir("fuzz");
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, "input.log"), make());
      const run = await runCli(dir, "input.log");
      assert.equal(run.status, expected, run.stderr);
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    });
  }
});
