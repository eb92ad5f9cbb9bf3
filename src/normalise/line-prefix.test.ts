import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { httpFromAccessLog, splitLinePrefix } from "./line-prefix.js";

describe("splitLinePrefix", () => {
  const cases: [string, string, { level?: string; logger?: string; rest: string }][] = [
    ["Python's name - level - message", "auth.db - WARNING - Connection pool exhausted", { level: "WARNING", logger: "auth.db", rest: "Connection pool exhausted" }],
    ["Python's basicConfig", "ERROR:root:boom", { level: "ERROR", logger: "root", rest: "boom" }],
    ["uvicorn's padded level", "INFO:     Application startup complete.", { level: "INFO", rest: "Application startup complete." }],
    ["a bracketed level", "[warn] disk almost full", { level: "WARN", rest: "disk almost full" }],
    ["a bare upper-case level", "ERROR something failed", { level: "ERROR", rest: "something failed" }],
    ["a dotted logger in brackets after the level", "ERROR [app.payments] Payment capture failed", { level: "ERROR", logger: "app.payments", rest: "Payment capture failed" }],
    ["logback's level [thread] logger - message", "ERROR [main] com.acme.pay.Capture - Payment capture failed", { level: "ERROR", logger: "com.acme.pay.Capture", rest: "Payment capture failed" }],
    ["a bare thread name is not a logger", "WARN [main] retrying upload", { level: "WARN", rest: "[main] retrying upload" }],
    ["nothing from a level word later in the line", "Session ERROR rate", { rest: "Session ERROR rate" }],
    ["nothing from a lower-case word", "error rate went up", { rest: "error rate went up" }],
    ["nothing when the level is all there is", "ERROR:  ", { rest: "ERROR:  " }],
  ];
  for (const [name, line, expected] of cases) test(`reads ${name}`, () => assert.deepEqual(splitLinePrefix(line), expected));
});

describe("httpFromAccessLog", () => {
  test("reads a combined-log request", () =>
    assert.deepEqual(httpFromAccessLog('1.2.3.4 - - [14/Sep/2025:18:00:00 +0000] "POST /orders/123456 HTTP/1.1" 502 0'), {
      method: "POST",
      url: "/orders/123456",
      route: "/orders/<id>",
      status: 502,
      protocol: "HTTP/1.1",
    }));
  test("reads nothing from a line without a request", () => assert.equal(httpFromAccessLog("GET is a verb"), undefined));
});
