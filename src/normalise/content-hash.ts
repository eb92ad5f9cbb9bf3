/**
 * Content identity for entries without an insertId. FNV-1a 64 over UTF-8: pure (no node:crypto in a
 * pure stage), fast, stable across runs and platforms; not cryptographic, which identity does not need.
 * The 64-bit state lives in four 16-bit limbs so every product stays exact in a double.
 */
export function fnv1a64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  // offset basis 0xcbf29ce484222325, low limb first
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i += 1) {
    h0 ^= bytes[i]!;
    // × prime 0x100000001b3 = × 0x1b3 + (× 0x100 << 32)
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, "0")).join("");
}

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
  return `h:${fnv1a64(withoutMaskHashes(canonicalText))}`;
}
