import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { httpFromAccessLog, splitLinePrefix } from "./line-prefix.js";

describe("splitLinePrefix", () => {
  const cases: [string, string, { level?: string; logger?: string; source?: { module?: string; function?: string; line?: number }; rest: string }][] = [
    ["Python's name - level - message", "auth.db - WARNING - Connection pool exhausted", { level: "WARNING", logger: "auth.db", rest: "Connection pool exhausted" }],
    [
      "Python's name fields before the level (service - logger - level)",
      "netra-service - auth_service.auth_core.database.connection - INFO - Auth database ready",
      { level: "INFO", logger: "auth_service.auth_core.database.connection", rest: "Auth database ready" },
    ],
    ["three name fields before the level", "eu - api - app.jobs - ERROR - job 7 failed", { level: "ERROR", logger: "app.jobs", rest: "job 7 failed" }],
    [
      "loguru's padded level | module:function:line |",
      "ERROR    | app.core.logging:_emit_log:202 | [db] connection failed",
      { level: "ERROR", logger: "app.core.logging", source: { module: "app.core.logging", function: "_emit_log", line: 202 }, rest: "[db] connection failed" },
    ],
    ["loguru at module level", "WARNING  | __main__:<module>:12 | starting late", { level: "WARNING", logger: "__main__", source: { module: "__main__", function: "<module>", line: 12 }, rest: "starting late" }],
    ["nothing from a pipe line without a location", "ERROR | something | else", { level: "ERROR", rest: "| something | else" }],
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
