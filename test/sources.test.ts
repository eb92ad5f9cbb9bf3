import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { InputConfigSchema, type InputConfig } from "../src/config/sections/input.js";
import type { RawEntry } from "../src/model/entry.js";
import { UsageError } from "../src/model/errors.js";
import type { SourceItem, SourceResult } from "../src/model/source.js";
import type { SkipPosition } from "../src/model/stats.js";
import { checkInputPath, detectFormat, openInput } from "../src/sources/registry.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/inputs/", import.meta.url));
const fixture = (name: string): string => join(FIXTURES, name);
const scratch = mkdtempSync(join(tmpdir(), "lg-sources-"));

interface Read {
  readonly entries: RawEntry[];
  readonly skips: SkipPosition[];
  readonly result: SourceResult;
  readonly items: SourceItem[];
}

async function readAll(path: string, options: Partial<InputConfig> = {}, stdin: NodeJS.ReadableStream = Readable.from([])): Promise<Read> {
  const items: SourceItem[] = [];
  for await (const item of openInput(path, { stdin, options: InputConfigSchema.parse(options) })) items.push(item);
  const last = items.at(-1);
  assert.equal(last?.kind, "end", "the last item is end");
  return {
    entries: items.flatMap((i) => (i.kind === "entry" ? [i.entry] : [])),
    skips: items.flatMap((i) => (i.kind === "skip" ? [i.skip] : [])),
    result: (last as Extract<SourceItem, { kind: "end" }>).result,
    items,
  };
}

function writeScratch(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

function jsonOf(entry: RawEntry | undefined): Readonly<Record<string, unknown>> {
  assert.equal(entry?.kind, "json");
  return (entry as Extract<RawEntry, { kind: "json" }>).json;
}

function textOf(entry: RawEntry | undefined): string {
  assert.equal(entry?.kind, "text");
  return (entry as Extract<RawEntry, { kind: "text" }>).text;
}

describe("format detection", () => {
  const cases: [string, string, boolean, ReturnType<typeof detectFormat>][] = [
    ["gcloud's pretty array", '[\n  {\n    "insertId": "a"\n  }\n]\n', true, { format: "gcloud-json", layout: "gcloud" }],
    ["an empty array", "[]\n", true, { format: "gcloud-json", layout: "gcloud" }],
    ["a minified array", '[{"insertId":"a"}]', true, { format: "gcloud-json", layout: "any" }],
    ["a 4-space indented array", '[\n    {\n        "a": 1\n    }\n]', true, { format: "gcloud-json", layout: "any" }],
    ["NDJSON", '{"a":1}\n{"a":2}\n', true, { format: "ndjson", layout: "lines" }],
    ["pretty objects one after another", '{\n  "a": 1\n}\n{\n  "a": 2\n}\n', true, { format: "ndjson", layout: "concatenated" }],
    ["a byte-order mark before the array", '\uFEFF[\n  {\n    "a": 1\n  }\n]', true, { format: "gcloud-json", layout: "gcloud" }],
    ["a text log starting with a bracketed time", "[2025-09-14 18:00:00] ERROR boom\n", true, { format: "text" }],
    ["a text log starting with [INFO]", "[INFO] started\n", true, { format: "text" }],
    ["a text line starting with { that is not JSON", "{oops} not json\nsecond\n", true, { format: "text" }],
    ["plain text", "ERROR something failed\n", true, { format: "text" }],
    ["an empty input", "", true, { format: "text" }],
  ];
  for (const [name, head, complete, expected] of cases) {
    test(`detects ${name}`, () => assert.deepEqual(detectFormat(head, complete), expected));
  }
});

describe("gcloud JSON export", () => {
  test("reads every element of gcloud's layout as a JSON entry numbered from 1", async () => {
    const read = await readAll(fixture("gcloud-export.json"));
    assert.equal(read.result.format, "gcloud-json");
    assert.deepEqual(read.result.completeness, { kind: "complete" });
    assert.equal(read.entries.length, 6);
    assert.deepEqual(read.entries.map((e) => e.position), [1, 2, 3, 4, 5, 6]);
    assert.equal(jsonOf(read.entries[0]).insertId, "68c7a1b0000a1b2c3d4e5f60");
    assert.equal(read.skips.length, 0);
  });

  test("reads a minified array through the streaming parser to the same entries", async () => {
    const pretty = await readAll(fixture("gcloud-export.json"));
    const minified = await readAll(fixture("gcloud-minified.json"));
    assert.deepEqual(minified.entries.map(jsonOf), pretty.entries.map(jsonOf));
    assert.deepEqual(minified.result.completeness, { kind: "complete" });
  });

  test("reads a .gz export transparently and counts compressed bytes read", async () => {
    const plain = await readAll(fixture("gcloud-export.json"));
    const gz = await readAll(fixture("gcloud-export.json.gz"));
    assert.deepEqual(gz.entries.map(jsonOf), plain.entries.map(jsonOf));
    assert.equal(gz.result.bytesRead, readFileSync(fixture("gcloud-export.json.gz")).length);
  });

  test("an export cut short keeps the complete elements, skips the cut one and reports truncated", async () => {
    const full = readFileSync(fixture("gcloud-export.json"), "utf8");
    const cut = full.slice(0, full.indexOf('"insertId": "1x2y3z4w5v6u"'));
    const read = await readAll(writeScratch("cut.json", cut));
    assert.equal(read.entries.length, 4);
    assert.deepEqual(
      read.skips.map((s) => [s.reason, s.position]),
      [["invalid_json", 5]],
    );
    assert.equal(read.result.completeness.kind, "truncated");
  });

  test("a broken element is skipped as invalid_json and reading goes on", async () => {
    const text = '[\n  {\n    "a": 1\n  },\n  {\n    "a": oops\n  },\n  {\n    "a": 3\n  }\n]\n';
    const read = await readAll(writeScratch("broken-element.json", text));
    assert.deepEqual(read.entries.map((e) => jsonOf(e).a), [1, 3]);
    assert.deepEqual(read.skips.map((s) => [s.reason, s.position, s.detail]), [["invalid_json", 2, "element 2 (line 5): not valid JSON"]]);
    assert.deepEqual(read.result.completeness, { kind: "complete" });
  });

  test("elements that are not objects are skipped as not_an_object", async () => {
    const read = await readAll(writeScratch("scalars.json", '[{"a":1}, 2, "x", null]'));
    assert.equal(read.entries.length, 1);
    assert.deepEqual(read.skips.map((s) => [s.reason, s.position]), [["not_an_object", 2], ["not_an_object", 3], ["not_an_object", 4]]);
  });

  test("a syntax error in a non-gcloud layout is one skip, and the read is truncated", async () => {
    const read = await readAll(writeScratch("syntax.json", '[{"a":1},{"a":2},{"a":!}]'));
    assert.equal(read.entries.length, 2);
    assert.deepEqual(read.skips.map((s) => [s.reason, s.position]), [["invalid_json", 3]]);
    assert.equal(read.result.completeness.kind, "truncated");
  });

  test("an element holding a 5 MB message is kept whole", async () => {
    const message = "q".repeat(5 * 1024 * 1024);
    const read = await readAll(writeScratch("five-mb.json", `[\n  {\n    "textPayload": "${message}"\n  }\n]\n`));
    assert.equal((jsonOf(read.entries[0]).textPayload as string).length, message.length);
  });

  test("an element over maxEntryBytes is skipped as entry_too_large", async () => {
    const big = "x".repeat(3000);
    const text = `[\n  {\n    "a": "${big}"\n  },\n  {\n    "a": "small"\n  }\n]\n`;
    const read = await readAll(writeScratch("big-element.json", text), { maxEntryBytes: 1024 });
    assert.deepEqual(read.entries.map((e) => jsonOf(e).a), ["small"]);
    assert.deepEqual(read.skips.map((s) => [s.reason, s.position]), [["entry_too_large", 1]]);
  });

  test("in a non-gcloud layout, an element over maxEntryBytes is one entry_too_large skip and the read goes on after it", async () => {
    const path = writeScratch("huge-minified.json", `[{"a":1},{"a":"${"x".repeat(300_000)}"},{"a":3}]`);
    const read = await readAll(path, { maxEntryBytes: 100_000 });
    assert.deepEqual(read.entries.map((e) => jsonOf(e).a), [1, 3]);
    assert.deepEqual(read.skips.map((s) => [s.reason, s.position]), [["entry_too_large", 2]]);
    assert.equal(read.result.completeness.kind, "complete");
  });

  test("an empty array is no data", async () => {
    const read = await readAll(writeScratch("empty.json", "[]\n"));
    assert.deepEqual(read.result.completeness, { kind: "no_data" });
    assert.equal(read.result.entriesRead, 0);
  });

  test("pretty objects one after another are read as NDJSON", async () => {
    const read = await readAll(writeScratch("jq.json", '{\n  "a": 1\n}\n{\n  "a": 2\n}\n'));
    assert.equal(read.result.format, "ndjson");
    assert.deepEqual(read.entries.map((e) => jsonOf(e).a), [1, 2]);
  });
});

describe("NDJSON", () => {
  test("reads objects, positions are line numbers, blank lines are not entries", async () => {
    const read = await readAll(fixture("entries.ndjson"));
    assert.equal(read.result.format, "ndjson");
    assert.deepEqual(read.entries.map((e) => e.position), [1, 3, 4, 7, 8]);
  });

  test("counts a line that is not JSON and a line that is not an object, naming the line", async () => {
    const read = await readAll(fixture("entries.ndjson"));
    assert.deepEqual(
      read.skips.map((s) => [s.reason, s.position, s.detail]),
      [
        ["invalid_json", 5, "line 5: not valid JSON"],
        ["not_an_object", 6, "line 6: an array, not a LogEntry object"],
      ],
    );
    assert.equal(read.result.entriesRead, 7);
  });

  test("invalid UTF-8 inside a string becomes U+FFFD and the entry is kept", async () => {
    const read = await readAll(fixture("entries.ndjson"));
    assert.equal(jsonOf(read.entries.at(-1)).textPayload, "caf\uFFFD broken \uFFFD byte");
  });

  test("a 5 MB line is kept whole", async () => {
    const message = "m".repeat(5 * 1024 * 1024);
    const path = writeScratch("five-mb.ndjson", `${JSON.stringify({ severity: "ERROR", textPayload: message })}\n{"severity":"INFO"}\n`);
    const read = await readAll(path);
    assert.equal(read.entries.length, 2);
    assert.equal((jsonOf(read.entries[0]).textPayload as string).length, message.length);
  });

  test("a line over maxEntryBytes is skipped as entry_too_large, and the next line is read", async () => {
    const path = writeScratch("too-long.ndjson", `{"a":"${"x".repeat(5000)}"}\n{"a":"ok"}\n`);
    const read = await readAll(path, { maxEntryBytes: 1024 });
    assert.deepEqual(read.entries.map((e) => jsonOf(e).a), ["ok"]);
    assert.deepEqual(read.skips.map((s) => [s.reason, s.position]), [["entry_too_large", 1]]);
  });

  test("CRLF line endings are read like LF", async () => {
    const read = await readAll(writeScratch("crlf.ndjson", '{"a":1}\r\n{"a":2}\r\n'));
    assert.deepEqual(read.entries.map((e) => jsonOf(e).a), [1, 2]);
    assert.equal(read.skips.length, 0);
  });

  test("skip details never quote the line (it may hold a secret)", async () => {
    const read = await readAll(writeScratch("secret.ndjson", '{"a":1}\npassword=hunter2 {\n'));
    assert.equal(read.skips.length, 1);
    assert.ok(!read.skips[0]!.detail?.includes("hunter2"));
  });
});

describe("plain text", () => {
  test("keeps each stack trace with the line that starts it", async () => {
    const read = await readAll(fixture("app.log"));
    assert.equal(read.result.format, "text");
    assert.deepEqual(read.entries.map((e) => e.position), [1, 2, 8, 9, 20, 26, 29, 37, 41]);
  });

  const shapes: [string, number, RegExp, number][] = [
    ["a logged Python traceback joins its log line", 2, /NameError: name 'auth_service' is not defined$/, 6],
    ["chained Python tracebacks stay one entry", 9, /RuntimeError: job failed$/, 11],
    ["a Java trace with Caused by and … more", 20, /\t\.\.\. 2 more$/, 6],
    ["a Node trace's at-lines", 26, /task_queues:95:5\)$/, 3],
    ["a Go panic with its goroutine dump", 29, /exit status 2$/, 8],
    ["a pretty JSON block under a line", 37, /^}$/m, 4],
  ];
  for (const [name, position, ending, lineCount] of shapes) {
    test(`keeps ${name}`, async () => {
      const read = await readAll(fixture("app.log"));
      const text = textOf(read.entries.find((e) => e.position === position));
      assert.match(text, ending);
      assert.equal(text.split("\n").length, lineCount);
    });
  }

  test("a traceback under an unrelated line starts its own entry", async () => {
    const read = await readAll(fixture("app.log"));
    assert.equal(textOf(read.entries.find((e) => e.position === 8)), "2025-09-14 02:12:45,000 - auth.session - INFO - retrying");
  });

  test("a stack longer than maxStackLines keeps its head and tail and says how many lines were left out", async () => {
    const frames = Array.from({ length: 50 }, (_, i) => `    at frame${i} (/app/x.js:${i}:1)`);
    const path = writeScratch("long-stack.log", ["Error: deep", ...frames, "next entry"].join("\n"));
    const read = await readAll(path, { maxStackLines: 10, stackTailLines: 3 });
    const lines = textOf(read.entries[0]).split("\n");
    assert.equal(lines.length, 1 + 7 + 1 + 3);
    assert.equal(lines[8], "  … 40 lines omitted (input.maxStackLines) …");
    assert.equal(lines.at(-1), "    at frame49 (/app/x.js:49:1)");
    assert.equal(textOf(read.entries[1]), "next entry");
  });

  test("invalid UTF-8 becomes U+FFFD and the line is kept", async () => {
    const read = await readAll(fixture("broken-utf8.log"));
    assert.deepEqual(read.entries.map(textOf), ["ERROR caf\uFFFD broken \uFFFD byte", "INFO ok \uFFFD cut euro"]);
  });

  test("a line over maxEntryBytes is cut and kept, with the cut noted", async () => {
    const read = await readAll(writeScratch("long-line.log", `${"y".repeat(3000)}\nnext\n`), { maxEntryBytes: 1024 });
    const first = textOf(read.entries[0]);
    assert.ok(first.startsWith("y".repeat(1024)));
    assert.match(first, /\[1976 bytes cut: line longer than input\.maxEntryBytes\]$/);
    assert.equal(textOf(read.entries[1]), "next");
  });

  test("a 5 MB line is kept whole", async () => {
    const line = `ERROR ${"z".repeat(5 * 1024 * 1024)}`;
    const read = await readAll(writeScratch("five-mb.log", `${line}\nnext\n`));
    assert.equal(textOf(read.entries[0]).length, line.length);
    assert.equal(textOf(read.entries[1]), "next");
  });

  test("a last line without a newline is read", async () => {
    const read = await readAll(writeScratch("no-newline.log", "one\ntwo"));
    assert.deepEqual(read.entries.map(textOf), ["one", "two"]);
  });
});

describe("stdin and gzip", () => {
  test("reads standard input when the path is -", async () => {
    const stdin = Readable.from([Buffer.from('{"a":1}\n{"a":'), Buffer.from("2}\n")]);
    const read = await readAll("-", {}, stdin);
    assert.equal(read.result.input, "stdin");
    assert.deepEqual(read.entries.map((e) => jsonOf(e).a), [1, 2]);
  });

  test("reads a UTF-16 file with a byte-order mark (PowerShell's redirect)", async () => {
    const body = Buffer.from('[\r\n  {\r\n    "textPayload": "café"\r\n  }\r\n]\r\n', "utf16le");
    const read = await readAll(writeScratch("utf16.json", Buffer.concat([Buffer.from([0xff, 0xfe]), body])));
    assert.equal(read.result.format, "gcloud-json");
    assert.deepEqual(read.entries.map((e) => jsonOf(e).textPayload), ["café"]);
  });

  test("reads gzip from standard input", async () => {
    const stdin = Readable.from([gzipSync(Buffer.from("ERROR one\nWARNING two\n"))]);
    const read = await readAll("-", {}, stdin);
    assert.deepEqual(read.entries.map(textOf), ["ERROR one", "WARNING two"]);
  });

  test("a .gz cut mid-way keeps what came before, counts invalid_gzip and reports truncated", async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ n: i, pad: `${i}`.repeat(20) })).join("\n");
    const gz = gzipSync(Buffer.from(lines));
    const read = await readAll(writeScratch("cut.ndjson.gz", gz.subarray(0, Math.floor(gz.length / 2))));
    assert.ok(read.entries.length > 0 && read.entries.length < 5000);
    assert.deepEqual(read.entries.map((e) => jsonOf(e).n), Array.from({ length: read.entries.length }, (_, i) => i));
    assert.deepEqual(read.skips.map((s) => s.reason), ["invalid_gzip"]);
    assert.equal(read.result.completeness.kind, "truncated");
  });

  test("a file with gzip magic but corrupt data is one invalid_gzip skip, never a crash", async () => {
    const read = await readAll(writeScratch("corrupt.gz", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x00, 0x01, 0x02])));
    assert.equal(read.entries.length, 0);
    assert.deepEqual(read.skips.map((s) => s.reason), ["invalid_gzip"]);
  });
});

describe("inputs that cannot be opened", () => {
  test("a missing file is a UsageError naming the path, before any entry", () => {
    assert.throws(
      () => openInput(join(scratch, "nope.json"), { stdin: Readable.from([]), options: InputConfigSchema.parse({}) }),
      (error: unknown) => error instanceof UsageError && error.message === `cannot read ${join(scratch, "nope.json")}: no such file`,
    );
  });

  test("a directory is a UsageError", () => {
    const dir = join(scratch, "a-dir");
    mkdirSync(dir, { recursive: true });
    assert.throws(
      () => openInput(dir, { stdin: Readable.from([]), options: InputConfigSchema.parse({}) }),
      (error: unknown) => error instanceof UsageError && error.message.endsWith("it is a directory"),
    );
  });

  test("checkInputPath lets - through and rejects a missing file", () => {
    assert.doesNotThrow(() => checkInputPath("-"));
    assert.throws(() => checkInputPath(join(scratch, "missing.log")), UsageError);
  });

  test("an empty file is no data", async () => {
    const read = await readAll(writeScratch("empty.log", ""));
    assert.deepEqual(read.result.completeness, { kind: "no_data" });
  });
});
