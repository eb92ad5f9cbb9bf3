// The redaction stage: every string of every entry passes here before clustering, so nothing
// downstream (worklog, JSON, HTML, issues, state) can hold a secret or personal data.
//
// Order matters: whole blocks first (private keys, URL credentials), then vendor token shapes,
// then key names (`password=`), then free-standing high-entropy strings, then personal data.
// Each pass leaves `<label:hash>` tokens that later passes recognise and skip.
import { UsageError } from "../model/errors.js";
import { maskKeyedString, redactAssignments, redactSpokenSecrets } from "./redaction/assignments.js";
import { looksRandomFreeStanding } from "./redaction/entropy.js";
import { classifyKey, type KeyClass } from "./redaction/key-names.js";
import { createMasker, type Masker } from "./redaction/mask.js";
import { redactPersonalData } from "./redaction/personal-data.js";
import { TOKEN_RULES, type TokenRule } from "./redaction/token-rules.js";

export interface RedactionOptions {
  readonly maskEmails: boolean;
  readonly maskIpAddresses: boolean;
  readonly maskPhoneNumbers: boolean;
  /** User names in `/home/<name>` and `C:\Users\<name>` paths (default true). */
  readonly maskHomePaths?: boolean;
  readonly customPatterns: readonly { readonly name: string; readonly pattern: string }[];
  readonly allow: readonly string[];
  /** Run-scoped random key for the `<label:hash>` tokens; the same value gives the same token only under the same key. */
  readonly hashKey?: string;
}

export interface Redactor {
  /** Redacts secrets and personal data in free text. */
  redactText(text: string): string;
  /** Walks JSON-like values; key names (password, token, …) decide too. Returns a new value. */
  redactValue(value: unknown): unknown;
}

/** Strings shorter than this hold nothing we mask (the shortest, an email like `a@b.co`, has 6). */
export const MIN_REDACTABLE_LENGTH = 6;
/** Key used when the caller passes none: tokens are then stable across runs too, so pass one per run. */
export const DEFAULT_HASH_KEY = "log-gardener";

interface CompiledRule {
  readonly rule: TokenRule;
  readonly regex: RegExp;
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

const FREE_TOKEN = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/_=-])/g;
/** Cheap gate for the free-standing entropy rule: a run of 32 token characters somewhere. */
const FREE_TOKEN_GATE = /[A-Za-z0-9+/_-]{32}/;

export function createRedactor(options: RedactionOptions): Redactor {
  const masker = createMasker({ hashKey: options.hashKey ?? DEFAULT_HASH_KEY, allow: options.allow });
  const tokenRules = TOKEN_RULES.map((rule): CompiledRule => ({ rule, regex: new RegExp(rule.pattern, `g${rule.flags ?? ""}`) }));
  const customRules = options.customPatterns.map(compileCustom);
  // One scan answers "could any vendor rule match?"; most log strings stop here.
  const anyTrigger = new RegExp(Array.from(new Set(TOKEN_RULES.flatMap((r) => r.triggers)), escapeRegex).join("|"));
  const personal = {
    maskEmails: options.maskEmails,
    maskIpAddresses: options.maskIpAddresses,
    maskPhoneNumbers: options.maskPhoneNumbers,
    maskHomePaths: options.maskHomePaths ?? true,
  };

  function redactText(text: string): string {
    if (text.length < MIN_REDACTABLE_LENGTH) return text;
    let out = text;
    for (const custom of customRules) out = applyRule(out, custom, masker);
    if (anyTrigger.test(out)) {
      for (const compiled of tokenRules) {
        if (compiled.rule.triggers.some((t) => out.includes(t))) out = applyRule(out, compiled, masker);
      }
    }
    if (out.includes("=") || out.includes(":")) out = redactAssignments(out, masker);
    out = redactSpokenSecrets(out, masker);
    if (FREE_TOKEN_GATE.test(out)) out = out.replace(FREE_TOKEN, (m) => (looksRandomFreeStanding(m) ? masker.mask("secret", m) : m));
    return redactPersonalData(out, personal, masker);
  }

  function redactKeyed(keyClass: KeyClass, value: unknown): unknown {
    if (typeof value === "string") {
      const redacted = redactText(value);
      if (keyClass.kind === "none") return redacted;
      // Whatever the rules left of a secret field is masked whole (the scheme of an Authorization value stays).
      const leftover = redacted.replace(/<[a-z0-9-]+:[0-9a-f]+>/g, "").replace(/^[A-Za-z0-9-]+\s+/, "");
      if (redacted !== value && !/[A-Za-z0-9]{4}/.test(leftover)) return redacted;
      return maskKeyedString(keyClass, value, masker) ?? redacted;
    }
    if ((typeof value === "number" || typeof value === "bigint") && keyClass.kind === "secret") return masker.mask(keyClass.label, String(value));
    if (Array.isArray(value)) return value.map((item) => redactKeyed(keyClass, item));
    if (value !== null && typeof value === "object") return redactObject(value as Record<string, unknown>);
    return value;
  }

  function redactObject(object: Record<string, unknown>): Record<string, unknown> {
    // `{"name": "Authorization", "value": "Bearer …"}` (header lists): the name field classifies the value.
    const named = typeof object["name"] === "string" ? object["name"] : typeof object["key"] === "string" ? object["key"] : undefined;
    const nameClass = named === undefined ? undefined : classifyKey(named);
    return Object.fromEntries(
      Object.entries(object).map(([key, inner]) => {
        const keyClass = nameClass !== undefined && nameClass.kind !== "none" && key === "value" ? nameClass : classifyKey(key);
        return [redactText(key), redactKeyed(keyClass, inner)];
      }),
    );
  }

  return {
    redactText,
    redactValue: (value) => redactKeyed({ kind: "none" }, value),
  };
}
