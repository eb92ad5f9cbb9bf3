// `npm run demo`: the whole job on the built-in sample, twice over two later windows, with the local tracker.
// `-- --root <dir>` writes the state and reports under another folder (the demo's test does).
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { main } from "../src/cli/main.js";

const { values } = parseArgs({ options: { root: { type: "string", default: "." } } });
const ROOT = values.root;
const STATE = join(ROOT, ".log-gardener/demo/state.db");
const OUT = join(ROOT, "gcp/log-gardener/demo");

async function step(title: string, args: string[]): Promise<void> {
  process.stdout.write(`\n=== ${title}\n$ log-gardener ${args.join(" ")}\n`);
  const code = await main(args);
  if (code !== 0) {
    process.stderr.write(`demo: step failed with exit code ${code}\n`);
    process.exit(code);
  }
}

// A fresh state each time, so the demo always shows the first run creating issues.
await rm(join(ROOT, ".log-gardener/demo"), { recursive: true, force: true });
await rm(OUT, { recursive: true, force: true });

// Each run writes to its own folder: the third run covers the second's window, and its worklog
// ("nothing changed") must not replace the record of what the second run did.
const common = ["--state", STATE, "--max-new-issues", "50"];
await step("first window: every problem is new, issues are created in the local tracker", [
  "run", "--input", "samples/cloud-run/window-1.json", ...common, "--out", `${OUT}/run-1`, "--html", `${OUT}/run-1/window-1.html`,
]);
await step("a later window: issues get fresh evidence, a grown problem escalates, new ones are filed", [
  "run", "--input", "samples/cloud-run/window-2.json", ...common, "--out", `${OUT}/run-2`, "--html", `${OUT}/run-2/window-2.html`,
]);
// Not --quiet: the tracker line ("0 created, 0 updated …") is the proof that a re-run writes nothing.
await step("the same window again: nothing changes (idempotent)", [
  "run", "--input", "samples/cloud-run/window-2.json", ...common, "--out", `${OUT}/run-3`,
]);
await step("what the state remembers", ["clusters", "--state", STATE]);
process.stdout.write(
  `\nOpen ${OUT}/run-2/window-2.html in a browser, read each run's worklog in ${OUT}/run-1, run-2 and run-3, or the issues with\n` +
    `  npx log-gardener issues list --state ${STATE}\n  npx log-gardener issues show 11 --state ${STATE}\n`,
);
