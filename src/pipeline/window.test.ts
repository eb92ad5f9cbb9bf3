import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveWindow } from "./window.js";

const at = (iso: string) => Date.parse(iso);

const cases: [string, Parameters<typeof resolveWindow>[0], { label: string; minutes: number; basis: string }][] = [
  ["a duration flag", { since: new Date("2025-09-14T17:00:00Z"), until: new Date("2025-09-14T19:00:00Z"), sinceText: "2h" }, { label: "last-2h", minutes: 120, basis: "flags" }],
  ["an hour of data", { dataFirstMs: at("2025-09-14T18:00:00Z"), dataLastMs: at("2025-09-14T19:00:00Z") }, { label: "1h", minutes: 60, basis: "data" }],
  ["a day of data", { dataFirstMs: at("2025-09-13T19:00:00Z"), dataLastMs: at("2025-09-14T19:00:00Z") }, { label: "1d", minutes: 1440, basis: "data" }],
  ["a span in minutes", { dataFirstMs: at("2025-09-14T18:00:00Z"), dataLastMs: at("2025-09-14T18:45:00Z") }, { label: "45m", minutes: 45, basis: "data" }],
  ["an hour and a half of data", { dataFirstMs: at("2025-09-14T18:00:00Z"), dataLastMs: at("2025-09-14T19:30:00Z") }, { label: "1h 30m", minutes: 90, basis: "data" }],
  // a 12-day export: the label once read "17439m"
  ["twelve days of data", { dataFirstMs: at("2025-09-02T16:21:00Z"), dataLastMs: at("2025-09-14T19:00:00Z") }, { label: "12d 2h", minutes: 17439, basis: "data" }],
  ["no times at all", {}, { label: "undated", minutes: 1, basis: "data" }],
];
for (const [name, input, expected] of cases) {
  test(`window from ${name}`, () => {
    const window = resolveWindow(input);
    assert.deepEqual({ label: window.label, minutes: window.minutes, basis: window.basis }, expected);
  });
}
