// Keyword matching for priority rules: case-insensitive, anchored at the start of a word.

/**
 * Splits camelCase and snake_case into words, lower-cases, and keeps only letters and digits, so
 * `AuthError`, `auth_service` and `AUTH failed` all read ` auth ...`. The leading space anchors matches at word starts.
 */
export function normaliseForKeywords(text: string): string {
  const words = text
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return ` ${words.join(" ")}`;
}

/**
 * Keywords as normalised, by keyword: they come from the rules, so they are few, and each is asked
 * for by every cluster (normalising them anew per cluster was most of the judge's time at 20,000 clusters).
 */
const needles = new Map<string, string>();

function needleOf(keyword: string): string {
  let needle = needles.get(keyword);
  if (needle === undefined) {
    needle = normaliseForKeywords(keyword);
    // a bound for a caller that makes keywords up on the fly; the rules' own never reach it
    if (needles.size >= 4_096) needles.clear();
    needles.set(keyword, needle);
  }
  return needle;
}

/** The first keyword (in the order given) that starts a word in the normalised text, if any. */
export function findKeyword(normalisedText: string, keywords: readonly string[]): string | undefined {
  for (const keyword of keywords) {
    const needle = needleOf(keyword);
    if (needle.length > 1 && normalisedText.includes(needle)) return keyword;
  }
  return undefined;
}

/** `a/b/c.py`, `C:\\x\\y`, `/api/v1/auth` and dotted module paths (`app.auth.middleware`): where code lives, not what it says. */
const PATH_TOKEN = /[^\s'"`()\[\]{},;]*[/\\][^\s'"`()\[\]{},;]*/g;
const FILE_TOKEN = /\b[\w.-]+\.(?:py|pyc|js|mjs|cjs|ts|tsx|jsx|go|java|kt|rb|php|cs|rs|c|cc|cpp|h|hpp|scala|ex|exs)\b/g;
const MODULE_TOKEN = /\b[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*){2,}\b/g;

/** The text with file paths, file names and dotted module paths taken out, for keyword matching. */
export function withoutPaths(text: string): string {
  return text.replace(PATH_TOKEN, " ").replace(FILE_TOKEN, " ").replace(MODULE_TOKEN, " ");
}
