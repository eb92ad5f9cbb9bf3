// The two small pure hashes every stage shares (no node:crypto in pure stages; nothing here is adversarial).

/**
 * FNV-1a 64 over UTF-8, as 16 hex digits: identities that must never change (fingerprints, content keys).
 * The 64-bit state lives in four 16-bit limbs so every product stays exact in a double (no BigInt on the hot path).
 */
export function fnv1a64Hex(text: string): string {
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

/** cyrb53's starting lanes (bryc, public domain). */
export const CYRB53_SEED: readonly [number, number] = [0xdeadbeef, 0x41c6ce57];

/**
 * cyrb53's two multiplicative 32-bit lanes over UTF-16 code units: absorbs `text` into `lanes`
 * in place (start from CYRB53_SEED, or from lanes that already absorbed a key). Writing into the
 * caller's Int32Array keeps the per-entry paths free of allocation.
 */
export function cyrb53Absorb(text: string, lanes: Int32Array): void {
  let h1 = lanes[0] ?? 0;
  let h2 = lanes[1] ?? 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  lanes[0] = h1;
  lanes[1] = h2;
}

/** cyrb53's final mixing of both lanes, in place: `[h1, h2]` is then a 64-bit hash. */
export function cyrb53Finish(lanes: Int32Array): void {
  let h1 = lanes[0] ?? 0;
  let h2 = lanes[1] ?? 0;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  lanes[0] = h1;
  lanes[1] = h2;
}

/** Seeds, absorbs and finishes: the whole cyrb53 of `text` into `out` as `[h1, h2]`. */
export function cyrb53(text: string, out: Int32Array): void {
  out[0] = CYRB53_SEED[0];
  out[1] = CYRB53_SEED[1];
  cyrb53Absorb(text, out);
  cyrb53Finish(out);
}

/** Reused by hash53 (synchronous, never re-entered), so counting ids allocates nothing. */
const lanes53 = new Int32Array(2);

/** cyrb53 as one 53-bit safe integer: ids counted as hashes. */
export function hash53(text: string): number {
  cyrb53(text, lanes53);
  return 4294967296 * (2097151 & (lanes53[1] ?? 0)) + ((lanes53[0] ?? 0) >>> 0);
}
