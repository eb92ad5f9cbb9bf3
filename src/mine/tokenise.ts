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
 * spacing carries no meaning), except inside a nearby pair of double quotes. `maskWord`, when given,
 * masks each word and is told whether it holds a digit, `/`, `@`, `\\` or `"`, found in the same
 * pass over the characters: bench/mine.bench.ts measured a separate scan per word as a third of the
 * masking cost.
 */
export function tokenise(
  text: string,
  maxLineLength: number,
  maxTokensPerLine: number,
  maskWord?: (word: string, mayVary: boolean) => string,
): TokenisedLine {
  const lineTruncated = text.length > maxLineLength;
  const line = lineTruncated ? text.slice(0, maxLineLength) : text;
  const words: string[] = [];
  let start = -1;
  let mayVary = false;
  let quotes = 0;
  for (let index = 0; index <= line.length; index += 1) {
    const code = index === line.length ? 32 : line.charCodeAt(index);
    if (code === 32 || (code >= 9 && code <= 13) || (code > 127 && isSpace(code))) {
      if (start >= 0) {
        let end = index;
        if (quotes % 2 === 1) end = quotedSpanEnd(line, index);
        const word = line.slice(start, end);
        words.push(maskWord === undefined ? word : maskWord(word, mayVary));
        start = -1;
        index = end;
      }
    } else {
      if (start < 0) {
        start = index;
        mayVary = false;
        quotes = 0;
      }
      if ((code >= 48 && code <= 57) || code === 47 || code === 64 || code === 92) mayVary = true;
      else if (code === 34) {
        mayVary = true;
        quotes += 1;
      }
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

/** Longest quoted value kept as one token across spaces (`tag="View Lock",`). */
const MAX_QUOTED_SPAN = 256;

/** A word with an unclosed `"` runs on to the end of the word holding the closing quote, if it is near. */
function quotedSpanEnd(line: string, from: number): number {
  const close = line.indexOf('"', from);
  if (close < 0 || close - from > MAX_QUOTED_SPAN) return from;
  let end = close + 1;
  while (end < line.length && !isSpace(line.charCodeAt(end))) end += 1;
  return end;
}

