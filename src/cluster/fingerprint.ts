/**
 * Fingerprints that stay the same across runs: `lgfp` + 16 hex digits of FNV-1a 64 over what a
 * problem is (kind, service, code location or logger, and the template as first mined), never the
 * line number. FNV-1a, not a cryptographic hash: nothing here is adversarial, it is a few lines of
 * pure code (no node:crypto in a pure stage), and 64 bits keep collisions negligible (about 1 in
 * 10^10 for 50,000 templates). The version tag lets a future change of inputs be told apart.
 */
import { fnv1a64Hex } from "../model/hash.js";

const FINGERPRINT_VERSION = "lgfp/1";
const SEPARATOR = "\u001f";

/** `demo-user-<*>`, `usr_<*>`: an id with a fixed prefix; whether the masks kept the prefix depends on the value. */
const PREFIXED_VARIABLE = /^(?:[A-Za-z][A-Za-z0-9]*[-_])+(<\*>[^\sA-Za-z0-9]*)$/;
/** `demo-use...`, `<*>...`: a value the application cut short and marked with an ellipsis. */
const CUT_VALUE = /^(["'(\[]?)(?:[^\s"']*[-_0-9<>*][^\s"']*?)(?:\.\.\.|…)(["')\],;:]*)$/;

/**
 * The first template as the fingerprint reads it: variables whose masked form depends on the value
 * (`demo-user-<*>` for `demo-user-001` but `<*>` for `usr_4f2a…`; an id cut to `demo-use...`) become
 * one `<*>`, so the same problem keeps its fingerprint whichever value it happened to log first.
 * Only a position's token changes, never the token count, so different messages stay different.
 */
export function canonicalTemplate(template: string): string {
  return template
    .split(" ")
    .map((token) => (CUT_VALUE.test(token) ? token.replace(CUT_VALUE, "$1<*>$2") : token.replace(PREFIXED_VARIABLE, "$1")))
    .join(" ");
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
  return fingerprintOf(parts, canonicalTemplate(parts.firstTemplate));
}

/**
 * The fingerprint of the first template exactly as mined, for the rare templates of one scope whose
 * canonical forms coincide (`took <*>` from `took 5ms` and from `took main_x`): they keep apart.
 */
export function exactTemplateFingerprint(parts: FingerprintParts): string {
  return fingerprintOf(parts, `=${parts.firstTemplate}`);
}

function fingerprintOf(parts: FingerprintParts, template: string): string {
  const text = [FINGERPRINT_VERSION, parts.kind, parts.service ?? "", parts.module ?? "", parts.function ?? "", parts.logger ?? "", template].join(SEPARATOR);
  return `lgfp${fnv1a64Hex(text)}`;
}
