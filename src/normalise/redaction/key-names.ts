// Key names decide: `password`, `api_key`, `X-Auth-Token` mark their value as a secret, whatever
// its shape; weaker names (`session`, `key`, `code`) only when the value also looks random.

/** How a key name colours its value. */
export type KeyClass =
  | { readonly kind: "none" }
  | { readonly kind: "secret"; readonly label: string; readonly authorization: boolean }
  | { readonly kind: "suspect"; readonly label: string };

const NONE: KeyClass = { kind: "none" };

// Last word of the key (compact, lower case) that makes its value a secret: `DB_PASSWORD`, `authToken`.
const SECRET_WORD = /(?:password|passwd|passwort|pwd|passphrase|passcode|secret|secrets|token|apikey|credentials?|authorization|cookie|privatekey|accesskey|secretkey)$/;
const SECRET_LAST = new Set(["pass", "pin", "otp", "creds", "cvv", "cvc", "ssn"]);
// Last two words that make a secret: `api key`, `Client-Secret`, `SharedAccessSignature`.
const SECRET_PAIRS = new Set([
  "api key", "access key", "secret key", "private key", "client secret", "account key", "master key",
  "encryption key", "signing key", "app key", "app secret", "shared key", "license key", "session key",
  "auth key", "set cookie", "access signature", "connection string", "conn string", "sas token", "session id",
  "webhook secret", "consumer secret", "consumer key", "client key", "service key", "admin key", "private token",
  "key id",
]);
// Any word that makes a random-looking value suspect (a token in an unusual header or field).
const SUSPECT_WORDS = new Set([
  "key", "keys", "auth", "session", "sessionid", "sid", "ticket", "nonce", "sig", "signature", "hmac", "salt",
  "dsn", "bearer", "jwt", "csrf", "xsrf", "assertion", "code", "cred", "license", "seed", "jsessionid", "phpsessid",
]);
// Tails that describe a secret rather than hold one: `token_type`, `password_length`, `max_tokens`.
const DESCRIPTIVE_TAIL = new Set([
  "type", "types", "count", "length", "len", "expiry", "expires", "expiration", "expired", "ttl", "age", "policy",
  "hint", "reset", "strength", "rule", "rules", "min", "max", "enabled", "required", "valid", "changed", "name",
  "names", "field", "source", "status", "provider", "method", "url", "uri", "endpoint", "path", "scope", "scopes",
  "audience", "issuer", "format", "version", "error", "errors", "kind", "id", "ids", "in", "at", "used", "usage",
  "limit", "size", "file", "location", "mode", "present", "missing", "label", "prefix", "algorithm", "alg",
]);

/** Splits `X-Api-Key`, `apiKey`, `DB_PASSWORD`, `client.secret` into lower-case words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/** Keys up to this length are classified; longer "keys" are prose, not field names. */
export const MAX_KEY_LENGTH = 64;

const PAIR_LABELS = new Map([
  ["private key", "private-key"],
  ["key id", "key-id"],
  ["session id", "session"],
  ["session key", "session"],
  ["set cookie", "cookie"],
  ["connection string", "credentials"],
  ["conn string", "credentials"],
  ["access signature", "signature"],
]);

function labelFor(last: string): string {
  if (/pass|pwd|pin|otp|cvv|cvc/.test(last)) return "password";
  if (/cookie/.test(last)) return "cookie";
  if (/authorization/.test(last)) return "authorization";
  if (/token/.test(last)) return "token";
  if (/key/.test(last)) return "api-key";
  if (/cred/.test(last)) return "credentials";
  return "secret";
}

export function classifyKey(key: string): KeyClass {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return NONE;
  const words = keyWords(key);
  const last = words.at(-1);
  if (last === undefined) return NONE;
  const pair = words.length >= 2 ? `${words.at(-2)} ${last}` : "";
  if (SECRET_WORD.test(last) || SECRET_LAST.has(last) || SECRET_PAIRS.has(pair)) {
    return { kind: "secret", label: PAIR_LABELS.get(pair) ?? labelFor(last), authorization: last.endsWith("authorization") };
  }
  if (DESCRIPTIVE_TAIL.has(last)) return NONE;
  if (words.some((w) => SUSPECT_WORDS.has(w) || SECRET_WORD.test(w))) return { kind: "suspect", label: "secret" };
  return NONE;
}

// Values that are already masked or say nothing secret: `AUTH=REDACTED`, `password: ***`, `token=<none>`.
const PLACEHOLDER =
  /^(?:|<[^<>]*>|\[[\w .-]*\]|\{\{[^{}]*\}\}|\$\{[^{}]*\}|%[\w.]*%|\*+|[xX•·.]{3,}|\?+|-+|redacted|masked|hidden|filtered|omitted|removed|none|null|nil|undefined|true|false|yes|no|on|off|ok|set|unset|present|absent|missing|invalid|expired|required|incorrect|wrong|empty|pending|unknown|default|n\/a|na)$/i;

export function isPlaceholder(value: string): boolean {
  return value.length <= 40 && PLACEHOLDER.test(value.trim());
}

/** Authorization schemes kept readable before the masked credential: `Bearer <token:1a2b3c>`. */
export const AUTH_SCHEME = /^(?:Bearer|Basic|Digest|Token|Negotiate|NTLM|Hawk|AWS4-HMAC-SHA256|HOBA|Mutual|ApiKey|DPoP|SharedKey|GoogleLogin)$/i;
