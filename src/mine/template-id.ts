const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
/** `t` and 7 + 7 base-36 digits, reused: the id is made in one flat string (a joined one costs twice the memory, and a million distinct templates keep a million ids). */
const ID_CODES: number[] = new Array<number>(15).fill(116);

/**
 * A short id derived from the scope and the first template, so the same first line in the same
 * scope gets the same id in every run even without a snapshot (two FNV-1a 32-bit hashes with
 * different offsets, 64 bits in base 36).
 */
export function templateIdFor(scope: string, firstTemplate: string): string {
  let high = 0x811c9dc5;
  let low = 0x050c5d1f;
  // the hash of `${scope}\u0000${firstTemplate}`, without building that string; one loop with the
  // state in locals (a closure over high and low made it about four times slower)
  const length = scope.length + 1 + firstTemplate.length;
  for (let index = 0; index < length; index += 1) {
    const code = index < scope.length ? scope.charCodeAt(index) : index === scope.length ? 0 : firstTemplate.charCodeAt(index - scope.length - 1);
    high = Math.imul(high ^ code, 0x01000193) >>> 0;
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    low = (low ^ (low >>> 15)) >>> 0;
  }
  writeBase36(high, 1);
  writeBase36(low, 8);
  return String.fromCharCode.apply(null, ID_CODES);
}

/** Seven base-36 digits of a 32-bit value (2^32 needs seven), zero-padded, into ID_CODES from `at`. */
function writeBase36(value: number, at: number): void {
  let rest = value;
  for (let index = 6; index >= 0; index -= 1) {
    ID_CODES[at + index] = BASE36.charCodeAt(rest % 36);
    rest = Math.floor(rest / 36);
  }
}
