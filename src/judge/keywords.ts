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

/** The first keyword (in the order given) that starts a word in the normalised text, if any. */
export function findKeyword(normalisedText: string, keywords: readonly string[]): string | undefined {
  for (const keyword of keywords) {
    const needle = normaliseForKeywords(keyword);
    if (needle.trim().length > 0 && normalisedText.includes(needle)) return keyword;
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
