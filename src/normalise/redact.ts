// The redaction stage: every string of every entry passes here before clustering, so nothing
// downstream (worklog, JSON, HTML, issues, state) can hold a secret or personal data.
//
// Order matters: whole blocks first (private keys, URL credentials), then vendor token shapes,
// then key names (`password=`), then free-standing high-entropy strings, then personal data.
// Each pass leaves `<label:hash>` tokens that later passes recognise and skip.
import { UsageError } from "../model/errors.js";
import { MAX_VALUE_DEPTH } from "./mojibake.js";
import { maskKeyedString, redactAssignments, redactSpokenSecrets, SECRET_KEY_STEMS } from "./redaction/assignments.js";
import { FREE_VALUE_MIN_LENGTH, looksRandomFreeStanding } from "./redaction/entropy.js";
import { classifyKey, type KeyClass } from "./redaction/key-names.js";
import { createMasker, type Masker } from "./redaction/mask.js";
import { redactPersonalData } from "./redaction/personal-data.js";
import { TOKEN_RULES, TOKEN_RUN_GATE, type TokenRule } from "./redaction/token-rules.js";
import { shapeOf } from "./redaction/text-shape.js";

export interface RedactionOptions {
  readonly maskEmails: boolean;
  readonly maskIpAddresses: boolean;
  readonly maskPhoneNumbers: boolean;
  /** User names in `/home/<name>` and `C:\Users\<name>` paths (default true). */
  readonly maskHomePaths?: boolean;
  readonly customPatterns: readonly { readonly name: string; readonly pattern: string }[];
  readonly allow: readonly string[];
  /**
   * Secret key for the `<label:hash>` tokens: the same value gives the same token only under the same
   * key, and without it nobody can test guesses (`is <email:1a2b3c> alice@corp.io?`). A random key kept
   * in the state store keeps tokens, and entry keys hashed from redacted content, stable across runs.
   */
  readonly hashKey?: string;
}

export interface Redactor {
  /** Redacts secrets and personal data in free text. */
  redactText(text: string): string;
  /** Walks JSON-like values; key names (password, token, …) decide too. Returns a new value, or the input itself when nothing was masked. */
  redactValue(value: unknown): unknown;
}

/** Strings shorter than this hold nothing we mask (the shortest, an email like `a@b.co`, has 6). */
export const MIN_REDACTABLE_LENGTH = 6;
/** What replaces a subtree nested deeper than MAX_VALUE_DEPTH: it cannot be walked safely, so it is not kept. */
export const TOO_DEEP = "<nested-too-deep>";

/** Key used when the caller passes none: public, so tokens of guessable values (emails, IPs) can be tested; pass a secret one. */
export const DEFAULT_HASH_KEY = "log-gardener";

interface CompiledRule {
  readonly rule: TokenRule;
  readonly regex: RegExp;
}

/** Sets a field; a `__proto__` key stays data instead of replacing the prototype. */
function defineField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileCustom(pattern: { name: string; pattern: string }): CompiledRule {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern.pattern, "g");
  } catch (error) {
    throw new UsageError(`redaction.customPatterns "${pattern.name}": invalid regular expression: ${(error as Error).message}`);
  }
  if (regex.test("")) throw new UsageError(`redaction.customPatterns "${pattern.name}": the pattern matches the empty string`);
  return { rule: { id: `custom-${pattern.name}`, label: pattern.name.toLowerCase(), triggers: [], pattern: pattern.pattern, reference: "configuration" }, regex };
}

function applyRule(text: string, compiled: CompiledRule, masker: Masker): string {
  const { rule, regex } = compiled;
  return text.replace(regex, (...args: unknown[]) => {
    const match = args[0] as string;
    const groups = args.at(-1);
    const named = typeof groups === "object" && groups !== null ? (groups as Record<string, string | undefined>)["secret"] : undefined;
    const firstGroup = typeof args[1] === "string" && rule.triggers.length === 0 ? args[1] : undefined;
    const secret = named ?? firstGroup ?? match;
    if (secret.length === 0 || secret.startsWith("<") || (rule.accept !== undefined && !rule.accept(secret))) return match;
    const masked = masker.mask(rule.label, secret);
    if (secret === match) return masked;
    const offset = match.indexOf(secret);
    return match.slice(0, offset) + masked + match.slice(offset + secret.length);
  });
}

/** A run of URL-encoded text holding at least one escape. */
const URL_ENCODED_RUN = /(?<![A-Za-z0-9._~+!*'()%-])[A-Za-z0-9._~+!*'()-]*%[0-9A-Fa-f]{2}[A-Za-z0-9._~+!*'()%-]*/g;
/** `sha256-<base64>` is a Subresource Integrity digest (W3C SRI), random by nature and not a secret. */
const SRI_DIGEST = /^sha(?:256|384|512)-/;
const FREE_TOKEN = new RegExp(`(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{${FREE_VALUE_MIN_LENGTH},}={0,2}(?![A-Za-z0-9+/_=-])`, "g");
/** Redacted strings remembered per redactor: service names, loggers, labels and many messages repeat. Cleared when full. */
export const REDACTION_CACHE_SIZE = 16_384;
/** Only strings up to this length are cached: long ones rarely repeat and would hold memory. */
export const CACHED_TEXT_MAX_LENGTH = 256;
const LOWER_HEX = /^[0-9a-f]+$/;
const LOWER_PATH = /^[a-z0-9/-]+$/;
const DASHED_PHONE = /\d{3}-\d{3}-\d{4}|\d{3}-\d{2}-\d{4}|\d{4}-\d{4}-\d{4}/;
/** An RFC 3339 time as LogEntry fields hold it: digits, `-`, `:`, `.`, `T`, a zone; no pass can find anything in it. */
const RFC3339_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$/;

/** What `scanInert` found: text no built-in pass can change (isInertText), lowercase hex, or a lowercase path. */
const INERT_WORDS = 1;
const LOWER_HEX_ONLY = 2;
const LOWER_PATH_ONLY = 4;
/** The shortest card number: a run of this many digits is never inert. */
const CARD_MIN_DIGITS = 13;

/**
 * One scan of a string for every inert test the redactor makes before its passes (they were three
 * regular expressions and a loop, each run on nearly every string of every entry):
 *
 * - INERT_WORDS: letters, digits, `_`, `.` and `-` only, no run of 16 token characters (TOKEN_RUN_GATE:
 *   no token rule can fire without a colon or space either), and not digits together with `.`/`-`
 *   (addresses and phone numbers need both); or an RFC 3339 time. Enum values, ids, logger and module
 *   names, line numbers and timestamps are most strings of an entry.
 * - LOWER_HEX_ONLY: `[0-9a-f]+` (span ids, hashes); LOWER_PATH_ONLY: `[a-z0-9/-]+` (trace names).
 *
 * A run of 13 digits (a card number's length) sets nothing.
 */
function scanInert(text: string): number {
  let run = 0;
  let digitRun = 0;
  let digit = false;
  let dotOrDash = false;
  let words = true;
  let hex = true;
  let path = true;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digitRun >= CARD_MIN_DIGITS) return 0;
      digit = true;
      run += 1;
    } else {
      digitRun = 0;
      if (c >= 97 && c <= 122) {
        run += 1;
        if (c > 102) hex = false;
      } else if ((c >= 65 && c <= 90) || c === 95) {
        run += 1;
        hex = false;
        path = false;
      } else if (c === 45) {
        dotOrDash = true;
        run += 1;
        hex = false;
      } else if (c === 46) {
        dotOrDash = true;
        run = 0;
        hex = false;
        path = false;
      } else if (c === 47 && path) {
        words = false;
        hex = false;
      } else return text.length <= 35 && RFC3339_TIME.test(text) ? INERT_WORDS : 0;
    }
    if (run >= TOKEN_RUN_GATE) words = false;
  }
  return (words && !(digit && dotOrDash) ? INERT_WORDS : 0) | (hex ? LOWER_HEX_ONLY : 0) | (path ? LOWER_PATH_ONLY : 0);
}

/** True for text that no built-in pass can change, decided in one scan without the cache (scanInert). Exported for the test that checks it against the full passes. */
export function isInertText(text: string): boolean {
  return (scanInert(text) & INERT_WORDS) !== 0;
}
/** Keys that are plain identifiers this short cannot hold anything we mask (every token shape is longer). */
const PLAIN_KEY = /^[A-Za-z_][\w.-]{0,23}$/;
/** Key classifications remembered per redactor; field names repeat on every entry. Cleared when full. */
export const KEY_CLASS_CACHE_SIZE = 4_096;

export function createRedactor(options: RedactionOptions): Redactor {
  const masker = createMasker({ hashKey: options.hashKey ?? DEFAULT_HASH_KEY, allow: options.allow });
  const compile = (rule: TokenRule): CompiledRule => ({ rule, regex: new RegExp(rule.pattern, `g${rule.flags ?? ""}`) });
  const shortRules = TOKEN_RULES.filter((r) => r.needsLongRun === false).map(compile);
  const longRules = TOKEN_RULES.filter((r) => r.needsLongRun !== false).map(compile);
  const customRules = options.customPatterns.map(compileCustom);
  // One scan answers "could any of these rules match?" before each rule looks for its own triggers.
  const anyTriggerOf = (rules: readonly CompiledRule[]): RegExp => new RegExp(Array.from(new Set(rules.flatMap((c) => c.rule.triggers)), escapeRegex).join("|"));
  const anyShortTrigger = anyTriggerOf(shortRules);
  const anyLongTrigger = anyTriggerOf(longRules);
  const personal = {
    maskEmails: options.maskEmails,
    maskIpAddresses: options.maskIpAddresses,
    maskPhoneNumbers: options.maskPhoneNumbers,
    maskHomePaths: options.maskHomePaths ?? true,
  };

  // Field names repeat on every entry: their class and whether the name itself is plain are
  // remembered together, one lookup a field (bounded by KEY_CLASS_CACHE_SIZE, cleared when full).
  const keyFacts = new Map<string, { readonly keyClass: KeyClass; readonly plain: boolean }>();
  function factsOf(key: string): { readonly keyClass: KeyClass; readonly plain: boolean } {
    let facts = keyFacts.get(key);
    if (facts === undefined) {
      if (keyFacts.size >= KEY_CLASS_CACHE_SIZE) keyFacts.clear();
      facts = { keyClass: classifyKey(key), plain: PLAIN_KEY.test(key) };
      keyFacts.set(key, facts);
    }
    return facts;
  }
  const classify = (key: string): KeyClass => factsOf(key).keyClass;

  const cache = new Map<string, string>();
  const builtInOnly = customRules.length === 0;
  // Lowercase hex (span ids, hashes) is inert too while no rule's trigger is itself lowercase hex: no
  // rule can fire, a free-standing secret needs capitals, personal data needs `@ . / + ( -`.
  const hexInert = builtInOnly && TOKEN_RULES.every((rule) => rule.triggers.every((t) => !LOWER_HEX.test(t)));
  // Lowercase paths and names (`projects/p/traces/<hex>`, revision names): no rule fires without its
  // trigger, a free-standing secret needs capitals, and of personal data only a home path or a
  // `555-123-4567` number can be written in these characters. Trace names are the most frequent
  // strings that never repeat (~70% of entries of the bench/pipeline.bench.ts export).
  const lowerTriggers = TOKEN_RULES.flatMap((rule) => rule.triggers).filter((t) => LOWER_PATH.test(t));
  // One scan for all of them: `includes` per trigger cost more than the rest of the fast path.
  const lowerPathBlocker = new RegExp(["/home/", DASHED_PHONE.source, ...lowerTriggers.map(escapeRegex)].join("|"));
  /** For text of `[a-z0-9/-]` only. */
  const isInertLowerPath = (text: string): boolean => !lowerPathBlocker.test(text);
  function isInert(text: string): boolean {
    const found = scanInert(text);
    return (found & INERT_WORDS) !== 0 || (hexInert && (found & LOWER_HEX_ONLY) !== 0) || ((found & LOWER_PATH_ONLY) !== 0 && isInertLowerPath(text));
  }
  function redactText(text: string): string {
    if (text.length < MIN_REDACTABLE_LENGTH) return text;
    if (text.length > CACHED_TEXT_MAX_LENGTH) return redactUncached(text);
    if (builtInOnly && isInert(text)) return text;
    let out = cache.get(text);
    if (out === undefined) {
      if (cache.size >= REDACTION_CACHE_SIZE) cache.clear();
      out = redactUncached(text);
      cache.set(text, out);
    }
    return out;
  }

  function redactUncached(text: string): string {
    let out = text;
    for (const custom of customRules) out = applyRule(out, custom, masker);
    // The shape of the input bounds what any pass can find: masking only ever shortens runs and
    // adds `<label:hash>` tokens, which every pass skips.
    const shape = shapeOf(out, FREE_VALUE_MIN_LENGTH);
    if ((shape.space || shape.colons > 0 || shape.longestTokenRun >= TOKEN_RUN_GATE) && anyShortTrigger.test(out)) {
      for (const compiled of shortRules) {
        if (compiled.rule.triggers.some((t) => out.includes(t))) out = applyRule(out, compiled, masker);
      }
    }
    if (shape.longestTokenRun >= TOKEN_RUN_GATE && anyLongTrigger.test(out)) {
      for (const compiled of longRules) {
        if (compiled.rule.triggers.some((t) => out.includes(t))) out = applyRule(out, compiled, masker);
      }
    }
    if ((shape.equals || shape.colons > 0) && SECRET_KEY_STEMS.test(out)) out = redactAssignments(out, masker, classify);
    if (shape.space) out = redactSpokenSecrets(out, masker);
    if (shape.longestTokenRun >= FREE_VALUE_MIN_LENGTH) out = out.replace(FREE_TOKEN, (m) => (!SRI_DIGEST.test(m) && looksRandomFreeStanding(m) ? masker.mask("secret", m) : m));
    out = redactPersonalData(out, shape, personal, masker);
    // URL-encoded text (`carol%2Bvip%40example.com`, `?q=%7B%22password%22%3A%22…%22%7D`) is read
    // decoded: a run that decodes to something with a secret is replaced by its redacted decoding.
    return out.includes("%") ? out.replace(URL_ENCODED_RUN, (run) => redactEncoded(run)) : out;
  }

  function redactEncoded(run: string): string {
    let decoded: string;
    try {
      decoded = decodeURIComponent(run.replace(/\+/g, " "));
    } catch {
      return run;
    }
    // One level of decoding: text encoded twice is read once, not recursively.
    if (decoded === run || depthGuard.active) return run;
    depthGuard.active = true;
    try {
      const redacted = redactUncached(decoded);
      return redacted === decoded ? run : redacted;
    } finally {
      depthGuard.active = false;
    }
  }
  const depthGuard = { active: false };

  function redactKeyed(keyClass: KeyClass, value: unknown, depth: number): unknown {
    if (depth > MAX_VALUE_DEPTH && value !== null && typeof value === "object") return TOO_DEEP;
    if (typeof value === "string") {
      const redacted = redactText(value);
      if (keyClass.kind === "none") return redacted;
      // Whatever the rules left of a secret field is masked whole (the scheme of an Authorization value stays).
      const leftover = redacted.replace(/<[a-z0-9-]+:[0-9a-f]+>/g, "").replace(/^[A-Za-z0-9-]+\s+/, "");
      if (redacted !== value && !/[A-Za-z0-9]{4}/.test(leftover)) return redacted;
      return maskKeyedString(keyClass, value, masker) ?? redacted;
    }
    if ((typeof value === "number" || typeof value === "bigint") && keyClass.kind === "secret") return masker.mask(keyClass.label, String(value));
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i += 1) {
        const item: unknown = value[i];
        const redacted = redactKeyed(keyClass, item, depth + 1);
        if (redacted !== item) (out ??= value.slice())[i] = redacted;
      }
      return out ?? value;
    }
    if (value !== null && typeof value === "object") return redactObject(value as Record<string, unknown>, depth);
    return value;
  }

  function redactObject(object: Record<string, unknown>, depth: number): Record<string, unknown> {
    // `{"name": "Authorization", "value": "Bearer …"}` (header lists): the name field classifies the value.
    const named = typeof object["name"] === "string" ? object["name"] : typeof object["key"] === "string" ? object["key"] : undefined;
    const nameClass = named === undefined ? undefined : classify(named);
    const keys = Object.keys(object);
    // Built only once something changes: no copy for the common case of nothing to mask.
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      const inner = object[key];
      const facts = factsOf(key);
      const keyClass = nameClass !== undefined && nameClass.kind !== "none" && key === "value" ? nameClass : facts.keyClass;
      const k = facts.plain ? key : redactText(key);
      const v = redactKeyed(keyClass, inner, depth + 1);
      if (out === undefined && (k !== key || v !== inner)) {
        out = {};
        for (let j = 0; j < i; j += 1) defineField(out, keys[j] as string, object[keys[j] as string]);
      }
      if (out !== undefined) defineField(out, k, v);
    }
    return out ?? object;
  }

  return {
    redactText,
    redactValue: (value) => redactKeyed({ kind: "none" }, value, 0),
  };
}
