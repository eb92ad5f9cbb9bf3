// The README's exit-code table says what the CLI does: every code the CLI uses is listed, and nothing else.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { EXIT_CODES } from "../src/model/errors.js";

test("the README's exit-code table lists exactly the codes the CLI exits with", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const table = readme.slice(readme.indexOf("Exit codes:"), readme.indexOf("## Configuration"));
  const codes = [...table.matchAll(/^\| `(\d)` \| (.+) \|$/gm)].map((m) => Number(m[1]));
  assert.deepEqual([...codes].sort(), [0, ...Object.values(EXIT_CODES)].sort());
  assert.match(table, /^\| `3` \| .*cut short.*still written/m, "a cut-off source exits 3 with the reports written");
});
