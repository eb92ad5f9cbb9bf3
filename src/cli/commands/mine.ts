import { Command } from "@commander-js/extra-typings";
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { createInterface } from "node:readline";
import { loadConfig } from "../../config/load.js";
import { UsageError } from "../../model/errors.js";
import { mineMessages } from "../../pipeline/mine-messages.js";

/**
 * `log-gardener mine [FILE|-]`: one message per input line, one NDJSON object per line out,
 * `{"line": N, "cluster": "<id>", "template": "<text with <*>>"}`, then a summary on stderr.
 */
export function mineCommand() {
  return new Command("mine")
    .description("Mine message templates from text, one message per line; prints one NDJSON object per line.")
    .argument("[file]", "input file, or '-' for stdin (the default)")
    .option("--config <file>", "config file (YAML or JSON); its `miner` section sets the limits")
    .action(async (file, opts) => {
      const { config } = await loadConfig({
        ...(opts.config !== undefined ? { configPath: opts.config } : {}),
        cwd: process.cwd(),
        env: process.env,
        flags: {},
      });
      const fromStdin = file === undefined || file === "-";
      if (!fromStdin) {
        try {
          await access(file);
        } catch {
          throw new UsageError(`cannot read ${file}: no such file or not readable`);
        }
      }
      const input = fromStdin ? process.stdin : createReadStream(file);
      const started = performance.now();
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      const mined = await mineMessages(lines, config.miner);
      const { stats } = mined;
      const seconds = (performance.now() - started) / 1000;

      const chunk: string[] = [];
      for (const row of mined.rows()) {
        chunk.push(JSON.stringify(row));
        if (chunk.length === 4096) await write(`${chunk.splice(0).join("\n")}\n`);
      }
      if (chunk.length > 0) await write(`${chunk.join("\n")}\n`);
      process.stderr.write(
        `mined ${stats.lines} lines into ${stats.clusters} templates in ${seconds.toFixed(2)} s` +
          ` (${stats.shapes} shapes held, ${stats.evictions} evicted by miner.maxClusters, long lines cut ${stats.truncatedLines}, word lists cut ${stats.truncatedTokens})\n`,
      );
    });
}

function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
