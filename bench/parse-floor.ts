/**
 * The parse-only floor of bench/pipeline.bench.ts: reads a gcloud export with the same splitter the
 * pipeline uses and `JSON.parse`s each element, and nothing else. Prints `{"entries": n}`.
 *
 *   tsx bench/parse-floor.ts FILE
 */
import { InputConfigSchema } from "../src/config/sections/input.js";
import { openInput } from "../src/sources/registry.js";

const file = process.argv[2];
if (file === undefined) throw new Error("usage: parse-floor FILE");
let entries = 0;
for await (const item of openInput(file, { stdin: process.stdin, options: InputConfigSchema.parse({}) })) if (item.kind === "entry") entries += 1;
process.stdout.write(`${JSON.stringify({ entries })}\n`);
