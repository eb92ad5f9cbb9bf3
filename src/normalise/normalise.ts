import type { LogEntry, RawEntry } from "../model/entry.js";
import { assertNever } from "../model/errors.js";
import type { SkipReason } from "../model/stats.js";
import { canonicalJson, contentKey } from "./content-hash.js";
import { readGcpEntry, type FieldLimits } from "./gcp-entry.js";
import { repairText, repairValue } from "./mojibake.js";
import type { Redactor } from "./redact.js";
import { readTextEntry } from "./text-entry.js";

export interface NormaliserOptions {
  readonly redactor: Redactor;
  /** Defaults mirror `input.levelScanChars` and `input.maxIdsPerEntry` (src/config/sections/input.ts), where the reasons are. */
  readonly limits?: Partial<FieldLimits>;
}

export const DEFAULT_FIELD_LIMITS: FieldLimits = { levelScanChars: 160, maxIdsPerEntry: 16 };

export type NormaliseResult = { kind: "entry"; entry: LogEntry } | { kind: "skipped"; reason: SkipReason; detail?: string };

/**
 * `RawEntry → LogEntry`. Order matters: mojibake repair, then redaction, on the whole raw value FIRST;
 * every field is then read from the repaired, redacted value, so nothing downstream holds a secret.
 *
 * `key` is `id:<insertId>` when the entry has one. Otherwise `h:` + FNV-1a 64 of the redacted content
 * (mask hashes removed, see content-hash.ts), computed here rather than in the source so it covers what
 * the entry says after repair, not how its bytes were laid out. Content alone identifies an entry that
 * carries a time of its own; a text line without one also hashes its input and line number, since the
 * same line printed twice is two events, not a duplicate.
 */
export function createNormaliser(options: NormaliserOptions): (raw: RawEntry) => NormaliseResult {
  const { redactor } = options;
  const limits: FieldLimits = { ...DEFAULT_FIELD_LIMITS, ...options.limits };
  return (raw) => {
    switch (raw.kind) {
      case "json": {
        const clean = redactor.redactValue(raw.printableAscii === true ? raw.json : repairValue(raw.json));
        if (typeof clean !== "object" || clean === null || Array.isArray(clean)) {
          return { kind: "skipped", reason: "not_an_object", detail: `entry ${raw.position}: not a LogEntry object` };
        }
        const json = clean as Readonly<Record<string, unknown>>;
        if (Object.keys(json).length === 0) return { kind: "skipped", reason: "not_an_object", detail: `entry ${raw.position}: an empty object` };
        // Built in key order `key, input, position, …fields, sample` with one copy: a spread of the
        // fields cost ~5 µs an entry (30k entries of the bench/pipeline.bench.ts export, in process).
        const entry: Record<string, unknown> = { key: "", input: raw.input, position: raw.position };
        const fields = readGcpEntry(json, limits, entry);
        entry["key"] = fields.insertId ? `id:${fields.insertId}` : contentKey(`${fields.timestamp === undefined ? `${raw.input}\u0000${raw.position}\u0000` : ""}${canonicalJson(json)}`);
        entry["sample"] = json;
        return { kind: "entry", entry: entry as unknown as LogEntry };
      }
      case "text": {
        const text = redactor.redactText(repairText(raw.text));
        const { stampedAt, ...fields } = readTextEntry(text, limits);
        const key = contentKey(stampedAt ? text : `${raw.input}\u0000${raw.position}\u0000${text}`);
        return { kind: "entry", entry: { key, input: raw.input, position: raw.position, ...fields, sample: text } };
      }
      default:
        return assertNever(raw, "raw entry");
    }
  };
}

