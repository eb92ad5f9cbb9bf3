/** A message cut into whitespace-separated words, bounded by the miner's limits. */
export interface TokenisedLine {
  readonly words: string[];
  /** The message was longer than `maxLineLength` and only its prefix was read. */
  readonly lineTruncated: boolean;
  /** The message had more than `maxTokensPerLine` words; the rest became one trailing `<*>`. */
  readonly tokensTruncated: boolean;
}

/** The variable marker in templates. */
export const WILDCARD = "<*>";

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 160 || code === 0x2028 || code === 0x2029 || code === 0xfeff;
}

/**
 * Splits on whitespace runs (templates are compared with whitespace collapsed, so the exact
 * spacing carries no meaning). `maskWord`, when given, is applied to each word that may hold a
 * variable (a digit, `/`, `@`, `\\`, `"`, or a domain-like ending), found in the same pass over the
 * characters: bench/mine.bench.ts measured a separate scan per word as a third of the masking cost.
 */
export function tokenise(text: string, maxLineLength: number, maxTokensPerLine: number, maskWord?: (word: string) => string): TokenisedLine {
  const lineTruncated = text.length > maxLineLength;
  const line = lineTruncated ? text.slice(0, maxLineLength) : text;
  const words: string[] = [];
  let start = -1;
  let mayVary = false;
  for (let index = 0; index <= line.length; index += 1) {
    const code = index === line.length ? 32 : line.charCodeAt(index);
    if (code === 32 || (code >= 9 && code <= 13) || (code > 127 && isSpace(code))) {
      if (start >= 0) {
        const word = line.slice(start, index);
        words.push(maskWord !== undefined && (mayVary || endsLikeDomain(word)) ? maskWord(word) : word);
        start = -1;
      }
    } else {
      if (start < 0) {
        start = index;
        mayVary = false;
      }
      if ((code >= 48 && code <= 57) || code === 47 || code === 64 || code === 92 || code === 34) mayVary = true;
    }
  }
  let tokensTruncated = false;
  if (words.length > maxTokensPerLine) {
    words.length = maxTokensPerLine - 1;
    words.push("<*>");
    tokensTruncated = true;
  } else if (lineTruncated && words.length > 0) {
    // the cut may fall inside a word: its tail is unknown, so it is a variable
    words[words.length - 1] = "<*>";
  }
  return { words, lineTruncated, tokensTruncated };
}

/** `.com`, `.io`-style endings: host names without digits */
export function endsLikeDomain(word: string): boolean {
  return (word.length > 4 && word.charCodeAt(word.length - 4) === 46) || (word.length > 3 && word.charCodeAt(word.length - 3) === 46);
}

