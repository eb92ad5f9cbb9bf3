// Rewrites the worklog golden files from their fixtures: `npx tsx scripts/update-worklog-golden.ts`, then review the diff.
import { writeFile } from "node:fs/promises";
import { WORKLOG_GOLDEN_CASES } from "../test/golden/worklog/cases.js";

for (const { file, render } of WORKLOG_GOLDEN_CASES) {
  await writeFile(file, render(), "utf8");
  process.stdout.write(`wrote ${file}\n`);
}
