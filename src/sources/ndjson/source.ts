import type { InputConfig } from "../../config/sections/input.js";
import type { SourceItem } from "../../model/source.js";
import type { SkipReason } from "../../model/stats.js";
import { decodeUtf8, readLines, type InputBrokenError, type LineConsumer, type ReadEnd } from "../text/lines.js";

/** `typeof`-style name for a JSON value that is not an object, for skip details. */
export function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * One LogEntry JSON object per line (`gcloud logging read --format=json | jq -c '.[]'`, structured stdout).
 * Positions are line numbers, so `sed -n <N>p` finds a skipped line; blank lines are not entries.
 * Details never quote the line: it may hold a secret that redaction has not seen.
 */
export class NdjsonConsumer implements LineConsumer {
  readonly queue: SourceItem[] = [];

  constructor(
    private readonly input: string,
    private readonly maxEntryBytes: number,
  ) {}

  line(bytes: Buffer, lineNumber: number, droppedBytes: number): void {
    if (droppedBytes > 0) {
      this.skip("entry_too_large", lineNumber, `line ${lineNumber}: ${bytes.length + droppedBytes} bytes, over input.maxEntryBytes (${this.maxEntryBytes})`);
      return;
    }
    const text = decodeUtf8(bytes);
    if (text.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.skip("invalid_json", lineNumber, `line ${lineNumber}: not valid JSON`);
      return;
    }
    if (!isJsonObject(value)) {
      this.skip("not_an_object", lineNumber, `line ${lineNumber}: ${jsonKind(value)}, not a LogEntry object`);
      return;
    }
    this.queue.push({ kind: "entry", entry: { kind: "json", input: this.input, position: lineNumber, json: value } });
  }

  end(_broken: InputBrokenError | undefined): undefined {
    return undefined;
  }

  private skip(reason: SkipReason, position: number, detail: string): void {
    this.queue.push({ kind: "skip", skip: { reason, input: this.input, position, detail } });
  }
}

export function readNdjson(
  chunks: AsyncIterable<Buffer>,
  input: string,
  limits: Pick<InputConfig, "maxEntryBytes">,
): AsyncGenerator<SourceItem, ReadEnd> {
  return readLines(chunks, limits.maxEntryBytes, new NdjsonConsumer(input, limits.maxEntryBytes));
}
