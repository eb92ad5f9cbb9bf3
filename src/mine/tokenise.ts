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
 * spacing carries no meaning). A hand loop, not `split(/\s+/)`: bench/mine.bench.ts measured the
 * regex split as the largest single cost per line.
 */
export function tokenise(text: string, maxLineLength: number, maxTokensPerLine: number): TokenisedLine {
  const lineTruncated = text.length > maxLineLength;
  const line = lineTruncated ? text.slice(0, maxLineLength) : text;
  const words: string[] = [];
  let tokensTruncated = false;
  let start = -1;
  for (let index = 0; index <= line.length; index += 1) {
    const atSpace = index === line.length || isSpace(line.charCodeAt(index));
    if (atSpace) {
      if (start >= 0) {
        if (words.length === maxTokensPerLine - 1 && hasMoreWords(line, index)) {
          words.push("<*>");
          tokensTruncated = true;
          break;
        }
        words.push(line.slice(start, index));
        start = -1;
      }
    } else if (start < 0) {
      start = index;
    }
  }
  if (lineTruncated && !tokensTruncated && words.length > 0) {
    // the cut may fall inside a word: its tail is unknown, so it is a variable
    words[words.length - 1] = "<*>";
  }
  return { words, lineTruncated, tokensTruncated };
}

function hasMoreWords(line: string, from: number): boolean {
  for (let index = from; index < line.length; index += 1) if (!isSpace(line.charCodeAt(index))) return true;
  return false;
}
