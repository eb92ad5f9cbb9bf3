import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { SourceItem } from "../../model/source.js";
import { readGcloudExport } from "./source.js";

async function itemsOf(chunks: readonly Buffer[], maxEntryBytes = 1 << 20): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  const source = (async function* () {
    yield* chunks;
  })();
  for await (const item of readGcloudExport(source, "export.json", "gcloud", { maxEntryBytes })) items.push(item);
  return items;
}

function cutAt(bytes: Buffer, offsets: readonly number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(Buffer.from(bytes.subarray(from, point)));
    from = point;
  }
  chunks.push(Buffer.from(bytes.subarray(from)));
  return chunks.filter((c) => c.length > 0);
}

const objects = fc.array(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== "__proto__"), fc.oneof(fc.string(), fc.integer()), { minKeys: 1, maxKeys: 4 }), { minLength: 1, maxLength: 5 });

test("CRLF exports read the same objects however the bytes are chunked", async () => {
  await fc.assert(
    fc.asyncProperty(objects, fc.array(fc.nat(), { maxLength: 10 }), async (generated, offsets) => {
      const values = generated.map((o) => ({ ...o }));
      const text = `${JSON.stringify(values, null, 2)}\n`.replace(/\n/g, "\r\n");
      const items = await itemsOf(cutAt(Buffer.from(text), offsets));
      assert.deepEqual(
        items.map((item) => (item.kind === "entry" && item.entry.kind === "json" ? item.entry.json : item.kind)),
        values,
      );
    }),
    { numRuns: 60 },
  );
});

test("an element is over maxEntryBytes by its lines without \\r, each with one newline, in one chunk or many", async () => {
  // `  {`, `    "k": "vvvv"`, `  }` → 3 lines: 4 + 16 + 4 = 24 bytes as counted.
  const text = '[\r\n  {\r\n    "k": "vvvv"\r\n  }\r\n]\r\n';
  for (const chunks of [[Buffer.from(text)], cutAt(Buffer.from(text), [3, 9, 14, 27])]) {
    const fits = await itemsOf(chunks, 24);
    const over = await itemsOf(chunks, 23);
    assert.deepEqual(
      [fits[0]?.kind, over[0]?.kind === "skip" ? over[0].skip.reason : over[0]?.kind],
      ["entry", "entry_too_large"],
    );
  }
});

test("a skip names the line its element started on, past elements read in one step", async () => {
  const text = '[\n  {\n    "a": 1,\n    "b": 2\n  },\n  {\n    "a": \n  }\n]\n';
  const items = await itemsOf([Buffer.from(text)]);
  assert.deepEqual(items.map((item) => (item.kind === "skip" ? item.skip.detail : item.kind)), ["entry", "element 2 (line 6): not valid JSON"]);
});
