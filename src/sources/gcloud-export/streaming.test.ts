import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { SourceItem } from "../../model/source.js";
import { readGcloudExport } from "./source.js";

const MIB = 1 << 20;

async function read(text: string, layout: "gcloud" | "any", chunkBytes = 64 * 1024, maxEntryBytes = 8 * MIB): Promise<{ items: SourceItem[]; end: unknown }> {
  const bytes = Buffer.from(text);
  const source = (async function* () {
    for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
  })();
  const items: SourceItem[] = [];
  const reader = readGcloudExport(source, "export.json", layout, { maxEntryBytes });
  for (;;) {
    const next = await reader.next();
    if (next.done) return { items, end: next.value };
    items.push(next.value);
  }
}

const entry = (i: number, message: string) => ({ insertId: `id${i}`, severity: "ERROR", textPayload: message });
const ids = (items: readonly SourceItem[]) => items.flatMap((item) => (item.kind === "entry" && item.entry.kind === "json" ? [item.entry.json["insertId"]] : []));

for (const [layout, render] of [
  ["gcloud", (values: unknown[]) => JSON.stringify(values, null, 2)],
  ["any", (values: unknown[]) => `[${values.map((v) => JSON.stringify(v)).join(",")}]`],
] as const) {
  test(`a 10 MiB element in the middle of a ${layout}-layout array is skipped by itself; every other entry is kept`, async () => {
    const values = [entry(1, "first"), entry(2, "second"), { ...entry(3, "x".repeat(10 * MIB)), nested: { a: ["]", "}", '\\"'] } }, entry(4, "fourth"), entry(5, "fifth")];
    const { items, end } = await read(render(values), layout);
    assert.deepEqual(ids(items), ["id1", "id2", "id4", "id5"]);
    const skips = items.filter((i) => i.kind === "skip");
    assert.equal(skips.length, 1);
    assert.equal(skips[0]?.kind === "skip" ? skips[0].skip.reason : undefined, "entry_too_large");
    assert.equal(skips[0]?.kind === "skip" ? skips[0].skip.position : undefined, 3);
    assert.deepEqual(end, {});
  });
}

test("an oversized element skipped in a compact array: the rest reads the same however the bytes are chunked", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 6 }), fc.nat({ max: 5 }), fc.integer({ min: 7, max: 500 }), async (messages, at, chunkBytes) => {
      const values = messages.map((m, i) => entry(i, m));
      const big = entry(99, `big ${"\\\"],{".repeat(400)}`);
      const position = Math.min(at, values.length);
      const all = [...values.slice(0, position), big, ...values.slice(position)];
      const { items } = await read(`[${all.map((v) => JSON.stringify(v)).join(" ,\n")}]`, "any", chunkBytes, 1024);
      assert.deepEqual(ids(items), values.map((v) => v.insertId));
    }),
    { numRuns: 60 },
  );
});
