/** Same as tokenise.ts WILDCARD; local because imported bindings cost a getter call per use under tsx. */
const WILDCARD = "<*>";

export interface AlignmentRules {
  /** Longest run of tokens one side may have where the other has something else. */
  readonly maxGapTokens: number;
}

/**
 * Merges two templates of different lengths when they differ only where a variable of variable
 * length sits (`<*> bytes sent` / `<*> bytes (<*> KB) sent`, `lifetime <*>:<*>` / `lifetime <*> sec`):
 * the tokens they share (longest common subsequence) must be at least half of the longer one, and
 * every stretch between shared tokens may hold only variables, punctuation and units (never a word
 * such as `from` or `user=<*>`), with a variable in it or beside it. Such a stretch becomes one
 * `<*>`. Returns undefined when they do not align that way.
 */
export function alignTemplates(a: readonly string[], b: readonly string[], rules: AlignmentRules): string[] | undefined {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const lengths = new Uint16Array(rows * columns);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * columns + j] =
        a[i] === b[j] ? (lengths[(i + 1) * columns + j + 1] as number) + 1 : Math.max(lengths[(i + 1) * columns + j] as number, lengths[i * columns + j + 1] as number);
    }
  }
  const shared = lengths[0] as number;
  if (shared * 2 < Math.max(a.length, b.length)) return undefined;

  const merged: string[] = [];
  let gapA: string[] = [];
  let gapB: string[] = [];
  const closeGap = (anchor?: string): boolean => {
    if (gapA.length === 0 && gapB.length === 0) return true;
    if (gapA.length > rules.maxGapTokens || gapB.length > rules.maxGapTokens) return false;
    if (!gapA.every(isVariableLike) || !gapB.every(isVariableLike)) return false;
    const nextToVariable = (merged[merged.length - 1] ?? "").includes(WILDCARD) || (anchor ?? "").includes(WILDCARD);
    if (!nextToVariable && !gapA.some(holdsVariable) && !gapB.some(holdsVariable)) return false;
    if (merged[merged.length - 1] !== WILDCARD) merged.push(WILDCARD);
    gapA = [];
    gapB = [];
    return true;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      if (!closeGap(a[i])) return undefined;
      merged.push(a[i] as string);
      i += 1;
      j += 1;
    } else if ((lengths[(i + 1) * columns + j] as number) >= (lengths[i * columns + j + 1] as number)) {
      gapA.push(a[i] as string);
      i += 1;
    } else {
      gapB.push(b[j] as string);
      j += 1;
    }
  }
  gapA.push(...a.slice(i));
  gapB.push(...b.slice(j));
  return closeGap() ? merged : undefined;
}

function holdsVariable(token: string): boolean {
  return token.includes(WILDCARD);
}

/** Units that travel with a number (`(1.16 KB)`, `<1 sec`). */
const UNITS = new Set(["B", "KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "ns", "us", "ms", "s", "sec", "secs", "min", "mins", "h", "bytes"]);

/** A token made of variables and punctuation only, or a unit. */
function isVariableLike(token: string): boolean {
  const rest = token.split(WILDCARD).join("").replace(/[^A-Za-z]/g, "");
  return rest === "" || UNITS.has(rest);
}
