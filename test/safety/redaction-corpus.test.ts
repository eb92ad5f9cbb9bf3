import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRedactor } from "../../src/normalise/redact.js";
import { repairText, repairValue } from "../../src/normalise/mojibake.js";
import { RedactionConfigSchema } from "../../src/config/sections/redaction.js";
import { KNOWN_HARD_KIND, lookAlikeCorpus, plantedCorpus } from "./corpus.js";
import { leaksIn } from "./leaks.js";

const redactor = createRedactor({ ...RedactionConfigSchema.parse({}), hashKey: "corpus-test" });
const run = (entry: Readonly<Record<string, unknown>> | string): string =>
  typeof entry === "string" ? redactor.redactText(repairText(entry)) : JSON.stringify(redactor.redactValue(repairValue(entry)));

describe("planted secrets: zero leaks from the redaction stage", () => {
  const corpus = plantedCorpus();
  const byKind = new Map<string, typeof corpus>();
  for (const entry of corpus) byKind.set(entry.kind, [...(byKind.get(entry.kind) ?? []), entry]);
  for (const [kind, entries] of byKind) {
    test(`${kind}: no fragment survives in any place`, () => {
      const leaks = entries.flatMap((entry) => leaksIn(run(entry.entry), entry).map((fragment) => `${entry.id}: ${fragment}`));
      assert.deepEqual(leaks, []);
    });
  }
});

/** Ceiling on the share of look-alike values altered (the bench prints the measured rate). */
const MAX_FALSE_POSITIVE_RATE = 0.05;

describe("look-alikes stay readable", () => {
  const corpus = lookAlikeCorpus();
  test(`at most ${MAX_FALSE_POSITIVE_RATE * 100}% of look-alike values are altered, known hard cases included`, () => {
    const values = corpus.flatMap((entry) => {
      const output = run(entry.entry);
      return entry.values.map((v) => output.includes(v));
    });
    assert.ok(values.filter((kept) => !kept).length / values.length <= MAX_FALSE_POSITIVE_RATE);
  });
  for (const entry of corpus.filter((e) => e.kind !== KNOWN_HARD_KIND)) {
    test(`${entry.id} keeps ${entry.values.length} value(s)`, () => {
      const output = run(entry.entry);
      assert.deepEqual(entry.values.filter((v) => !output.includes(v)), []);
    });
  }
});
