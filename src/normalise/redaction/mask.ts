// Stable, keyed placeholders: the same value masks to the same `<label:hash>` token within a run
// (so distinct users can still be counted), and without the run's key the hash says nothing.

/** Hex digits in a token: 24 bits keeps 10k distinct values to ~3 collisions, short enough to read. */
export const TOKEN_HEX_DIGITS = 6;

/** A token we wrote, or one in the same shape: never masked again. */
export const MASK_TOKEN = /^<[a-z0-9-]+:[0-9a-f]{4,16}>$/;

export interface MaskOptions {
  /** Run-scoped key mixed into every hash; the caller passes a random one per run. */
  readonly hashKey: string;
  /** Exact strings or regex sources (whole-value match) that are never masked. */
  readonly allow: readonly string[];
}

export interface Masker {
  /** The token for `secret`, or `secret` itself when the allow-list keeps it. */
  mask(label: string, secret: string): string;
  isAllowed(secret: string): boolean;
}

// cyrb53-style mixing (two 32-bit lanes, Math.imul): pure, fast, well spread; not cryptographic,
// which is fine because the key is secret and random per run and only 24 bits are shown.
function absorb(state: [number, number], text: string): void {
  let [h1, h2] = state;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  state[0] = h1;
  state[1] = h2;
}

function finish(state: readonly [number, number]): number {
  let [h1, h2] = state;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ (h2 >>> 7)) >>> 0;
}

export function createMasker(options: MaskOptions): Masker {
  const keyed: [number, number] = [0xdeadbeef, 0x41c6ce57];
  absorb(keyed, `${options.hashKey}\u0000`);
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const entry of options.allow) {
    exact.add(entry);
    try {
      patterns.push(new RegExp(`^(?:${entry})$`, "u"));
    } catch {
      // not a regex: an exact string only
    }
  }
  const isAllowed = (secret: string): boolean => exact.has(secret) || patterns.some((p) => p.test(secret));
  return {
    isAllowed,
    mask(label, secret) {
      if (isAllowed(secret)) return secret;
      const state: [number, number] = [keyed[0], keyed[1]];
      absorb(state, secret);
      const hex = finish(state).toString(16).padStart(8, "0").slice(0, TOKEN_HEX_DIGITS);
      return `<${label}:${hex}>`;
    },
  };
}
