import assert from "node:assert/strict";
import { test } from "node:test";
import { fixtureWindow } from "../../test/builders/report-builder.js";
import type { RunWindow } from "../model/window.js";
import { compactTimestamp, jsonReportFileName, worklogFileName } from "./file-name.js";

const base = { basis: "flags", label: "last-1h", minutes: 60 } as const;
const cases: readonly [string, RunWindow, string][] = [
  ["label and window end", fixtureWindow(), "GCP-LOG-GARDENER-WORKLOG-last-1h-20250915T015225Z.md"],
  ["sub-second end is cut to seconds", fixtureWindow({ end: "2025-09-15T01:52:25.999999Z" }), "GCP-LOG-GARDENER-WORKLOG-last-1h-20250915T015225Z.md"],
  ["an offset end is written in UTC", fixtureWindow({ end: "2025-09-15T03:52:25+02:00" }), "GCP-LOG-GARDENER-WORKLOG-last-1h-20250915T015225Z.md"],
  ["unsafe label characters become dashes", fixtureWindow({ label: "../a b:c/d" }), "GCP-LOG-GARDENER-WORKLOG-a-b-c-d-20250915T015225Z.md"],
  ["no end falls back to the start", { ...base, start: "2025-09-15T00:52:25Z" }, "GCP-LOG-GARDENER-WORKLOG-last-1h-20250915T005225Z.md"],
  ["undated entries are named by the label alone, not no-data", { ...base, label: "undated" }, "GCP-LOG-GARDENER-WORKLOG-undated.md"],
];

for (const [name, window, expected] of cases) {
  test(`worklog file name: ${name}`, () => {
    const fileName = worklogFileName(window);
    assert.equal(fileName, expected);
    assert.doesNotMatch(fileName, /:/);
  });
}

test("the JSON report has the same name with .json", () => {
  assert.equal(jsonReportFileName(fixtureWindow()), "GCP-LOG-GARDENER-WORKLOG-last-1h-20250915T015225Z.json");
});

test("compact timestamps reject what is not a time", () => {
  assert.equal(compactTimestamp("yesterday"), undefined);
});
