import type { MinerConfig } from "../config/sections/miner.js";
import { createMiner, type MinerStats } from "../mine/miner.js";

/** One message's cluster and that cluster's template after the whole input. */
export interface MinedMessage {
  readonly line: number;
  readonly cluster: string;
  readonly template: string;
}

/** The mined input: one row per message, produced on demand so a large input holds only ids. */
export interface MinedMessages {
  readonly count: number;
  rows(): Generator<MinedMessage>;
  readonly stats: MinerStats;
}

/**
 * Mines messages in order and reports each with its cluster's final template (as Drain's benchmark
 * output does). The `mine` command's engine: only the pipeline puts stages together.
 */
export async function mineMessages(messages: AsyncIterable<string> | Iterable<string>, options: MinerConfig): Promise<MinedMessages> {
  const miner = createMiner(options);
  const ids: string[] = [];
  for await (const message of messages) ids.push(miner.add(message).templateId);
  const resolved = new Map<string, { cluster: string; template: string }>();
  function* rows(): Generator<MinedMessage> {
    for (let index = 0; index < ids.length; index += 1) {
      const id = ids[index] as string;
      let found = resolved.get(id);
      if (found === undefined) {
        const info = miner.template(id);
        found = { cluster: info?.templateId ?? id, template: info?.template ?? "" };
        // only held templates are remembered: a million evicted shapes would be a million entries
        if (info !== undefined) resolved.set(id, found);
      }
      yield { line: index + 1, ...found };
    }
  }
  return { count: ids.length, rows, stats: miner.stats() };
}
