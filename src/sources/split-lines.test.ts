import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { RawEntry } from "../model/entry.js";
import type { LogSource, SourceItem } from "../model/source.js";
import { joinSplitLines, type SplitLineOptions } from "./split-lines.js";

const OPTIONS: SplitLineOptions = { maxGapMs: 50, maxExceptionGapMs: 2_000, maxLines: 200, maxHeldEntries: 10_000 };

interface LineSpec {
  readonly text: string;
  /** Microseconds after 12:00:00. */
  readonly us: number;
  readonly instance?: string;
  readonly log?: string;
}

function entryOf(spec: LineSpec, position: number): RawEntry {
  const seconds = Math.floor(spec.us / 1_000_000);
  const micros = String(spec.us % 1_000_000).padStart(6, "0");
  return {
    kind: "json",
    input: "export.json",
    position,
    json: {
      textPayload: spec.text,
      timestamp: `2026-11-30T12:00:${String(seconds).padStart(2, "0")}.${micros}Z`,
      logName: `projects/p/logs/run.googleapis.com%2F${spec.log ?? "stderr"}`,
      resource: { type: "cloud_run_revision", labels: { service_name: "api", revision_name: "api-00001-abc" } },
      labels: { instanceId: spec.instance ?? "instance-a" },
    },
  };
}

async function* sourceOf(specs: readonly LineSpec[]): LogSource {
  let position = 0;
  for (const spec of specs) yield { kind: "entry", entry: entryOf(spec, (position += 1)) };
  yield { kind: "end", result: { input: "export.json", format: "gcloud-json", entriesRead: specs.length, completeness: { kind: "complete" } } };
}

async function collect(specs: readonly LineSpec[], options = OPTIONS): Promise<{ texts: string[]; joined: number; items: SourceItem[] }> {
  const items: SourceItem[] = [];
  for await (const item of joinSplitLines(sourceOf(specs), options)) items.push(item);
  const texts = items.flatMap((item) => (item.kind === "entry" && item.entry.kind === "json" ? [String(item.entry.json["textPayload"])] : []));
  return { texts, joined: items.filter((item) => item.kind === "joined").length, items };
}

const TRACEBACK = [
  "Traceback (most recent call last):",
  '  File "/app/main.py", line 12, in handler',
  "    rows = fetch_rows(query)",
  '  File "/app/db.py", line 40, in fetch_rows',
  "    raise TimeoutError(query)",
  "TimeoutError: SELECT 1",
];

const lines = (texts: readonly string[], startUs: number, stepUs: number, instance?: string): LineSpec[] =>
  texts.map((text, index) => ({ text, us: startUs + index * stepUs, ...(instance ? { instance } : {}) }));

describe("joinSplitLines", () => {
  test("joins a traceback logged one line per entry into one entry", async () => {
    const { texts, joined } = await collect(lines(TRACEBACK, 1_000, 4));
    assert.deepEqual(texts, [TRACEBACK.join("\n")]);
    assert.equal(joined, TRACEBACK.length - 1);
  });

  test("joins lines read newest first (gcloud's order) in time order", async () => {
    const { texts, joined } = await collect(lines(TRACEBACK, 1_000, 4).reverse());
    assert.deepEqual(texts, [TRACEBACK.join("\n")]);
    assert.equal(joined, TRACEBACK.length - 1);
  });

  test("keeps the tracebacks of two instances apart when their lines interleave", async () => {
    const a = lines(TRACEBACK, 1_000, 4, "instance-a");
    const b = lines(TRACEBACK.map((line) => line.replace("SELECT 1", "SELECT 2")), 1_002, 4, "instance-b");
    const interleaved = a.flatMap((line, index) => [line, b[index]!]);
    const { texts } = await collect(interleaved);
    assert.deepEqual([...texts].sort(), [TRACEBACK.join("\n"), TRACEBACK.join("\n").replace("SELECT 1", "SELECT 2")].sort());
  });

  test("never joins lines further apart than the gap", async () => {
    const far = lines(TRACEBACK, 1_000, 60_000);
    const { texts, joined } = await collect(far);
    assert.equal(texts.length, TRACEBACK.length);
    assert.equal(joined, 0);
  });

  test("joins an exception line flushed a second after its frames, and nothing else that late", async () => {
    const frames = lines(TRACEBACK.slice(0, 5), 1_000, 4);
    const late = [
      { text: "TimeoutError: SELECT 1", us: 1_020_000 },
      { text: "    an indented line, late", us: 1_520_000 },
    ];
    const { texts } = await collect([...frames, ...late]);
    assert.deepEqual(texts, [TRACEBACK.join("\n"), "    an indented line, late"]);
  });

  test("a whole traceback in one entry is not continued by the log line after it", async () => {
    const { texts, joined } = await collect([
      { text: TRACEBACK.join("\n"), us: 1_000 },
      { text: "[2025-09-14 18:40:57 +0000] [1] [ERROR] Worker (pid:11) exited with code 3", us: 43_000 },
    ]);
    assert.equal(joined, 0);
    assert.equal(texts.length, 2);
  });

  test("leaves separate messages of one instance apart, however close", async () => {
    const { texts, joined } = await collect(lines(["Connection reset by peer", "Retrying in 2s", "Giving up after 5 attempts"], 1_000, 2));
    assert.deepEqual(texts, ["Connection reset by peer", "Retrying in 2s", "Giving up after 5 attempts"]);
    assert.equal(joined, 0);
  });

  test("joins indented detail lines printed under a line, as a text log keeps them, but not a line back at the margin", async () => {
    const block = ["📝 Order summary:", "   Store: Main St", "   Items:", "   - hot pot x1"];
    const { texts, joined } = await collect(lines([...block, "Order confirmed"], 1_000, 40));
    assert.deepEqual(texts, [block.join("\n"), "Order confirmed"]);
    assert.equal(joined, 3);
  });

  test("joins a traceback to the error line logged right above it, and keeps SQLAlchemy's detail lines", async () => {
    const text = [
      "ERROR:root:Failed to save user",
      ...TRACEBACK.slice(0, 5),
      "sqlalchemy.exc.OperationalError: (1364, \"Field 'user_id' doesn't have a default value\")",
      "[SQL: INSERT INTO users (id) VALUES (%(id)s)]",
      "[parameters: {'id': 1}]",
      "(Background on this error at: https://sqlalche.me/e/20/e3q8)",
    ];
    const { texts } = await collect([...lines(text, 1_000, 3), { text: "Shutting down", us: 2_000_000 }]);
    assert.deepEqual(texts, [text.join("\n"), "Shutting down"]);
  });

  test("accounts for every line read: entries plus joined lines", async () => {
    const specs = [
      ...lines(TRACEBACK, 1_000, 4, "instance-a"),
      ...lines(["plain warning one", "plain warning two"], 5_000_000, 1, "instance-b"),
      ...lines(TRACEBACK, 9_000_000, 4, "instance-a"),
    ];
    const { items } = await collect(specs);
    const entries = items.filter((item) => item.kind === "entry").length;
    const joined = items.filter((item) => item.kind === "joined").length;
    assert.equal(entries + joined, specs.length);
    assert.equal(entries, 4);
    assert.equal(items.at(-1)?.kind, "end");
  });

  test("passes entries with a JSON payload, an HTTP request or no instance through untouched", async () => {
    async function* mixed(): LogSource {
      const base = entryOf({ text: "  indented", us: 10 }, 1);
      yield { kind: "entry", entry: base };
      const baseJson = base.kind === "json" ? base.json : {};
      const noInstance: RawEntry = { kind: "json", input: base.input, position: 2, json: { ...baseJson, labels: {} } };
      yield { kind: "entry", entry: noInstance };
      const structured: RawEntry = { kind: "json", input: "x", position: 3, json: { jsonPayload: { message: "  also indented" }, timestamp: "2026-11-30T12:00:00.000011Z" } };
      yield { kind: "entry", entry: structured };
      yield { kind: "end", result: { input: "x", format: "gcloud-json", entriesRead: 3, completeness: { kind: "complete" } } };
    }
    const positions: number[] = [];
    for await (const item of joinSplitLines(mixed(), OPTIONS)) if (item.kind === "entry") positions.push(item.entry.position);
    assert.deepEqual([...positions].sort(), [1, 2, 3]);
  });

  test("lets the oldest held lines through when more are held than the bound", async () => {
    const many = Array.from({ length: 50 }, (_, index) => ({ text: `  line ${index}`, us: 1_000 + index, instance: `instance-${index}` }));
    const { texts, joined } = await collect(many, { ...OPTIONS, maxHeldEntries: 5 });
    assert.equal(texts.length, 50);
    assert.equal(joined, 0);
  });
});
