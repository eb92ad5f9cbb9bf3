/**
 * A short id derived from the scope and the first template, so the same first line in the same
 * scope gets the same id in every run even without a snapshot (two FNV-1a 32-bit hashes with
 * different offsets, 64 bits in base 36).
 */
export function templateIdFor(scope: string, firstTemplate: string): string {
  const text = `${scope}\u0000${firstTemplate}`;
  let high = 0x811c9dc5;
  let low = 0x050c5d1f;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    high = Math.imul(high ^ code, 0x01000193) >>> 0;
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    low = (low ^ (low >>> 15)) >>> 0;
  }
  return `t${high.toString(36).padStart(7, "0")}${low.toString(36).padStart(7, "0")}`;
}
