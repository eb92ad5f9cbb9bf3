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

/** Any whitespace but the plain space: its presence sends a line down the general loop. */
const OTHER_SPACE = /[\t\n\v\f\r\u00a0\u2028\u2029\ufeff]/;

/**
 * Splits on whitespace runs (templates are compared with whitespace collapsed, so the exact
 * spacing carries no meaning). Lines with only plain spaces take the native `split(" ")`, which
 * bench/mine.bench.ts measured at a fraction of a per-character loop's cost.
 */
export function tokenise(text: string, maxLineLength: number, maxTokensPerLine: number): TokenisedLine {
  const lineTruncated = text.length > maxLineLength;
  const line = lineTruncated ? text.slice(0, maxLineLength) : text;
  let words: string[];
  if (OTHER_SPACE.test(line)) words = splitOnAnySpace(line);
  else {
    words = line.split(" ");
    if (line.includes("  ") || line.startsWith(" ") || line.endsWith(" ") || line === "") words = words.filter((word) => word !== "");
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

function splitOnAnySpace(line: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let index = 0; index <= line.length; index += 1) {
    if (index === line.length || isSpace(line.charCodeAt(index))) {
      if (start >= 0) words.push(line.slice(start, index));
      start = -1;
    } else if (start < 0) {
      start = index;
    }
  }
  return words;
}
