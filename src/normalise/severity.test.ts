import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inferSeverityFromText, readSeverityField, severityFromPayloadLevel } from "./severity.js";

describe("readSeverityField", () => {
  test("takes a LogSeverity name as it is, with no reason", () => assert.deepEqual(readSeverityField("ERROR"), { severity: "ERROR" }));
  test("a missing severity is DEFAULT", () => assert.deepEqual(readSeverityField(undefined), { severity: "DEFAULT" }));
  test("reads an alias and says so", () => assert.deepEqual(readSeverityField("warn"), { severity: "WARNING", reason: 'severity "warn" read as WARNING' }));
  test("reads the proto number", () => assert.deepEqual(readSeverityField(500), { severity: "ERROR", reason: "severity 500 is ERROR" }));
  test("an unknown value is DEFAULT with a reason", () => assert.equal(readSeverityField("LOUD").severity, "DEFAULT"));
});

describe("severityFromPayloadLevel", () => {
  test("reads pino's numeric levels", () => assert.deepEqual(severityFromPayloadLevel("level", 50), { severity: "ERROR", reason: "jsonPayload.level is 50" }));
  test("reads Python's levelname", () => assert.equal(severityFromPayloadLevel("levelname", "WARNING")?.severity, "WARNING"));
});

describe("inferSeverityFromText", () => {
  const cases: [string, string, string | undefined, string | undefined, string | undefined][] = [
    ["a bare upper-case level", "ERROR: connection refused", undefined, "ERROR", 'text says "ERROR"'],
    ["Python's default format", "2025 - auth - WARNING - pool exhausted", undefined, "WARNING", 'text says "WARNING"'],
    ["a bracketed level in any case", "[warn] disk almost full", undefined, "WARNING", 'text says "[warn]"'],
    ["level=… key-value", "ts=1 level=error msg=boom", undefined, "ERROR", 'text says "level=error"'],
    ["a JSON severity in text", '{"severity": "CRITICAL", "msg": "x"}', undefined, "CRITICAL", 'text says "severity": "CRITICAL"'],
    ["glog's letter", "E0914 18:32:12.545693 1 main.go:10] boom", undefined, "ERROR", 'text starts with glog level "E"'],
    ["the earliest level stated", "WARN LOOP ERROR CONTEXT", undefined, "WARNING", 'text says "WARN"'],
    ["FATAL as CRITICAL", "FATAL: out of memory", undefined, "CRITICAL", 'text says "FATAL"'],
    ["a Python traceback", "Session check failed", "Traceback (most recent call last):\n  File \"a.py\", line 1", "ERROR", "carries a Python traceback"],
    ["a Java trace", "java.lang.IllegalStateException: x", "\tat com.example.A.b(A.java:1)", "ERROR", "carries a stack trace"],
    ["a Go panic", "panic: runtime error", "goroutine 1 [running]:", "CRITICAL", "carries a Go panic"],
  ];
  for (const [name, line, stack, severity, reason] of cases) {
    test(`reads ${name}`, () => {
      const inferred = inferSeverityFromText(line, stack, 160);
      assert.equal(inferred?.severity, severity);
      assert.equal(inferred?.reason, reason);
    });
  }

  const none: [string, string][] = [
    ["a lower-case word in prose", "the error rate went down"],
    ["a level word past the scanned prefix", `${"x".repeat(200)} ERROR`],
    ["a banner ALERT (only bracketed or key=value counts)", "ALERT: GOLDEN PATH ROUTING FAILURE"],
    ["a line that states nothing", "Session access failed (middleware not installed?)"],
  ];
  for (const [name, line] of none) {
    test(`leaves ${name} without a severity`, () => assert.equal(inferSeverityFromText(line, undefined, 160), undefined));
  }
});
