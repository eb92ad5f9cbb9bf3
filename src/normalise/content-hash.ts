// Content identity for entries without an insertId: FNV-1a 64 (src/model/hash.ts) over the canonical text.
import { fnv1a64Hex } from "../model/hash.js";

/** JSON with object keys sorted at every level, so the same entry hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Redaction masks values as `<label:hash>` with a key that changes every run; the hash part is dropped
 * before hashing so an entry keeps its identity from one run to the next, and no secret goes into it.
 */
export function withoutMaskHashes(text: string): string {
  return text.replace(/<([a-z0-9-]+):[0-9a-f]{4,16}>/g, "<$1>");
}

/** `h:` + 16 hex digits. */
export function contentKey(canonicalText: string): string {
  return `h:${fnv1a64Hex(withoutMaskHashes(canonicalText))}`;
}
