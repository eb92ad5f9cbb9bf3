import type { LruNode } from "./cluster-cache.js";

/** Same as tokenise.ts WILDCARD; local because imported bindings cost a getter call per use under tsx. */
const WILDCARD = "<*>";

/** A cluster of messages of one scope and one token count, and the template they share. */
export interface Cluster extends LruNode {
  readonly id: string;
  readonly scope: string;
  tokens: string[];
  readonly firstTemplate: string;
  size: number;
  /** Set when the LRU bound pushed the cluster out; stale references check it. */
  evicted: boolean;
  /** Set when the cluster was folded into another one; its id then resolves to that one. */
  mergedInto?: Cluster;
  /** Set on a cluster of another length that joined a group (its lines differ by a variable of variable length); its id resolves to the group's root. */
  group?: Cluster | undefined;
  /** On a group's root: the other members, and the template that covers them all. */
  groupMembers?: Cluster[];
  groupTokens?: string[];
  /** The miner's shared answer for a line that changed nothing here. */
  unchanged?: { readonly templateId: string; readonly outcome: "unchanged" };
}

export interface MatchRules {
  /** Largest share of a template's positions whose values may differ in shape for a line to join. */
  readonly maxDifferenceRatio: number;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Upper-case identifiers (`RUNNING`, `FAIL_TASK_CLEANUP`, `LOOKING`) are states and event kinds:
 * messages that differ in one are different events, so such a position never becomes `<*>`.
 */
export function isEnumWord(token: string): boolean {
  if (token.length < 2) return false;
  let letters = 0;
  for (let index = 0; index < token.length; index += 1) {
    const code = token.charCodeAt(index);
    if (code >= 65 && code <= 90) letters += 1;
    else if (code !== 95 && !isDigit(code)) return false;
  }
  return letters >= 2;
}

/** A token with no variable in it: two lines that differ in one are different events until shown otherwise. */
export function isPlainWord(token: string): boolean {
  if (token.includes(WILDCARD)) return false;
  for (let index = 0; index < token.length; index += 1) if (isDigit(token.charCodeAt(index))) return false;
  return true;
}

/**
 * How two differing tokens relate, judged on the part that differs once their common prefix and
 * suffix are set aside (`LOGIN(uid=<*>)` vs `(uid=<*>)` differ in `LOGIN`): `shape` when that part
 * holds a variable or a digit on either side, `enum` when it is an upper-case identifier (never
 * merged), `word` when plain words differ (merged only once enough distinct ones are seen).
 */
export function differenceKind(a: string, b: string): "shape" | "word" | "enum" {
  if (a === WILDCARD || b === WILDCARD) return "shape";
  if (UNITS.has(a.replace(TRAILING_PUNCTUATION, "")) && UNITS.has(b.replace(TRAILING_PUNCTUATION, ""))) return "shape";
  const limit = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  let suffix = 0;
  while (suffix < limit - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix += 1;
  // text inserted next to a variable extends the variable (`rhost=<*>` vs `rhost=<*>.example.br`)
  if (a.startsWith(WILDCARD, prefix - WILDCARD.length) || b.startsWith(WILDCARD, prefix - WILDCARD.length)) return "shape";
  if (a.startsWith(WILDCARD, a.length - suffix) || b.startsWith(WILDCARD, b.length - suffix)) return "shape";
  // widen to whole `<*>`s so a half-shared wildcard counts as a variable difference
  const middleA = widen(a, prefix, a.length - suffix);
  const middleB = widen(b, prefix, b.length - suffix);
  if (middleA.includes(WILDCARD) || middleB.includes(WILDCARD)) return "shape";
  if (isEnumWord(middleA) || isEnumWord(middleB)) return "enum";
  return isPlainWord(middleA) && isPlainWord(middleB) ? "word" : "shape";
}

/** Units written after a number: `5.2 KB` and `310 B` are the same event. */
const UNITS = new Set(["B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "ns", "us", "µs", "ms", "s", "sec", "min", "m", "h"]);

const TRAILING_PUNCTUATION = /[,;:.)\]]+$/;

function widen(token: string, start: number, end: number): string {
  let from = start;
  let to = end;
  while (from > 0 && "<*".includes(token.charAt(from - 1)) && token.includes(WILDCARD, from - 2)) from -= 1;
  while (to < token.length && "*>".includes(token.charAt(to))) to += 1;
  return token.slice(Math.max(0, from - 2), to);
}

/**
 * Picks the cluster in one bucket (same scope, same token count) that the line joins, or none.
 * Positions may differ only in shape (see `differenceKind`), at most `maxDifferenceRatio` of them.
 * Score: equal tokens count 2, anything else 1; ties go to the older cluster, so the choice depends
 * only on input order. Lines that differ in a plain word are kept apart here and joined later, once
 * enough distinct words are seen at one position (see `ClusterFamilies`).
 */
export function bestMatch(bucket: readonly Cluster[], tokens: readonly string[], rules: MatchRules): Cluster | undefined {
  const allowed = Math.floor(tokens.length * rules.maxDifferenceRatio);
  let best: Cluster | undefined;
  let bestScore = -1;
  for (const cluster of bucket) {
    const template = cluster.tokens;
    let score = 0;
    let differences = 0;
    let fits = true;
    for (let index = 0; index < tokens.length; index += 1) {
      const have = template[index] as string;
      const want = tokens[index] as string;
      if (have === want) score += 2;
      // a value the template already treats as variable, or a masked value over a masked shape
      else if (have === WILDCARD || (want === WILDCARD && have.includes(WILDCARD))) score += 1;
      else if ((differences += 1) > allowed || differenceKind(have, want) !== "shape" || wordAgainstValue(have, want)) {
        fits = false;
        break;
      } else score += 1;
    }
    if (fits && score > bestScore) {
      best = cluster;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Whether the template holds a word where the line holds a masked value in its place
 * (`tty=NODEVssh` against `tty=:<*>`): the template's lines all wrote that word, so a line with a
 * value there is another event. The other way round (`user=<*>` against `user=root`) the template
 * already treats the position as variable, and the line joins.
 */
export function wordAgainstValue(have: string, want: string): boolean {
  if (have.includes(WILDCARD) || !want.includes(WILDCARD) || want === WILDCARD) return false;
  const limit = Math.min(have.length, want.length);
  let prefix = 0;
  while (prefix < limit && have.charCodeAt(prefix) === want.charCodeAt(prefix)) prefix += 1;
  let suffix = 0;
  while (suffix < limit - prefix && have.charCodeAt(have.length - 1 - suffix) === want.charCodeAt(want.length - 1 - suffix)) suffix += 1;
  const word = have.slice(prefix, have.length - suffix);
  if (word.length < MIN_WORD_LETTERS) return false;
  for (let index = 0; index < word.length; index += 1) {
    const code = word.charCodeAt(index) | 0x20;
    if (code < 97 || code > 122) return false;
  }
  return want.slice(prefix, want.length - suffix).includes(WILDCARD);
}

/** Letters a word needs to count as a word against a value (shorter ones are often units or flags). */
const MIN_WORD_LETTERS = 3;

/** The most specific token that covers both: a shared key or punctuated prefix and suffix are kept. */
export function generaliseToken(a: string, b: string): string {
  if (a === b) return a;
  if (a === WILDCARD || b === WILDCARD) return WILDCARD;
  let prefix = 0;
  const limit = Math.min(a.length, b.length);
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix += 1;
  let suffix = 0;
  while (suffix < limit - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix += 1;
  // cut back to punctuation so that no word is split, and never inside a `<*>`
  let head = a.slice(0, prefix);
  while (head !== "" && !(isBoundary(head.charCodeAt(head.length - 1)) && !head.endsWith("<") && !head.endsWith("<*"))) head = head.slice(0, -1);
  let tail = a.slice(a.length - suffix);
  while (tail !== "" && !(isBoundary(tail.charCodeAt(0)) && !tail.startsWith(">") && !tail.startsWith("*>"))) tail = tail.slice(1);
  if (head.endsWith(WILDCARD)) head = head.slice(0, -WILDCARD.length);
  if (tail.startsWith(WILDCARD)) tail = tail.slice(WILDCARD.length);
  return head + WILDCARD + tail;
}

function isBoundary(code: number): boolean {
  return !(isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code >= 128);
}

/** Generalises the template so the line fits it; returns whether the template changed. */
export function absorb(cluster: Cluster, tokens: readonly string[]): boolean {
  let changed = false;
  const template = cluster.tokens;
  for (let index = 0; index < template.length; index += 1) {
    const have = template[index] as string;
    const want = tokens[index] as string;
    if (have !== want && have !== WILDCARD) {
      template[index] = generaliseToken(have, want);
      changed = true;
    }
  }
  return changed;
}

/** Whether every line of template `inner` also fits template `outer` as it stands. */
export function covers(outer: readonly string[], inner: readonly string[]): boolean {
  for (let index = 0; index < outer.length; index += 1) {
    const have = outer[index] as string;
    const other = inner[index] as string;
    if (have !== other && have !== WILDCARD && generaliseToken(have, other) !== have) return false;
  }
  return true;
}
