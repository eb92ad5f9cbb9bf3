// Stable, keyed placeholders: the same value masks to the same `<label:hash>` token within a run
// (so distinct users can still be counted), and without the run's key the hash says nothing.
import { CYRB53_SEED, cyrb53Absorb, cyrb53Finish } from "../../model/hash.js";

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

// cyrb53 (src/model/hash.ts) keyed by absorbing the key first: not cryptographic, which is fine
// because the key is secret and random per installation and only 24 bits are shown.
function keyedToken(keyed: Int32Array, secret: string, lanes: Int32Array): number {
  lanes.set(keyed);
  cyrb53Absorb(secret, lanes);
  cyrb53Finish(lanes);
  return ((lanes[0] ?? 0) ^ ((lanes[1] ?? 0) >>> 7)) >>> 0;
}

export function createMasker(options: MaskOptions): Masker {
  const keyed = Int32Array.from(CYRB53_SEED);
  cyrb53Absorb(`${options.hashKey}\u0000`, keyed);
  const lanes = new Int32Array(2);
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
      const hex = keyedToken(keyed, secret, lanes).toString(16).padStart(8, "0").slice(0, TOKEN_HEX_DIGITS);
      return `<${label}:${hex}>`;
    },
  };
}
