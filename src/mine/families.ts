import type { Cluster } from "./drain.js";
import { isPlainWord, isEnumWord } from "./drain.js";

/** Clusters that match at every position but one, where each holds a different plain word. */
export interface Family {
  readonly position: number;
  readonly members: Cluster[];
}

function keyFor(bucketKey: string, tokens: readonly string[], position: number): string {
  let key = `${bucketKey}\u0001${position}`;
  for (let index = 0; index < tokens.length; index += 1) key += index === position ? "\u0001" : `\u0001${tokens[index] as string}`;
  return key;
}

/**
 * Post-hoc refinement: a position becomes `<*>` once `minDistinctWords` clusters differ only in the
 * plain word they hold there (user names, hosts). Fewer distinct words stay separate templates
 * (`Accepted`/`Failed password`, `creating`/`removing device`), which is what keeps one problem
 * from hiding another. The first word is never generalised this way. Only clusters created with a plain word at a position are indexed there.
 */
export class ClusterFamilies {
  readonly #byKey = new Map<string, Cluster[]>();
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
      const alive = (this.#byKey.get(key) ?? []).filter((member) => !member.evicted && member.mergedInto === undefined && keyFor(bucketKey, member.tokens, position) === key);
      alive.push(cluster);
      this.#byKey.set(key, alive);
      if (ready === undefined && alive.length >= this.#minDistinctWords) {
        ready = { position, members: alive };
        this.#byKey.delete(key);
      }
    }
    return ready;
  }

  /** Drops every entry (used when the index outgrows its bound; families then restart). */
  clear(): void {
    this.#byKey.clear();
  }

  get size(): number {
    return this.#byKey.size;
  }
}
