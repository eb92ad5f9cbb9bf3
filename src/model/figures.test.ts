import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCount, formatFactor, formatMinutes, formatRate, formatShare, plural } from "./figures.js";

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
