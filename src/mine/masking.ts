/** Same as tokenise.ts WILDCARD; a local constant because imported bindings cost a getter call per use under tsx (bench/mine.bench.ts). */
const WILDCARD = "<*>";

/**
 * Masks the variable parts of one word, keeping the punctuation around them, e.g.
 * `10.0.0.1:8080` → `<*>:<*>`, `(HWID=1973)` → `(HWID=<*>)`, `blk_-4567` → `<*>`,
 * `/var/log/x.log` → `<*>`, `hdfs://host:9000/a` → `hdfs://<*>`, `demo-user-001` → `demo-user-<*>`.
 *
 * The word is cut into pieces at punctuation (but not at `_`, which joins the parts of one id).
 * A piece is a variable when it starts with a digit (numbers, durations like `5s`, hex like `0x1f`)
 * or carries two digit runs or a run of two digits (`e1999c70`, `R02`, `main_e1999c70`); a single
 * digit inside a word (`ssh2`, `alt0`, `log4j`) is a name, not a value; so is a hex id whose last
 * `_`-part is 8 or more hex characters, digits or not (`main_addcee5b`, `main_debbaccf`), and the head
 * of an id cut short with an ellipsis (`usr_dae2...` → `<*>...`). Neighbouring variables joined by
 * nothing or `.` collapse into one (`1.16` is one number).
 */
export function maskWord(word: string, mayVary: boolean = holdsVariableCharacter(word)): string {
  if (!mayVary) return maskLiteral(word) ?? maskClosedClass(word) ?? (endsLikeDomain(word) || endsInEllipsis(word) || isLetterHexId(word) ? maskWithShapes(word) : word);
  if (isAllDigits(word)) return WILDCARD;
  return maskWithShapes(word);
}

/** A digit, `/`, `@`, `\` or `"`: the characters without which a word holds no masked shape but a literal or a domain. */
export function holdsVariableCharacter(word: string): boolean {
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    if ((code >= 48 && code <= 57) || code === SLASH || code === 64 || code === 92 || code === 34) return true;
  }
  return false;
}

/**
 * The most common variable words, numbers, decimals, addresses and clock times (`1.16`, `10.0.0.1:8080`,
 * `07:07:00`), made of digits, `.` and `:` only: each `:`-separated part is one `<*>`. The same result
 * as the general rules, without their cost (bench/mine.bench.ts).
 */
function maskNumeric(word: string, start: number, end: number): string | undefined {
  // leading dots are punctuation (`fp cr field .........0`), left to the general rules
  if (word.charCodeAt(start) === 46) return undefined;
  let parts = 1;
  let digits = false;
  for (let index = start; index < end; index += 1) {
    const code = word.charCodeAt(index);
    if (code >= 48 && code <= 57) digits = true;
    else if (code === 58) parts += 1;
    else if (code !== 46) return undefined;
  }
  if (!digits) return undefined;
  if (parts === 1) return WILDCARD;
  let out = "";
  let partStart = start;
  for (let index = start; index <= end; index += 1) {
    if (index < end && word.charCodeAt(index) !== 58) continue;
    if (partStart > start) out += ":";
    out += index > partStart ? maskDottedPart(word, partStart, index) : "";
    partStart = index + 1;
  }
  return out;
}

/** A `:`-separated part of digits and dots: `<*>` if it holds a digit (`1.2.3`), else the dots as they are. */
function maskDottedPart(word: string, start: number, end: number): string {
  for (let index = start; index < end; index += 1) {
    const code = word.charCodeAt(index);
    if (code >= 48 && code <= 57) return WILDCARD;
  }
  return word.slice(start, end);
}

function isAllDigits(word: string): boolean {
  if (word.length === 0) return false;
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** `...` or `…` at the end: a value cut short by the program that logged it (`user usr_dae2...`). */
function endsInEllipsis(word: string): boolean {
  const last = word.charCodeAt(word.length - 1);
  return last === ELLIPSIS || (last === 46 && word.endsWith("..."));
}

const ELLIPSIS = 0x2026;
const UNDERSCORE = 95;

/**
 * An id whose random hex happened to hold no digit at all (`main_debbaccf`, `"main_debbaccf",`): the
 * last `_`-part of the word, less its closing punctuation, is 8 or more lower-case hex letters.
 * Checked only on words without a digit, and cheaply: most are rejected on their length.
 */
function isLetterHexId(word: string): boolean {
  if (word.length < 10) return false;
  let end = word.length;
  while (end > 0 && (isCloser(word.charCodeAt(end - 1)) || word.charCodeAt(end - 1) === 34)) end -= 1;
  return word.lastIndexOf("_", end - 1) > 0 && isHexTail(word, 0, end);
}

/** Letters, digits and `_` only. */
function isIdWord(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === UNDERSCORE)) return false;
  }
  return true;
}

/**
 * `usr_dae2...` → `<*>...`, `sess_eafd…` → `<*>…`: the head of an id, cut short and marked so (programs
 * log `user_id[:8] + "..."`). The last `_`-part is 4 or more lower-case hex characters, digits or not;
 * the ellipsis stays. Undefined for any other word.
 */
function maskTruncatedId(core: string, after: string): string | undefined {
  let id = core;
  let tail = after;
  if (core.charCodeAt(core.length - 1) === ELLIPSIS) {
    id = core.slice(0, -1);
    tail = `\u2026${after}`;
  } else if (!after.startsWith("...")) return undefined;
  return id.lastIndexOf("_") > 0 && isIdWord(id, 0, id.length) && isHexTail(id, 0, id.length, 4) ? WILDCARD + tail : undefined;
}

/** `.com`, `.io`-style endings: host names without digits */
function endsLikeDomain(word: string): boolean {
  return (word.length > 4 && word.charCodeAt(word.length - 4) === 46) || (word.length > 3 && word.charCodeAt(word.length - 3) === 46);
}

/** Literal values, masked like numbers (lower-case `none` only after `=`, `:` and the like: `Failed none for …` names a method). */
const LITERALS = new Set(["true", "false", "null", "nil", "True", "False", "None", "Null", "NULL", "TRUE", "FALSE", "NIL"]);

/** `down true` → `down <*>`, `overlap:false` → `overlap:<*>`, `ws=null,` → `ws=<*>,`; undefined when the word ends in no literal. */
function maskLiteral(word: string): string | undefined {
  let end = word.length;
  while (end > 0 && isCloser(word.charCodeAt(end - 1))) end -= 1;
  const last = word.charCodeAt(end - 1) | 0x20;
  if (end < 3 || (last !== 101 && last !== 108 && last !== 101)) return undefined; // ends in e or l
  let start = end;
  while (start > 0 && isLetter(word.charCodeAt(start - 1))) start -= 1;
  const literal = word.slice(start, end);
  // lower-case `none` only as a value (`=none`, `:none`): as a word it may name something (`Failed none for …`)
  if (end - start < 3 || end - start > 5 || !(LITERALS.has(literal) || (literal === "none" && start > 0))) return undefined;
  const before = start === 0 ? 0 : word.charCodeAt(start - 1);
  if (start > 0 && !LITERAL_OPENERS.includes(String.fromCharCode(before))) return undefined;
  return word.slice(0, start) + WILDCARD + word.slice(end);
}

const LITERAL_OPENERS = "=:([{,'";

/**
 * Words of a small closed class, a variable wherever they stand: HTTP methods and log levels, as
 * programs write them (upper case). `Falling back to bearer auth for GET /x` and `… for POST /x`
 * are one message; kept as constants, each method would be its own template and its own issue.
 */
const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
/** Levels only as a level is written (`[ERROR]`, `WARNING:`): bare upper-case words are also shouted text (`PGOOD ERROR LATCH`). */
const LOG_LEVELS = new Set(["DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL", "FATAL"]);

/** `GET` → `<*>`, `[ERROR]` → `[<*>]`, `WARNING:` → `<*>:`; undefined for any other word. */
function maskClosedClass(word: string): string | undefined {
  let start = 0;
  while (start < word.length && isOpener(word.charCodeAt(start))) start += 1;
  let end = word.length;
  while (end > start && isCloser(word.charCodeAt(end - 1))) end -= 1;
  const length = end - start;
  if (length < 3 || length > 9) return undefined;
  const first = word.charCodeAt(start);
  if (first >= 65 && first <= 90) {
    const core = word.slice(start, end);
    if (HTTP_METHODS.has(core) || (LOG_LEVELS.has(core) && (start > 0 || (end < word.length && word.charCodeAt(end) === 58)))) return word.slice(0, start) + WILDCARD + word.slice(end);
  }
  return undefined;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function maskWithShapes(word: string): string {
  let lead = 0;
  while (lead < word.length && isOpener(word.charCodeAt(lead))) lead += 1;
  let end = word.length;
  while (end > lead && isCloser(word.charCodeAt(end - 1))) end -= 1;
  if (lead === end) return word;
  const before = lead === 0 ? "" : word.slice(0, lead);
  const after = end === word.length ? "" : word.slice(end);
  const numeric = maskNumeric(word, lead, end);
  if (numeric !== undefined) return before + numeric + after;
  const core = lead === 0 && end === word.length ? word : word.slice(lead, end);

  const whole = maskWholeShape(core);
  if (whole !== undefined) return before + whole + after;
  if (isOctalQuoted(word)) return WILDCARD;
  const quoted = maskQuoted(word);
  if (quoted !== undefined) return quoted;
  const truncated = maskTruncatedId(core, after);
  if (truncated !== undefined) return before + truncated;
  if (core.charCodeAt(0) === SLASH && core.length > 1) {
    // a path runs to the first `:`, `,` or `=` (`/10.0.0.1:50010` keeps its port apart)
    return before + WILDCARD + maskPieces(core.slice(pathEnd(core))) + after;
  }
  return before + maskPieces(core) + after;
}

/** `(`, `[`, `{`, `'` */
function isOpener(code: number): boolean {
  return code === 40 || code === 91 || code === 123 || code === 39;
}

/** `)`, `]`, `}`, `>`, `'`, `,`, `;`, `.`, `:`, `!`, `?` */
function isCloser(code: number): boolean {
  return code === 41 || code === 93 || code === 125 || code === 62 || code === 39 || code === 44 || code === 59 || code === 46 || code === 58 || code === 33 || code === 63;
}


const SLASH = 47;

const URL = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/./;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const RELATIVE_PATH = /^(?:~|\.{1,2})\/[^/]/;
const WINDOWS_PATH = /^[A-Za-z]:\\[^\\]/;
/** A host name with a port, or ending in a common top-level domain (`www.example.com`, `metadata.google.internal`). */
const HOST_PORT = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+:\d+$/;
/** A version: `v1.0.0`, `V2.3-rc1`. */
const VERSION = /^[vV]\d+(?:\.\d+)+(?:[-+][A-Za-z0-9.]+)?$/;
/** A host name with a digit and a port, without dots (`msra-sa-41:9000`, `node-3:8080`). */
const NUMBERED_HOST_PORT = /^[A-Za-z][A-Za-z-]*\d[A-Za-z0-9-]*:\d+$/;
/** Java's `InetAddress` form, host name then address: `msra-sa-41/10.190.173.170:9000`. */
const HOST_SLASH_ADDRESS = /^[A-Za-z0-9][A-Za-z0-9.-]*\/\d{1,3}(?:\.\d{1,3}){3}(:\d+)?$/;
const HOST_NAME = /^(?:[A-Za-z0-9-]+\.)+(?:com|net|org|edu|gov|io|co|uk|de|fr|jp|cn|hk|ru|in|info|biz|local|internal|cloud|dev|app)$/i;
/** `<1`, `>=5`, `~3`: a bound in front of a number belongs to the value. */
const COMPARED_NUMBER = /^(?:[<>]=?|~|[-+])\d[\d.,:]*[A-Za-z]{0,3}$/;
/** A host whose first label is numeric (`220-135-151-1.hinet-ip.hinet.net`, `5.36.59.76.dynamic.example.om`). */
const NUMBERED_HOST = /^\d[\d-]*(?:\.[\d-]+)*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}$/;

/** Shapes recognised on the whole word (less its brackets), replaced as one variable. */
function maskWholeShape(core: string): string | undefined {
  // cheap character tests first: this runs for every word that holds a digit
  const first = core.charCodeAt(0);
  const firstIsDigit = first >= 48 && first <= 57;
  const hasDot = core.includes(".");
  if (core.includes("://")) {
    const url = URL.exec(core);
    if (url !== null) return `${url[1] ?? ""}://${WILDCARD}`;
  }
  if (core.length === 36 && UUID.test(core)) return WILDCARD;
  if ((first === 118 || first === 86) && VERSION.test(core)) return WILDCARD;
  if (hasDot && core.includes("@") && EMAIL.test(core)) return WILDCARD;
  if (firstIsDigit && core.length >= 10 && ISO_DATE_TIME.test(core)) return WILDCARD;
  if (!firstIsDigit && "<>~-+".includes(core.charAt(0)) && COMPARED_NUMBER.test(core)) return WILDCARD;
  if (hasDot && core.includes("/") && HOST_SLASH_ADDRESS.test(core)) {
    return core.includes(":") ? `${WILDCARD}/${WILDCARD}:${WILDCARD}` : `${WILDCARD}/${WILDCARD}`;
  }
  if (!hasDot && !firstIsDigit && core.includes(":") && NUMBERED_HOST_PORT.test(core)) return `${WILDCARD}:${WILDCARD}`;
  if (hasDot) {
    const last = core.charCodeAt(core.length - 1);
    if (last >= 48 && last <= 57) {
      if (core.includes(":") && HOST_PORT.test(core)) return `${WILDCARD}:${WILDCARD}`;
    } else if (firstIsDigit ? NUMBERED_HOST.test(core) : HOST_NAME.test(core)) {
      return WILDCARD;
    }
  }
  if ((first === 126 || first === 46) && RELATIVE_PATH.test(core)) return WILDCARD;
  if (core.charCodeAt(1) === 58 && WINDOWS_PATH.test(core)) return WILDCARD;
  return undefined;
}

/** The syslog octal escape of a quote, `\042…\042`, around a whole word: one variable. */
function isOctalQuoted(word: string): boolean {
  return word.length > 8 && word.startsWith("\\042") && word.endsWith("\\042");
}

/**
 * A double-quoted value: its words are masked one by one, so `msg="failed to connect to 10.0.0.1"`
 * keeps its text (in logfmt the quoted value is often the message itself, and masking it whole
 * would merge every message into one template) and `"GET /a/b HTTP/1.1"` keeps its method.
 */
function maskQuoted(word: string): string | undefined {
  const open = word.indexOf('"');
  const close = word.lastIndexOf('"');
  if (open < 0 || close <= open + 1) return undefined;
  const head = word.slice(0, open);
  const inner = word
    .slice(open + 1, close)
    .split(" ")
    .map((part) => (part === "" ? part : maskWord(part)))
    .join(" ");
  return `${head === "" ? "" : maskWord(head)}"${inner}"${word.slice(close + 1)}`;
}

/** Index of the first `:`, `,` or `=` (where a path ends), or the length. */
function pathEnd(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 58 || code === 44 || code === 61) return index;
  }
  return text.length;
}

/** Punctuation that separates the pieces of a word; `_` is not in it (it joins the parts of an id). */
const DELIMITER = new Uint8Array(128);
for (const character of ".-+@#$%&,!;:=|\"'[](){}/\\<>*?~^`") DELIMITER[character.charCodeAt(0)] = 1;

function isDelimiterAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 128 || DELIMITER[code] !== 1) return false;
  // `blk_-4567`: a sign after `_` belongs to the id
  return !(code === 45 && index > 0 && text.charCodeAt(index - 1) === 95);
}

function isVariablePiece(text: string, start: number, end: number): boolean {
  let runs = 0;
  let longestRun = 0;
  let run = 0;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      if (run === 0) runs += 1;
      run += 1;
      if (run > longestRun) longestRun = run;
    } else {
      run = 0;
    }
  }
  if (runs === 0) return end - start >= 10 && text.lastIndexOf("_", end - 1) >= start && isHexTail(text, start, end);
  const first = text.charCodeAt(start);
  return (first >= 48 && first <= 57) || runs >= 2 || longestRun >= 2 || isHexTail(text, start, end);
}

/**
 * A hex id whose random digits happened to hold one digit or none (`main_addcee5b`, `addcee5b`): the last
 * `_`-part, 8 or more lower-case hex characters. Left as a name, it would keep the first value seen.
 */
function isHexTail(text: string, start: number, end: number, minLength = 8): boolean {
  let from = end;
  while (from > start && text.charCodeAt(from - 1) !== 95) from -= 1;
  if (end - from < minLength) return false;
  for (let index = from; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

const SIGN_FOLLOWS = "=:([{,";

function maskPieces(core: string): string {
  let out = "";
  let emitted = 0; // core[0, emitted) is already in `out`
  let lastVariableEnd = -1; // where the last variable piece ended, for collapsing neighbours
  let start = 0;
  for (let index = 0; index <= core.length; index += 1) {
    if (index < core.length && !isDelimiterAt(core, index)) continue;
    if (index > start && isVariablePiece(core, start, index)) {
      const between = core.slice(emitted, start);
      // `<*><*>` and `<*>.<*>` collapse into one variable
      if (lastVariableEnd === emitted && (between === "" || between === ".")) {
        // extend the previous variable over this piece
      } else if (between.endsWith("-") && (start === 1 || SIGN_FOLLOWS.includes(core.charAt(start - 2)))) {
        // `=-24.0`, `:-1`: the sign belongs to the number
        out += between.slice(0, -1) + WILDCARD;
      } else {
        out += between + WILDCARD;
      }
      emitted = index;
      lastVariableEnd = index;
    }
    start = index + 1;
  }
  return emitted === 0 && lastVariableEnd < 0 ? core : out + core.slice(emitted);
}

const CALENDAR_INITIAL = new Uint8Array(23);
for (const letter of "ADFJMNOSTW") CALENDAR_INITIAL[letter.charCodeAt(0) - 65] = 1;

const CALENDAR_WORDS = new Set(
  "Mon Tue Wed Thu Fri Sat Sun Monday Tuesday Wednesday Thursday Friday Saturday Sunday Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct Nov Dec January February March April June July August September October November December".split(" "),
);

/**
 * Day and month names next to a masked number are part of a date (`Fri Jun 17 20:55:07 2005`):
 * masked in place, so that dates written in words vary like dates written in digits. A date in
 * words that runs into a clock time is one value with the clock's shape (`at Fri Jun 17 07:07:00
 * 2005` → `at <*>:<*>:<*>`): its words and day belong to the first part, a year right after the time
 * to the last, so the date does not count as four variables of its own. Then a number followed by
 * a size unit is one value (`5.2 KB,` → `<*>,`): the unit scales with the number, so `1.1 MB` and
 * `310 KB` are the same event. Last, a run of more than eight whole-word values is a list of
 * varying length (`to delete blk_1 blk_2 …`) and becomes one `<*>`; shorter runs stay (`Fan speeds
 * ( 3552 3534 3375 … )` has its fixed six).
 */
export function maskCalendarWords(tokens: string[]): void {
  let calendarAt: number[] | undefined;
  // one pass finds what the folds below need, so a line with none of them costs no more passes
  let sizeUnit = false;
  let run = 0;
  let list = false;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as string;
    if (token === WILDCARD) {
      if ((run += 1) > LIST_RUN) list = true;
      continue;
    }
    run = 0;
    const first = token.charCodeAt(0);
    if (!sizeUnit && first >= 66 && first <= 84 && token.length <= 6 && index > 0 && isSizeUnit(token)) sizeUnit = true;
    // day and month names start with one of A D F J M N O S T W and go on in lower case
    if (first < 65 || first > 87 || CALENDAR_INITIAL[first - 65] !== 1 || token.length < 3 || token.length > 10) continue;
    const second = token.charCodeAt(1);
    if (second < 97 || second > 122) continue;
    if (!CALENDAR_WORDS.has(token.endsWith(",") ? token.slice(0, -1) : token)) continue;
    if (
      startsWithVariable(tokens[index + 1]) ||
      startsWithVariable(tokens[index - 1]) ||
      (CALENDAR_WORDS.has(tokens[index + 1] ?? "") && startsWithVariable(tokens[index + 2])) ||
      (CALENDAR_WORDS.has(tokens[index - 1] ?? "") && startsWithVariable(tokens[index - 2]))
    ) {
      tokens[index] = WILDCARD;
      (calendarAt ??= []).push(index);
    }
  }
  if (calendarAt !== undefined) foldDateTimes(tokens, calendarAt);
  if (sizeUnit) foldSizeUnits(tokens);
  if (list) foldValueLists(tokens);
}

/** More whole-word values in a row than this are a list, whose length varies from line to line. */
const LIST_RUN = 8;

function foldValueLists(tokens: string[]): void {
  let run = 0;
  for (let index = tokens.length - 1; index >= -1; index -= 1) {
    if (index >= 0 && tokens[index] === WILDCARD) {
      run += 1;
      continue;
    }
    if (run > LIST_RUN) tokens.splice(index + 2, run - 1);
    run = 0;
  }
}

/** Tokens from a date word up to the clock time at most this far after it fold into the time. */
const DATE_REACH = 4;

/** A masked clock time: `<*>:<*>` or `<*>:<*>:<*>` (seconds with a fraction mask as one part). */
function isMaskedClock(token: string): boolean {
  return token === "<*>:<*>:<*>" || token === "<*>:<*>";
}

function foldDateTimes(tokens: string[], calendarAt: readonly number[]): void {
  // from the last date word back, so the indices before each fold stay valid
  let limit = tokens.length;
  for (let at = calendarAt.length - 1; at >= 0; at -= 1) {
    const start = calendarAt[at] as number;
    if (start >= limit) continue;
    let clock = -1;
    for (let index = start + 1; index < Math.min(tokens.length, start + 1 + DATE_REACH); index += 1) {
      const token = tokens[index] as string;
      if (isMaskedClock(token)) {
        clock = index;
        break;
      }
      if (token !== WILDCARD) break;
    }
    if (clock < 0) continue;
    // earlier date words of the same run (`Fri` before `Jun`) start the span
    let first = start;
    while (at > 0 && (calendarAt[at - 1] as number) === first - 1) {
      first -= 1;
      at -= 1;
    }
    // a year right after the time, punctuation after it kept (`2005,`)
    const next = tokens[clock + 1];
    const yearFollows = next !== undefined && next.startsWith(WILDCARD) && isClosersOnly(next, WILDCARD.length);
    const folded = (tokens[clock] as string) + (yearFollows ? (next as string).slice(WILDCARD.length) : "");
    tokens.splice(first, clock - first + (yearFollows ? 2 : 1), folded);
    limit = first;
  }
}

function isClosersOnly(token: string, from: number): boolean {
  for (let index = from; index < token.length; index += 1) if (!isCloser(token.charCodeAt(index))) return false;
  return true;
}

/** Units whose size follows the number's magnitude; `bytes`, `ms` and `seconds` stay words, as programs often write one unit always. */
const SIZE_UNITS = new Set(["B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB"]);

/** A size unit, punctuation after it allowed (`KB,`, `MB)`); every one ends in `B`, a cheap first test. */
function isSizeUnit(token: string): boolean {
  let end = token.length;
  while (end > 0 && isCloser(token.charCodeAt(end - 1))) end -= 1;
  if (end === 0 || token.charCodeAt(end - 1) !== 66) return false;
  return SIZE_UNITS.has(end === token.length ? token : token.slice(0, end));
}

function foldSizeUnits(tokens: string[]): void {
  for (let index = tokens.length - 1; index > 0; index -= 1) {
    const token = tokens[index] as string;
    const first = token.charCodeAt(0);
    // every unit starts with an upper-case letter from B to T
    if (first < 66 || first > 84 || token.length > 6 || !isSizeUnit(token)) continue;
    const before = tokens[index - 1] as string;
    if (!before.endsWith(WILDCARD) || !isStandaloneVariableEnd(before)) continue;
    let end = token.length;
    while (isCloser(token.charCodeAt(end - 1))) end -= 1;
    tokens.splice(index - 1, 2, before + token.slice(end));
    index -= 1;
  }
}

/** Whether the token ends in a `<*>` that stands for a whole number (`<*>`, `(<*>`, `size=<*>`), not the tail of a word (`node-<*>`). */
function isStandaloneVariableEnd(token: string): boolean {
  const at = token.length - WILDCARD.length;
  if (at === 0) return true;
  const code = token.charCodeAt(at - 1);
  return code === 40 || code === 91 || code === 123 || code === 61 || code === 58 || code === 60 || code === 126;
}

function startsWithVariable(token: string | undefined): boolean {
  return token !== undefined && token.startsWith(WILDCARD);
}
