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
