// One pass over a string's char codes answers every cheap gate at once (is there a digit, an `@`,
// a long base64 run…), so the expensive rules run only where they can match.

export interface TextShape {
  /** Longest run of base64/base62 characters, capped at the cap passed in. */
  readonly longestTokenRun: number;
  readonly digit: boolean;
  readonly at: boolean;
  /** Count of `:`, capped at 8 (7 are needed for an uncompressed IPv6 address). */
  readonly colons: number;
  readonly equals: boolean;
  /** `/` or `\`: paths. */
  readonly slash: boolean;
  readonly space: boolean;
}

export function shapeOf(text: string, runCap: number): TextShape {
  let run = 0;
  let longest = 0;
  let digit = false;
  let at = false;
  let colons = 0;
  let equals = false;
  let slash = false;
  let space = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    const isDigit = c >= 48 && c <= 57;
    if (isDigit) digit = true;
    if (letter || isDigit || c === 43 || c === 47 || c === 95 || c === 45) {
      run += 1;
      if (run > longest) longest = run;
    } else run = 0;
    if (letter || isDigit) continue;
    switch (c) {
      case 64:
        at = true;
        break;
      case 58:
        if (colons < 8) colons += 1;
        break;
      case 61:
        equals = true;
        break;
      case 47:
      case 92:
        slash = true;
        break;
      case 32:
      case 9:
      case 10:
        space = true;
        break;
      default:
        break;
    }
  }
  return { longestTokenRun: Math.min(longest, runCap), digit, at, colons, equals, slash, space };
}
