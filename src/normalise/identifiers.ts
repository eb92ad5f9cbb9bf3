/**
 * Users and connections an entry names, so later stages can count how many distinct ones a problem
 * touched. Values are taken as they stand after redaction: emails are already `<email:…>` tokens.
 */

export interface Identifiers {
  readonly users: readonly string[];
  readonly connections: readonly string[];
}

const USER_KEY = /^(user_?id|userid|user|uid|username|user_?name|user_?email|email|account_?id|customer_?id|principal_?email|member_?id)$/i;
const CONNECTION_KEY = /^(connection_?id|conn_?id|session_?id|sessionid|request_?id|req_?id|websocket_?id|ws_?id|socket_?id|correlation_?id)$/i;

/** Values that stand for "no user yet", not a user. */
const PLACEHOLDERS = new Set(["pending", "none", "null", "nil", "undefined", "unknown", "anonymous", "anon", "n/a", "na", "-", "system", "true", "false", "id", "user"]);

/**
 * An id value. One `|` may join a provider and its id (`auth0|5f…`, `google-oauth2|1034…`, Auth0's user ids), unless
 * what follows is the next `key=` of a `|`-separated line (`user_id=42|action=x` names user `42`).
 */
const VALUE = String.raw`["']?([A-Za-z0-9<][\w.@+:<>-]*(?:\|(?![\w-]+[=:])[\w.@+:<>-]+)?)`;
/** `user_id: x`, `userId=x`, `"user_id": "x"`, `username=x`: an explicit key, any value but a placeholder. */
const USER_KEYED = new RegExp(String.raw`\b(?:user[_-]?id|userid|user[_-]?name|user)["']?\s*[:=]\s*` + VALUE, "gi");
/** `for user demo-user-001`: prose, so the value must look like an id (a digit, `@`, or a mask token). */
const USER_PROSE = new RegExp(String.raw`\buser\s+` + VALUE, "gi");
const EMAIL_TOKEN = /<email:[0-9a-f]{4,16}>/g;
const CONNECTION_KEYED = new RegExp(
  String.raw`\b(?:connection[_-]?id|conn[_-]?id|session[_-]?id|request[_-]?id|req[_-]?id|websocket[_-]?id|correlation[_-]?id)["']?\s*[:=]\s*` + VALUE,
  "gi",
);
/** `connection main_e1999c70`, `session abc123`: prose again, so only id-looking values. */
const CONNECTION_PROSE = new RegExp(String.raw`\b(?:connection|session|conn)\s+` + VALUE, "gi");

const EMAIL_LOCAL = /[\w.+-]/;
const EMAIL_DOMAIN = /[\w.-]/;
const EMAIL_SHAPE = /^[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+$/;

/**
 * Emails not yet masked (redaction may be configured to keep them). Found by scanning out from each `@`
 * rather than with one regex: a backtracking email regex is quadratic on a long run of word
 * characters, and a 5 MB line is a case we keep.
 */
function* emailsIn(text: string): Generator<string> {
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && EMAIL_LOCAL.test(text[start - 1]!)) start -= 1;
    let end = at + 1;
    while (end < text.length && end - at < 256 && EMAIL_DOMAIN.test(text[end]!)) end += 1;
    const candidate = text.slice(start, end).replace(/\.+$/, "");
    if (EMAIL_SHAPE.test(candidate)) yield candidate;
  }
}

const MENTIONS_USER = /user/i;
const MENTIONS_CONNECTION = /conn|session|req|correlation|websocket/i;

function looksLikeId(value: string): boolean {
  return /\d/.test(value) || value.includes("@") || value.startsWith("<");
}

/** Trims sentence punctuation; a value cut short by the application (`demo-use...`) names nobody for sure. */
function cleanValue(raw: string): string | undefined {
  if (raw.endsWith("...") || raw.endsWith("…")) return undefined;
  const value = raw.replace(/[.,:;]+$/, "");
  if (value.length < 2 || value.length > 128) return undefined;
  if (PLACEHOLDERS.has(value.toLowerCase())) return undefined;
  return value;
}

class IdSet {
  private readonly values = new Set<string>();
  constructor(private readonly max: number) {}
  add(raw: unknown, requireIdShape = false): void {
    if (this.values.size >= this.max) return;
    if (typeof raw === "number" && Number.isFinite(raw)) raw = String(raw);
    if (typeof raw !== "string") return;
    const value = cleanValue(raw.trim());
    if (value === undefined || (requireIdShape && !looksLikeId(value))) return;
    this.values.add(value);
  }
  toArray(): string[] {
    return [...this.values];
  }
}

/** First letters of every USER_KEY and CONNECTION_KEY name (`user…`, `email`, `conn…`, `ws_id`, …). */
const ID_KEY_INITIALS = new Set("ueacpmsrw");

/**
 * A cheap test before the two key patterns: their names are 3–15 letters long and start with one of
 * ID_KEY_INITIALS; most field names (`timestamp`, `labels`, `insertId`) fail it (the patterns ran on
 * every field of every entry, ~1 µs an entry, bench/pipeline.bench.ts at 100k).
 */
function mayNameId(key: string): boolean {
  return key.length >= 3 && key.length <= 15 && ID_KEY_INITIALS.has(key[0]!.toLowerCase());
}

/** How deep into a payload keys are looked at: ids sit at the top or one object down (`context.user_id`). */
const MAX_DEPTH = 3;

function walk(value: unknown, depth: number, users: IdSet, connections: IdSet, skipKeys: ReadonlySet<string>): void {
  if (depth > MAX_DEPTH || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) return;
  const object = value as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(object)) {
    if (depth === 0 && skipKeys.has(key)) continue;
    const child = object[key];
    if (mayNameId(key) && USER_KEY.test(key)) users.add(child);
    else if (mayNameId(key) && CONNECTION_KEY.test(key)) connections.add(child);
    else if (typeof child === "object") walk(child, depth + 1, users, connections, skipKeys);
  }
}

/**
 * Ids from texts (message, stack) and from the keys of structured values (payload, labels).
 * `skipKeys` are top-level payload keys whose text was already scanned (the message).
 */
export function extractIdentifiers(
  texts: readonly string[],
  structured: readonly unknown[],
  max: number,
  skipKeys: ReadonlySet<string> = new Set(),
): Identifiers {
  const users = new IdSet(max);
  const connections = new IdSet(max);
  for (const value of structured) walk(value, 0, users, connections, skipKeys);
  for (const text of texts) {
    // One cheap test per family first: most messages name neither, and each matchAll scans the whole text.
    if (MENTIONS_USER.test(text)) {
      for (const match of text.matchAll(USER_KEYED)) users.add(match[1]);
      for (const match of text.matchAll(USER_PROSE)) users.add(match[1], true);
    }
    if (text.includes("@")) for (const email of emailsIn(text)) users.add(email);
    if (text.includes("<email:")) for (const match of text.matchAll(EMAIL_TOKEN)) users.add(match[0]);
    if (MENTIONS_CONNECTION.test(text)) {
      for (const match of text.matchAll(CONNECTION_KEYED)) connections.add(match[1]);
      for (const match of text.matchAll(CONNECTION_PROSE)) connections.add(match[1], true);
    }
  }
  return { users: users.toArray(), connections: connections.toArray() };
}
