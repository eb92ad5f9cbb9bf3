// `key=value`, `key: value`, `"key": "value"`, `\"key\":\"value\"`, `key => value` and query
// strings, scanned by hand from each `=`/`:` (one pass, no backtracking regex): the key name decides.
import { looksRandomBesideKey } from "./entropy.js";
import { AUTH_SCHEME, classifyKey, isPlaceholder, MAX_KEY_LENGTH, type KeyClass } from "./key-names.js";
import type { Masker } from "./mask.js";

const SEPARATOR = /[=:]/g;
/** Spaces allowed between a key (or its closing quote) and the separator: `key : value`. */
const MAX_GAP_BEFORE_SEPARATOR = 2;

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 91 || c === 93;
}
const isBlank = (c: string | undefined): boolean => c === " " || c === "\t";
/** Where an unquoted value ends. */
const UNQUOTED_END = /[\s&,;}\])"'\\]/;
const COOKIE_END = /[\n"']/;

interface ValueSpan {
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

function findUnescaped(text: string, quote: string, from: number): number {
  for (let i = from; i < text.length; i += 1) {
    const c = text[i];
    if (c === "\\") i += 1;
    else if (c === quote) return i;
    else if (c === "\n") return i;
  }
  return text.length;
}

function scanUntil(text: string, from: number, end: RegExp): number {
  let i = from;
  while (i < text.length && !end.test(text[i] ?? "")) i += 1;
  return i;
}

function valueAfter(text: string, from: number, keyClass: KeyClass): ValueSpan | undefined {
  let k = from;
  while (isBlank(text[k])) k += 1;
  const c = text[k];
  if (c === "\\" && (text[k + 1] === '"' || text[k + 1] === "'")) {
    const close = `\\${text[k + 1]}`;
    const end = text.indexOf(close, k + 2);
    return { start: k + 2, end: end < 0 ? scanUntil(text, k + 2, /[\n]/) : end, quoted: true };
  }
  if (c === '"' || c === "'") return { start: k + 1, end: findUnescaped(text, c, k + 1), quoted: true };
  const cookie = keyClass.kind === "secret" && keyClass.label === "cookie";
  return { start: k, end: scanUntil(text, k, cookie ? COOKIE_END : UNQUOTED_END), quoted: false };
}

/** Keeps an authorization scheme readable: returns where the credential after `Bearer ` starts. */
function skipScheme(text: string, span: ValueSpan): ValueSpan {
  const value = text.slice(span.start, span.end);
  const scheme = /^([A-Za-z0-9-]+)[ \t]+/.exec(value);
  if (scheme === null || !AUTH_SCHEME.test(scheme[1] ?? "")) return span;
  const start = span.start + scheme[0].length;
  // Unquoted header values: the credential is one token (Digest/AWS4 parameters are handled as their own keys).
  const end = span.quoted ? span.end : scanUntil(text, start, /[\s,;"']/);
  return { start, end, quoted: span.quoted };
}

function shouldMask(keyClass: KeyClass, value: string, proseLike: boolean): boolean {
  if (value.trim().length === 0 || isPlaceholder(value)) return false;
  switch (keyClass.kind) {
    case "none":
      return false;
    case "secret":
      // `Invalid password: user not found` is prose; a password has a digit, a symbol or mixed case.
      return !(proseLike && /^(?:[a-z]+|[A-Z][a-z]+)$/.test(value));
    case "suspect":
      return looksRandomBesideKey(value);
  }
}

/** Masks values whose key name says they are secret (or suspect and random-looking). */
export function redactAssignments(text: string, masker: Masker, classify: (key: string) => KeyClass = classifyKey): string {
  let out = "";
  let copied = 0;
  const separator = new RegExp(SEPARATOR.source, "g");
  for (let match = separator.exec(text); match !== null; match = separator.exec(text)) {
    const at = match.index;
    const sep = text[at];
    if (sep === ":" && text.startsWith("//", at + 1)) continue;
    if (sep === "=" && text[at + 1] === "=") {
      separator.lastIndex = at + 2;
      continue;
    }
    let j = at - 1;
    while (j >= 0 && at - j <= MAX_GAP_BEFORE_SEPARATOR && isBlank(text[j])) j -= 1;
    if (text[j] === '"' || text[j] === "'") {
      j -= 1;
      if (text[j] === "\\") j -= 1;
    }
    const keyEnd = j + 1;
    while (j >= 0 && keyEnd - j <= MAX_KEY_LENGTH && isKeyChar(text.charCodeAt(j))) j -= 1;
    const keyStart = j + 1;
    // `<label:hash>` is one of our tokens, not `label: value`.
    if (keyStart === keyEnd || keyStart < copied || text[keyStart - 1] === "<") continue;
    const keyClass = classify(text.slice(keyStart, keyEnd));
    if (keyClass.kind === "none") continue;

    let from = at + 1;
    if ((sep === "=" && text[from] === ">") || (sep === ":" && text[from] === "=")) from += 1;
    let span = valueAfter(text, from, keyClass);
    if (span === undefined) continue;
    if (keyClass.kind === "secret" && keyClass.authorization) span = skipScheme(text, span);
    const value = text.slice(span.start, span.end);
    const proseLike = sep === ":" && !span.quoted && isBlank(text[from]);
    if (!shouldMask(keyClass, value, proseLike)) continue;
    out += text.slice(copied, span.start) + masker.mask(keyClass.label, value);
    copied = span.end;
    separator.lastIndex = span.end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The same decision for a structured value: `{"password": "x"}` (key already split off). */
export function maskKeyedString(keyClass: KeyClass, value: string, masker: Masker): string | undefined {
  if (keyClass.kind === "none") return undefined;
  let prefix = "";
  let secret = value;
  if (keyClass.kind === "secret" && keyClass.authorization) {
    const scheme = /^([A-Za-z0-9-]+)[ \t]+/.exec(value);
    if (scheme !== null && AUTH_SCHEME.test(scheme[1] ?? "")) {
      prefix = scheme[0];
      secret = value.slice(prefix.length);
    }
  }
  if (!shouldMask(keyClass, secret, false)) return undefined;
  return prefix + masker.mask(keyClass.label, secret);
}

// `password hunter2!`, `credentials Tr0ub4dor&3 rejected`: a secret word, a space, then something
// that looks like a credential (letters and digits, no spaces), with no `=`/`:` between them.
const SPOKEN_SECRET = /\b(pass(?:word|wd|phrase)?|pwd|secret|token|credentials?|api[ _-]?key)s?[ \t]+(?:is[ \t]+|was[ \t]+|of[ \t]+)?(?<secret>[^\s"'<>,;()]{8,128})/gi;
const SPOKEN_GATE = /pass|pwd|secret|token|credential|key/i;

/** A key-name rule can only fire where one of these stems occurs (the stems of SECRET_WORD, SUSPECT_WORDS, SECRET_PAIRS). */
export const SECRET_KEY_STEMS = /pass|pwd|secret|token|key|auth|cred|cookie|sess|sid|ticket|nonce|sig|hmac|salt|dsn|bearer|jwt|csrf|xsrf|assertion|code|license|seed|pin|otp|cvv|cvc|conn/i;

export function redactSpokenSecrets(text: string, masker: Masker): string {
  if (!SPOKEN_GATE.test(text)) return text;
  return text.replace(SPOKEN_SECRET, (match, word: string, ...rest: unknown[]) => {
    const groups = rest.at(-1) as { secret?: string };
    const secret = groups.secret ?? "";
    if (!/\d/.test(secret) || !/[A-Za-z]/.test(secret) || isPlaceholder(secret) || /^[\d.:-]+$/.test(secret)) return match;
    const keyClass = classifyKey(word.replace(/\s+/g, "_"));
    const label = keyClass.kind === "none" ? "secret" : keyClass.label;
    return match.slice(0, match.length - secret.length) + masker.mask(label, secret);
  });
}
