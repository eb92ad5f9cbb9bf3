import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { UsageError } from "../model/errors.js";
import fc from "fast-check";
import { leadingTimestamp, parseTimeArg, parseTimestamp, parseTimestampByPattern, readTimestamp } from "./time.js";

describe("parseTimestamp", () => {
  const cases: [string, string, string | undefined, number | undefined][] = [
    ["keeps nanoseconds as given", "2026-11-01T00:00:00.123456789Z", "2026-11-01T00:00:00.123456789Z", Date.UTC(2026, 10, 1, 0, 0, 0, 123)],
    ["keeps microseconds as given", "2025-09-14T18:32:12.490103Z", "2025-09-14T18:32:12.490103Z", Date.UTC(2025, 8, 14, 18, 32, 12, 490)],
    ["converts an offset to UTC keeping the digits", "2025-09-14T18:32:12.545693+02:00", "2025-09-14T16:32:12.545693Z", Date.UTC(2025, 8, 14, 16, 32, 12, 545)],
    ["converts a negative offset across midnight", "2025-09-14T22:30:00-05:30", "2025-09-15T04:00:00Z", Date.UTC(2025, 8, 15, 4, 0, 0)],
    ["reads +00:00 as UTC", "2025-09-14T03:01:24.144022+00:00", "2025-09-14T03:01:24.144022Z", Date.UTC(2025, 8, 14, 3, 1, 24, 144)],
    ["reads Python's comma and space", "2025-09-14 02:12:44,137", "2025-09-14T02:12:44.137Z", Date.UTC(2025, 8, 14, 2, 12, 44, 137)],
    ["reads a time without zone as UTC", "2025-09-14T02:12:44", "2025-09-14T02:12:44Z", Date.UTC(2025, 8, 14, 2, 12, 44)],
    ["rejects 31 February", "2025-02-31T00:00:00Z", undefined, undefined],
    ["rejects month 13", "2025-13-01T00:00:00Z", undefined, undefined],
    ["rejects prose", "yesterday", undefined, undefined],
  ];
  for (const [name, input, timestamp, timeMs] of cases) {
    test(name, () => {
      const parsed = parseTimestamp(input);
      assert.equal(parsed?.timestamp, timestamp);
      assert.equal(parsed?.timeMs, timeMs);
    });
  }

  test("reads protobuf { seconds, nanos } with nine digits", () => {
    assert.deepEqual(readTimestamp({ seconds: 1757874732, nanos: 490103000 }), { timestamp: "2025-09-14T18:32:12.490103000Z", timeMs: 1757874732490 });
  });
});

describe("leadingTimestamp", () => {
  test("reads a time at the start of a line and returns the rest", () => {
    const found = leadingTimestamp("2025-09-14 02:12:44,137 - auth - ERROR - boom");
    assert.equal(found?.time.timestamp, "2025-09-14T02:12:44.137Z");
    assert.equal(found?.rest, "auth - ERROR - boom");
  });
  test("reads a bracketed time", () => assert.equal(leadingTimestamp("[2025-09-14T02:12:44Z] boom")?.rest, "boom"));
  test("ignores a line that does not start with a time", () => assert.equal(leadingTimestamp("boom at 2025-09-14T02:12:44Z"), undefined));
});

describe("parseTimeArg", () => {
  const now = new Date("2026-11-23T12:00:00Z");
  const cases: [string, string][] = [
    ["30s", "2026-11-23T11:59:30.000Z"],
    ["15m", "2026-11-23T11:45:00.000Z"],
    ["2h", "2026-11-23T10:00:00.000Z"],
    ["3d", "2026-11-20T12:00:00.000Z"],
    ["1w", "2026-11-16T12:00:00.000Z"],
    ["1h30m", "2026-11-23T10:30:00.000Z"],
    ["PT2H", "2026-11-23T10:00:00.000Z"],
    ["P1D", "2026-11-22T12:00:00.000Z"],
    ["2026-11-01T00:00:00Z", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01T02:00:00+02:00", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01T00:00:00", "2026-11-01T00:00:00.000Z"],
    ["2026-11-01", "2026-11-01T00:00:00.000Z"],
  ];
  for (const [input, expected] of cases) {
    test(`reads ${input}`, () => assert.equal(parseTimeArg(input, now).toISOString(), expected));
  }
  for (const bad of ["", "2 hours", "2x", "yesterday", "2026-13-01", "P", "PT"]) {
    test(`rejects ${JSON.stringify(bad)} with a UsageError`, () => assert.throws(() => parseTimeArg(bad, now), UsageError));
  }
});

test("parseTimestamp reads every LogEntry-shaped time as the general pattern does", () => {
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789".split("")), minLength: n, maxLength: n });
  const time = fc
    .tuple(digits(4), digits(2), digits(2), digits(2), digits(2), digits(2), fc.option(fc.string({ unit: fc.constantFrom(..."0123456789".split("")), minLength: 0, maxLength: 14 })), fc.constantFrom("Z", "+00:00", "z", "+01:00", " Z", ""))
    .map(([y, mo, d, h, mi, s, fraction, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction === null ? "" : `.${fraction}`}${zone}`);
  const realistic = fc.date({ min: new Date(0), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }).map((date) => date.toISOString());
  fc.assert(
    fc.property(fc.oneof(time, realistic), (text) => assert.deepEqual(parseTimestamp(text), parseTimestampByPattern(text))),
    { numRuns: 5000 },
  );
});
