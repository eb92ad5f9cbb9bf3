import { WILDCARD } from "./tokenise.js";

/** A cluster of messages of one scope and one token count, and the template they share. */
export interface Cluster {
  readonly id: string;
  readonly scope: string;
  tokens: string[];
  readonly firstTemplate: string;
  size: number;
  /** Set when the LRU bound pushed the cluster out; stale references check it. */
  evicted: boolean;
}

export interface MatchRules {
  /** Largest share of a template's constant positions that may differ from a line and still join. */
  readonly maxDifferenceRatio: number;
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
    else if (code !== 95 && !(code >= 48 && code <= 57)) return false;
  }
  return letters >= 2;
}

/**
 * Picks the cluster in one bucket (same scope, same token count) that the line joins, or none.
 * Score: equal tokens count 2, a template `<*>` over a line value counts 1; a line joins when at most
 * `maxDifferenceRatio` of the positions hold different constants and no differing position is an
 * upper-case identifier. Ties go to the older cluster, so the choice depends only on input order.
 */
export function bestMatch(bucket: readonly Cluster[], tokens: readonly string[], rules: MatchRules): Cluster | undefined {
  const allowed = Math.floor(tokens.length * rules.maxDifferenceRatio);
  let best: Cluster | undefined;
  let bestScore = -1;
  for (const cluster of bucket) {
    const template = cluster.tokens;
    let score = 0;
    let differences = 0;
    for (let index = 0; index < tokens.length; index += 1) {
      const have = template[index] as string;
      const want = tokens[index] as string;
      if (have === want) score += 2;
      else if (have === WILDCARD) score += 1;
      else if ((differences += 1) > allowed || isEnumWord(have) || isEnumWord(want)) {
        differences = Number.POSITIVE_INFINITY;
        break;
      }
    }
    if (differences <= allowed && score > bestScore) {
      best = cluster;
      bestScore = score;
    }
  }
  return best;
}

/** Generalises the template so the line fits it; returns whether the template changed. */
export function absorb(cluster: Cluster, tokens: readonly string[]): boolean {
  let changed = false;
  const template = cluster.tokens;
  for (let index = 0; index < template.length; index += 1) {
    if (template[index] !== tokens[index] && template[index] !== WILDCARD) {
      template[index] = WILDCARD;
      changed = true;
    }
  }
  return changed;
}
