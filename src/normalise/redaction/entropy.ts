// Randomness tests for values no vendor rule knows: a secret is long, mixes character classes and
// has high Shannon entropy; hashes (one case of hex), UUIDs and words do not pass the stricter one.

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

interface ClassCounts {
  readonly upper: number;
  readonly lower: number;
  readonly digit: number;
  readonly other: number;
}

function classes(text: string): ClassCounts {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper += 1;
    else if (c >= 97 && c <= 122) lower += 1;
    else if (c >= 48 && c <= 57) digit += 1;
    else other += 1;
  }
  return { upper, lower, digit, other };
}

/** Limits for values beside a secret-ish key name (`session`, `x-acme-key`): a weaker test, since the name already hints. */
export const KEYED_VALUE_MIN_LENGTH = 12; // shorter values are ids or words; real tokens are 16+ chars
export const KEYED_VALUE_MIN_ENTROPY = 3.0;
export const KEYED_ONE_CASE_MIN_LENGTH = 20; // a hex session id (32) or UUID (36) counts; `order-20250914` does not // bits/char; `aaaa1111bbbb` is 2.0, a 16-char random token ≈ 3.8

/** A value beside a secret-ish key that looks like a credential rather than a word or a number. */
export function looksRandomBesideKey(value: string): boolean {
  if (value.length < KEYED_VALUE_MIN_LENGTH || /\s/.test(value)) return false;
  const c = classes(value);
  if (c.digit === 0 || c.upper + c.lower === 0) return false;
  // One-case ids (`tenant-12345678`) stay readable unless long; generated tokens mix cases or run long (UUID, hex).
  if ((c.upper === 0 || c.lower === 0) && value.length < KEYED_ONE_CASE_MIN_LENGTH) return false;
  return shannonEntropy(value) >= KEYED_VALUE_MIN_ENTROPY;
}

/** Limits for free-standing strings (no key name to go by): strict, so hashes, UUIDs and trace ids stay readable. */
export const FREE_VALUE_MIN_LENGTH = 32; // Stripe/Firebase object ids stay below; AWS secrets (40) and most API keys are above
export const FREE_VALUE_MIN_ENTROPY = 4.0; // bits/char; random base62 of length 32 gives ≈ 4.6, camel-case identifiers ≈ 3.8
export const FREE_VALUE_MIN_PER_CLASS = 2; // upper, lower and digit each: rules out hex, ULIDs and identifiers

/** A free-standing token that is almost surely a random secret (base64/base62 of a key). */
export function looksRandomFreeStanding(value: string): boolean {
  if (value.length < FREE_VALUE_MIN_LENGTH) return false;
  const c = classes(value);
  if (c.upper < FREE_VALUE_MIN_PER_CLASS || c.lower < FREE_VALUE_MIN_PER_CLASS || c.digit < FREE_VALUE_MIN_PER_CLASS) return false;
  return shannonEntropy(value) >= FREE_VALUE_MIN_ENTROPY;
}

