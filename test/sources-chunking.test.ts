import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import fc from "fast-check";
import { InputConfigSchema } from "../src/config/sections/input.js";
import type { RawEntry } from "../src/model/entry.js";
import { openInput } from "../src/sources/registry.js";

/** Cuts `bytes` at the given offsets (any byte, inside a UTF-8 sequence or between \r and \n included). */
function cut(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks.filter((c) => c.length > 0);
}

async function entriesFrom(chunks: readonly Buffer[]): Promise<RawEntry[]> {
  const entries: RawEntry[] = [];
  // a small sniff window, so detection itself is exercised across chunk boundaries
  const options = InputConfigSchema.parse({ formatSniffBytes: 16 });
  for await (const item of openInput("-", { stdin: Readable.from(chunks), options })) {
    if (item.kind === "entry") entries.push(item.entry);
  }
  return entries;
}

const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== "__proto__");
const record = fc.dictionary(key, fc.oneof(fc.string({ unit: "grapheme" }), fc.integer(), fc.boolean()), { maxKeys: 4 });
const offsets = fc.array(fc.nat(), { maxLength: 12 });

test("NDJSON reads the same objects however the bytes are chunked", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), offsets, fc.boolean(), async (objects, at, crlf) => {
      const text = objects.map((o) => JSON.stringify({ severity: "ERROR", ...o })).join(crlf ? "\r\n" : "\n");
      const entries = await entriesFrom(cut(Buffer.from(text), at));
      assert.deepEqual(
        entries.map((e) => (e.kind === "json" ? e.json : undefined)),
        objects.map((o) => ({ severity: "ERROR", ...o })),
      );
    }),
    { numRuns: 60 },
  );
});

test("gcloud's layout reads the same objects however the bytes are chunked", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 6 }), offsets, async (objects, at) => {
      const values = objects.map((o) => ({ insertId: "x", ...o }));
      const entries = await entriesFrom(cut(Buffer.from(`${JSON.stringify(values, null, 2)}\n`), at));
      assert.deepEqual(
        entries.map((e) => (e.kind === "json" ? e.json : undefined)),
        values,
      );
    }),
    { numRuns: 60 },
  );
});

test("text lines come back as written however the bytes are chunked", async () => {
  const line = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 }).filter((s) => !/[\r\n]/.test(s) && s.trim() !== "" && !/^\s/.test(s) && !/[{[]\s*$/.test(s));
  await fc.assert(
    fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), offsets, async (lines, at) => {
      const written = lines.map((l) => `E ${l}`);
      const entries = await entriesFrom(cut(Buffer.from(`${written.join("\n")}\n`), at));
      assert.deepEqual(
        entries.map((e) => (e.kind === "text" ? e.text : undefined)),
        written,
      );
    }),
    { numRuns: 60 },
  );
});
