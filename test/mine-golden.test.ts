import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { GOLDEN_DIR, goldenDatasets, renderGolden } from "./golden/mine-golden.js";

describe("miner golden templates (Loghub-2.0 2k samples)", () => {
  const datasets = goldenDatasets();

  test("finds the Loghub samples committed in datasets/", () => {
    assert.ok(datasets.length >= 10, `found ${datasets.length} datasets`);
  });

  for (const dataset of datasets) {
    const { text, unmatched } = renderGolden(dataset.contents);

    test(`${dataset.system}: templates match the committed golden file (refresh with npm run golden:update)`, () => {
      assert.equal(text, readFileSync(new URL(`${dataset.system}.templates.txt`, GOLDEN_DIR), "utf8"));
    });

    test(`${dataset.system}: every line matches the template it was mined into`, () => {
      assert.deepEqual(unmatched, []);
    });
  }
});
