import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { plantedCorpus } from "./corpus.js";
import { runCli, scratchDir, writtenFiles } from "./cli-run.js";
import { leaksIn } from "./leaks.js";

test("a whole run on the planted corpus writes no secret, whole or in part, to any file", async (t) => {
  const corpus = plantedCorpus();
  const dir = scratchDir("leaks");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lines = corpus.map((e) =>
    typeof e.entry === "string" ? JSON.stringify({ severity: "ERROR", timestamp: "2025-09-14T18:00:00Z", textPayload: e.entry }) : JSON.stringify(e.entry),
  );
  writeFileSync(join(dir, "planted.ndjson"), `${lines.join("\n")}\n`);
  const run = await runCli(dir, "planted.ndjson");
  assert.equal(run.status, 0, run.stderr);
  const files = writtenFiles(dir, "planted.ndjson");
  // Every output was written and is searched: JSON, HTML, assignments, the worklog and the state store.
  for (const output of [/r\.json$/, /r\.html$/, /a\.ndjson$/, /\.md$/, /\.log-gardener\/state\.db$/]) {
    assert.ok(files.some((f) => output.test(f.path)), `the run wrote ${output.source}`);
  }
  const leaks = files.flatMap((file) => corpus.flatMap((entry) => leaksIn(file.text, entry).map((fragment) => `${file.path}: ${entry.id}: ${fragment}`)));
  assert.deepEqual(leaks.slice(0, 20), []);
});
