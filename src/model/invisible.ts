// Characters that draw nothing but change how text reads: the bidirectional embeddings, overrides,
// isolates and marks that can make rendered text read differently from what it is ("Trojan Source":
// U+202A–202E, U+2066–2069, U+200E/F, U+061C), and the invisible formatting characters that hide
// text or split words (U+200B–200D, U+2060–2064, U+180E, U+00AD, the byte-order mark U+FEFF).
/** A character-class body (for `[…]`) of the invisible formatting characters. */
export const INVISIBLE_FORMAT_CLASS = "\\xad\\u061c\\u180e\\u200b-\\u200f\\u2060-\\u2064\\ufeff\\u202a-\\u202e\\u2066-\\u2069";

// Variation selectors (U+FE00–FE0F, U+E0100–E01EF) and tag characters (U+E0020–E007F) only change
// the character before them: at the start of a name (`⚠️ …` with the ⚠ stripped) they are left alone.
const MODIFIERS = "\\ufe00-\\ufe0f\\u{e0020}-\\u{e007f}\\u{e0100}-\\u{e01ef}";
const LEADING = new RegExp(`^[\\s${INVISIBLE_FORMAT_CLASS}${MODIFIERS}]+`, "u");
const TRAILING_BLANK = new RegExp(`[\\s${INVISIBLE_FORMAT_CLASS}]+$`, "u");
// A modifier is orphaned at the end only where nothing visible comes before it (`✅️` keeps its selector).
const TRAILING_ORPHAN = new RegExp(`(^|[\\s${INVISIBLE_FORMAT_CLASS}])[${MODIFIERS}]+$`, "u");

/** Text without leading or trailing whitespace, invisible formatting characters or orphaned variation selectors. */
export function trimInvisible(text: string): string {
  let out = text.replace(LEADING, "");
  for (let previous = ""; previous !== out; ) {
    previous = out;
    out = out.replace(TRAILING_BLANK, "").replace(TRAILING_ORPHAN, "$1");
  }
  return out;
}
