// Text repair: UTF-8 that was decoded as Windows-1252, Latin-1 or Mac Roman is put back when the
// repair is unambiguous; lone surrogates become U+FFFD; terminal escapes and control characters go.
import ansiRegex from "ansi-regex";

/** How a single-byte code page shows the bytes 0x80–0xFF; index = byte − 0x80. */
interface CodePage {
  readonly name: "windows-1252" | "mac-roman";
  /** char → byte for every char this code page produces from a byte ≥ 0x80. */
  readonly byteOf: ReadonlyMap<string, number>;
  /** Matches runs of such chars: only these can be mis-decoded UTF-8 multi-byte sequences. */
  readonly run: RegExp;
  readonly accepts: (codePoint: number, byteLength: number, run: DecodedRun) => boolean;
}

// Windows-1252 for 0x80–0x9F; its five undefined bytes decode to the C1 controls of the same value
// (what Windows and Latin-1 decoders both produce). 0xA0–0xFF are Latin-1 in both.
const WINDOWS_1252_C1 =
  "\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178";
const MAC_ROMAN_HIGH =
  "\xc4\xc5\xc7\xc9\xd1\xd6\xdc\xe1\xe0\xe2\xe4\xe3\xe5\xe7\xe9\xe8\xea\xeb\xed\xec\xee\xef\xf1\xf3\xf2\xf4\xf6\xf5\xfa\xf9\xfb\xfc" +
  "\u2020\xb0\xa2\xa3\xa7\u2022\xb6\xdf\xae\xa9\u2122\xb4\xa8\u2260\xc6\xd8\u221e\xb1\u2264\u2265\xa5\xb5\u2202\u2211\u220f\u03c0\u222b\xaa\xba\u03a9\xe6\xf8" +
  "\xbf\xa1\xac\u221a\u0192\u2248\u2206\xab\xbb\u2026\xa0\xc0\xc3\xd5\u0152\u0153\u2013\u2014\u201c\u201d\u2018\u2019\xf7\u25ca\xff\u0178\u2044\u20ac\u2039\u203a\ufb01\ufb02" +
  "\u2021\xb7\u201a\u201e\u2030\xc2\xca\xc1\xcb\xc8\xcd\xce\xcf\xcc\xd3\xd4\uf8ff\xd2\xda\xdb\xd9\u0131\u02c6\u02dc\xaf\u02d8\u02d9\u02da\xb8\u02dd\u02db\u02c7";

/** One run of suspicious chars, decoded: how many 2-byte sequences in a row sit in non-Latin scripts. */
interface DecodedRun {
  readonly nonLatinPairs: number;
}

function buildCodePage(name: CodePage["name"], high: string, accepts: CodePage["accepts"], extra: Iterable<[string, number]> = []): CodePage {
  const byteOf = new Map<string, number>(extra);
  Array.from(high).forEach((char, index) => byteOf.set(char, 0x80 + index));
  const chars = Array.from(byteOf.keys())
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .join("");
  return { name, byteOf, run: new RegExp(`[${chars}]{2,}`, "g"), accepts };
}

const isLatinRange = (cp: number): boolean => cp >= 0x80 && cp <= 0x2ff;

// Windows-1252/Latin-1: every 3- and 4-byte sequence (symbols, emoji, CJK) is accepted; a lone
// 2-byte sequence only when it decodes to Latin (`Ã©` → é). Greek/Cyrillic/Hebrew… need two in a
// row (`ÐŸÑ€` → Пр), so real Latin-1 text such as `Straße“` is never turned into a rare script.
const WINDOWS_1252 = buildCodePage(
  "windows-1252",
  WINDOWS_1252_C1 + Array.from({ length: 0x60 }, (_, i) => String.fromCharCode(0xa0 + i)).join(""),
  (cp, length, run) => length > 2 || isLatinRange(cp) || run.nonLatinPairs >= 2,
  Array.from({ length: 0x20 }, (_, i): [string, number] => [String.fromCharCode(0x80 + i), 0x80 + i]),
);

// Mac Roman decodes many legitimate accented letters, so only shapes that real text does not
// produce are repaired: 4-byte sequences (emoji: the lead byte 0xF0 is the Apple logo U+F8FF),
// 3-byte symbols and variation selectors (`‚ö†Ô∏è` → ⚠️), and Latin-1 letters behind `√`/`¬`.
const MAC_ROMAN = buildCodePage("mac-roman", MAC_ROMAN_HIGH, (cp, length) => {
  if (length === 4) return true;
  if (length === 3) return (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0xfe00 && cp <= 0xfe0f);
  return cp >= 0x80 && cp <= 0xff;
});

/** Decodes one UTF-8 sequence at `bytes[start]`; undefined when it is not a complete, valid one. */
function decodeSequence(bytes: readonly number[], start: number): { codePoint: number; length: number } | undefined {
  const lead = bytes[start] ?? 0;
  const [length, min] = lead >= 0xc2 && lead <= 0xdf ? [2, 0x80] : lead >= 0xe0 && lead <= 0xef ? [3, 0x800] : lead >= 0xf0 && lead <= 0xf4 ? [4, 0x10000] : [0, 0];
  if (length === 0 || start + length > bytes.length) return undefined;
  let codePoint = lead & (0xff >> (length + 1));
  for (let i = 1; i < length; i += 1) {
    const byte = bytes[start + i] ?? 0;
    if ((byte & 0xc0) !== 0x80) return undefined;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return undefined;
  return { codePoint, length };
}

/** Re-decodes one run of suspicious chars; chars that are not part of an accepted sequence stay. */
function repairRun(run: string, page: CodePage): string {
  const chars = Array.from(run);
  const bytes = chars.map((c) => page.byteOf.get(c) ?? 0);
  const decoded: { codePoint: number; length: number }[] = [];
  for (let i = 0; i < bytes.length; ) {
    const sequence = decodeSequence(bytes, i);
    decoded.push(sequence ?? { codePoint: -1, length: 1 });
    i += sequence?.length ?? 1;
  }
  let nonLatinPairs = 0;
  let longest = 0;
  for (const { codePoint, length } of decoded) {
    nonLatinPairs = length === 2 && !isLatinRange(codePoint) ? nonLatinPairs + 1 : 0;
    longest = Math.max(longest, nonLatinPairs);
  }
  const context: DecodedRun = { nonLatinPairs: longest };
  let out = "";
  let index = 0;
  for (const { codePoint, length } of decoded) {
    out += codePoint >= 0 && page.accepts(codePoint, length, context) ? String.fromCodePoint(codePoint) : chars.slice(index, index + length).join("");
    index += length;
  }
  return out;
}

// Mac Roman's 0xF0 is the Apple logo U+F8FF, a private-use character that many fonts, terminals and
// copy-pastes drop: `🚨` then reaches us as `üö®`, the three continuation bytes alone. Put back
// only when the three chars make an emoji (U+1F300–U+1FAFF) and stand apart from words; when all
// three are letters (`üîë` 🔑, but also Turkish `üçü`), only in text that already shows Mac Roman
// mojibake elsewhere.
const MAC_ROMAN_CONTINUATION = Array.from(MAC_ROMAN_HIGH.slice(0, 0x40)).join("");
const LEADLESS_EMOJI = new RegExp(`(?<![\\p{L}\\p{N}\uf8ff])\u00fc[${MAC_ROMAN_CONTINUATION}]{2}(?![\\p{L}\\p{N}])`, "gu");
const LETTER = /\p{L}/u;

function leadlessEmoji(run: string): string | undefined {
  const bytes = [0xf0, ...Array.from(run, (c) => MAC_ROMAN.byteOf.get(c) ?? 0)];
  const sequence = decodeSequence(bytes, 0);
  if (sequence === undefined || sequence.codePoint < 0x1f300 || sequence.codePoint > 0x1faff) return undefined;
  return String.fromCodePoint(sequence.codePoint);
}

/** Restores Mac Roman emoji that lost their lead byte; `otherEvidence` says the text showed Mac Roman mojibake already. */
function repairLeadlessEmoji(text: string, otherEvidence: boolean): string {
  if (!text.includes("\u00fc")) return text;
  const found = [...text.matchAll(LEADLESS_EMOJI)].filter((match) => leadlessEmoji(match[0]) !== undefined);
  const strong = found.some((match) => Array.from(match[0]).some((c) => !LETTER.test(c)));
  if (found.length === 0 || (!strong && !otherEvidence)) return text;
  return text.replace(LEADLESS_EMOJI, (run) => {
    const emoji = leadlessEmoji(run);
    if (emoji === undefined) return run;
    return otherEvidence || strong ? emoji : run;
  });
}

/** Repair passes: text mangled twice (`Ã¢â‚¬â„¢` → `â€™` → `’`) needs two; more is not seen in practice. */
export const MOJIBAKE_MAX_PASSES = 3;

/** Repairs mojibake only (no control stripping); unchanged text comes back as the same string. */
export function repairMojibake(text: string): string {
  let current = text;
  let macRomanSeen = false;
  for (let pass = 0; pass < MOJIBAKE_MAX_PASSES; pass += 1) {
    let next = current.replace(WINDOWS_1252.run, (run) => repairRun(run, WINDOWS_1252));
    const beforeMacRoman = next;
    next = next.replace(MAC_ROMAN.run, (run) => repairRun(run, MAC_ROMAN));
    macRomanSeen ||= next !== beforeMacRoman;
    if (next === current) break;
    current = next;
  }
  return repairLeadlessEmoji(current, macRomanSeen);
}

const ANSI_ESCAPES = ansiRegex();
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// C0 controls except \t and \n, DEL, C1 controls, and a byte-order mark anywhere.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]/g;
/** Anything that is not printable ASCII, \t or \n: text without it needs no repair at all. */
const NEEDS_REPAIR = /[^\x20-\x7e\t\n]/;

/** Repairs UTF-8 that was decoded as Windows-1252/Latin-1/Mac Roman when unambiguous; strips ANSI escapes and control characters (keeps \n and \t). */
export function repairText(text: string): string {
  if (!NEEDS_REPAIR.test(text)) return text;
  return repairMojibake(text)
    .replace(LONE_SURROGATE, "\ufffd")
    .replace(ANSI_ESCAPES, "")
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, "");
}

/** Nesting beyond this is not a log entry but an attack on the stack; real entries stay under 20. */
export const MAX_VALUE_DEPTH = 200;

/** Applies `repairText` to every string (and key) inside a JSON-like value; other values pass through. Returns the input itself when nothing changed. */
export function repairValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return repairText(value);
  // Deeper than any real log entry: left as is (redaction replaces such subtrees whole).
  if (depth > MAX_VALUE_DEPTH) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const repaired = repairValue(item, depth + 1);
      if (repaired !== item) (out ??= value.slice())[i] = repaired;
    }
    return out ?? value;
  }
  if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      const inner = object[key];
      const k = repairText(key);
      const v = repairValue(inner, depth + 1);
      if (out === undefined && (k !== key || v !== inner)) {
        out = {};
        for (let j = 0; j < i; j += 1) defineField(out, keys[j] as string, object[keys[j] as string]);
      }
      if (out !== undefined) defineField(out, k, v);
    }
    return out ?? value;
  }
  return value;
}

/** Sets a field; a `__proto__` key stays data instead of replacing the prototype. */
function defineField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Bytes to text: invalid UTF-8 becomes U+FFFD, never an exception; a leading BOM is dropped. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder("utf-8", { fatal: false, ignoreBOM: false }).decode(bytes);
}
