import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatCount, formatDuration, formatFactor, formatMinutes, formatRate, formatRatePerUnit, formatShare, plural } from "./figures.js";

const cases: [string, string, string][] = [
  ["count with separators", formatCount(1_234_567), "1,234,567"],
  ["count with a fraction", formatCount(1234.5), "1,234.5"],
  ["rate above ten, one decimal", formatRate(30.049), "30"],
  ["rate of thousands, separated", formatRate(1_234.56), "1,234.6"],
  ["rate under ten, two decimals", formatRate(4.4666), "4.47"],
  ["tiny rate, two significant digits", formatRate(0.00123), "0.0012"],
  ["zero rate", formatRate(0), "0"],
  ["whole minutes", formatMinutes(1_440), "1,440"],
  ["minutes from a data span", formatMinutes(59.966966666666664), "59.97"],
  ["share", formatShare(0.271), "27.1%"],
  ["tiny share is not 0.0%", formatShare(0.0004), "<0.1%"],
  ["factor", formatFactor(2.54), "2.5×"],
  ["large factor", formatFactor(1234.4), "1,234×"],
  ["one", plural(1, "entry", "entries"), "1 entry"],
  ["many", plural(1_802, "entry", "entries"), "1,802 entries"],
];
for (const [name, actual, expected] of cases) test(`figures: ${name}`, () => assert.equal(actual, expected));

describe("formatRatePerUnit: the unit that gives a readable number", () => {
  const cases: readonly [number, string][] = [
    [15.3, "15.3/min"],
    [1, "1/min"],
    [0.5, "30/h"],
    [0.07, "4.2/h"],
    [1 / 60, "1/h"],
    // one entry in a 12-day window: once printed as 0.000057/min
    [1 / 17_439, "0.08/day"],
    [6.3e-7, "<0.01/day"],
    [0, "0/min"],
    [1_234.5, "1,234.5/min"],
  ];
  for (const [rate, expected] of cases) test(`${rate}/min reads ${expected}`, () => assert.equal(formatRatePerUnit(rate), expected));
});

describe("formatDuration: two largest units", () => {
  const cases: readonly [number, string][] = [
    [30, "30m"],
    [60, "1h"],
    [90, "1h 30m"],
    [59.985, "1h"],
    [1_440, "1d"],
    [17_439, "12d 2h"],
    [3_182_086, "2,209d 18h"],
    [0.5, "30s"],
  ];
  for (const [minutes, expected] of cases) test(`${minutes} minutes reads ${expected}`, () => assert.equal(formatDuration(minutes), expected));
});
