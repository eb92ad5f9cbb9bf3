import { hash53 } from "../model/hash.js";
import type { Cluster } from "./drain.js";
import { isPlainWord, isEnumWord } from "./drain.js";

/** Clusters that match at every position but one, where each holds a different plain word. */
export interface Family {
  readonly position: number;
  readonly members: Cluster[];
}

/** A hash of everything but the word at `position`: held as a number, so the index costs a Map entry per word, not a string. */
function keyFor(bucketKey: string, tokens: readonly string[], position: number): number {
  let key = `${bucketKey}\u0001${position}`;
  for (let index = 0; index < tokens.length; index += 1) key += index === position ? "\u0001" : `\u0001${tokens[index] as string}`;
  return hash53(key);
}

/** Whether two templates of one bucket are equal at every position but `position` (hashes can collide). */
function equalExcept(a: readonly string[], b: readonly string[], position: number): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (index !== position && a[index] !== b[index]) return false;
  return true;
}

/**
 * A position becomes `<*>` once `minDistinctWords` clusters differ only in the plain word they hold
 * there (user names, hosts) and the lines are spread over those words (see `spreadEvenly`). Fewer
 * distinct words stay separate templates (`Accepted`/`Failed password`, `creating`/`removing
 * device`), which is what keeps one problem from hiding another. The first word is never
 * generalised this way. Only clusters created with a plain word at a position are indexed there.
 */
export class ClusterFamilies {
  readonly #byKey = new Map<number, Cluster | Cluster[]>();
  readonly #minDistinctWords: number;

  constructor(minDistinctWords: number) {
    this.#minDistinctWords = minDistinctWords;
  }

  /** Indexes a new cluster and returns a family that has just reached the threshold, if any. */
  register(bucketKey: string, cluster: Cluster): Family | undefined {
    let ready: Family | undefined;
    const tokens = cluster.tokens;
    // position 0 is left out: a message's first word names the event (`Accepted`/`Failed`, `boot`/`halt`)
    for (let position = 1; position < tokens.length; position += 1) {
      const token = tokens[position] as string;
      if (!isPlainWord(token) || isEnumWord(token)) continue;
      const key = keyFor(bucketKey, tokens, position);
      const held = this.#byKey.get(key);
      if (held === undefined) {
        this.#byKey.set(key, cluster);
        continue;
      }
      const alive = (Array.isArray(held) ? held : [held]).filter(
        (member) => !member.evicted && member.mergedInto === undefined && equalExcept(member.tokens, tokens, position) && isPlainWord(member.tokens[position] as string),
      );
      alive.push(cluster);
      this.#byKey.set(key, alive.length === 1 ? cluster : alive);
      if (ready === undefined && alive.length >= this.#minDistinctWords && spreadEvenly(alive, this.#minDistinctWords)) {
        ready = { position, members: alive };
        this.#byKey.delete(key);
      }
    }
    return ready;
  }
}

/**
 * Whether the lines are spread over the words rather than held by one: the effective number of
 * words (inverse Simpson index, 1 / Σ share²) is at least 2, or there are twice the minimum of
 * distinct words. `user=root` in 351 lines beside `user=guest` (17) and `user=test` (4) is one
 * account and two rare events; `cyrus` 43, `news` 43, `test` 36 is a variable. Counts, not
 * arrival order, decide.
 */
function spreadEvenly(members: readonly Cluster[], minDistinctWords: number): boolean {
  if (members.length >= 2 * minDistinctWords) return true;
  let total = 0;
  let squares = 0;
  for (const member of members) total += member.size;
  for (const member of members) squares += (member.size / total) ** 2;
  return 1 / squares >= 2;
}
