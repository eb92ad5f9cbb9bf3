/**
 * A 64-bit hash of an entry key, as two signed 32-bit halves (SQLite stores each in 4 bytes, and
 * no BigInt is needed on the hot path). cyrb53's two multiplicative lanes with both halves kept
 * (bryc, public domain). With a million keys in one cluster the chance of any collision is about
 * 3e-8; a collision would leave one entry uncounted, never double count one.
 */
export function hashEntryKey(key: string, out: Int32Array): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const ch = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h2;
  out[1] = h1;
}

const MS_PER_DAY = 86_400_000;

/** Days since the epoch, the unit entry keys are pruned by. */
export function epochDay(timeMs: number): number {
  return Math.floor(timeMs / MS_PER_DAY);
}
