/**
 * Fingerprints that stay the same across runs: `lgfp` + 16 hex digits of FNV-1a 64 over what a
 * problem is (kind, service, code location or logger, and the template as first mined), never the
 * line number. FNV-1a, not a cryptographic hash: nothing here is adversarial, it is a few lines of
 * pure code (no node:crypto in a pure stage), and 64 bits keep collisions negligible (about 1 in
 * 10^10 for 50,000 templates). The version tag lets a future change of inputs be told apart.
 */
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
const FINGERPRINT_VERSION = "lgfp/1";
const SEPARATOR = "\u001f";

export function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash;
}

export interface FingerprintParts {
  readonly service?: string;
  readonly module?: string;
  readonly function?: string;
  readonly logger?: string;
  readonly kind: "log" | "http";
  readonly firstTemplate: string;
}

export function templateFingerprint(parts: FingerprintParts): string {
  const text = [FINGERPRINT_VERSION, parts.kind, parts.service ?? "", parts.module ?? "", parts.function ?? "", parts.logger ?? "", parts.firstTemplate].join(SEPARATOR);
  return `lgfp${fnv1a64(text).toString(16).padStart(16, "0")}`;
}
