import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { clusterName, headline, NAME_MAX_CHARS, placeholderFor, variableValues } from "./name.js";

const log = { kind: "log" } as const;

describe("clusterName: variable parts become typed placeholders", () => {
  const cases: readonly [string, string, Parameters<typeof clusterName>[1], unknown[], string][] = [
    ["an exit code (once named just 'Container called')", "Container called exit(<*>).", log, [{ textPayload: "Container called exit(1)." }], "Container called exit(<n>)."],
    [
      "an address, a path and a query",
      "Blocked potential path traversal attempt from <*> Path: <*> Query: <*>",
      log,
      [{ jsonPayload: { message: "Blocked potential path traversal attempt from 203.0.113.9 Path: /static/../../etc/passwd Query: x=1" } }],
      "Blocked potential path traversal attempt from <ip> Path: <path> Query: <value>",
    ],
    [
      "two URLs (once 'OAuth URI mismatch (non-critical in staging): vs')",
      "OAuth URI mismatch (non-critical in staging): <*> vs <*>",
      log,
      [{ message: "OAuth URI mismatch (non-critical in staging): https://a.example/cb vs https://b.example/cb" }],
      "OAuth URI mismatch (non-critical in staging): <url> vs <url>",
    ],
    ["a duration", "Query timed out after <*>", log, [{ message: "Query timed out after 2.5s" }], "Query timed out after <duration>"],
    ["an address with its port", "GET <*> from <*>:<*> failed", log, [{ message: "GET /x from 10.1.2.3:443 failed" }], "GET <path> from <ip>:<port> failed"],
    ["numbers inside brackets", "ConnectionResetError: [Errno <*>] Connection reset (attempt <*>/<*>)", log, [{ message: "ConnectionResetError: [Errno 104] Connection reset (attempt 2/5)" }], "ConnectionResetError: [Errno <n>] Connection reset (attempt <n>/<n>)"],
    ["no sample that fits: untyped", "Query timed out after <*>", log, [{ message: "something else" }], "Query timed out after <value>"],
    ["a redaction mask is named by its kind", "Timeout connecting to redis at <ip:<*>>:<*> after <*>", log, [{ message: "Timeout connecting to redis at <ip:56884f>:6379 after 5.0s" }], "Timeout connecting to redis at <ip>:<port> after <duration>"],
    ["a mask without a sample", "login by <email:3f2a1b> from <ip:<*>> failed", log, [], "login by <email> from <ip> failed"],
    ["an unknown value after a word that counts is a number", "ConnectionResetError: [Errno <*>] Connection reset by peer", log, [], "ConnectionResetError: [Errno <n>] Connection reset by peer"],
  ];
  for (const [name, template, scope, samples, expected] of cases) test(name, () => assert.equal(clusterName(template, scope, samples), expected));
});

describe("clusterName: reads as a name", () => {
  test("prefers the exception type and message over a traceback's first line", () => {
    const template = "Traceback (most recent call last):\n File <*> line <*> in wait_for\n return await fut\nasyncio.exceptions.CancelledError\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n File <*> line <*> in run\nTimeoutError: Query timed out after <*>";
    const message = template.replace("<*> line <*> in wait_for", '"/app/db.py", line 4, in wait_for').replace("<*> line <*> in run", '"/app/run.py", line 9, in run').replace("after <*>", "after 30s");
    assert.equal(clusterName(template, log, [{ textPayload: message }]), "TimeoutError: Query timed out after <duration>");
  });
  test("a traceback run together on one line still gives its exception", () => {
    assert.equal(headline("Traceback (most recent call last): File <*> line <*> in wait_for return fut.result() KeyError: 'user_id'"), "KeyError: 'user_id'");
  });
  test("never starts with punctuation or a variable", () => {
    assert.equal(clusterName("<*>: password authentication failed for user <*>", log, [{ message: 'FATAL: password authentication failed for user "app"' }]), "password authentication failed for user <value>");
    assert.equal(clusterName(" SEARCH:  LOOP ERROR CONTEXT: <*>", log), "SEARCH: LOOP ERROR CONTEXT: <value>");
    assert.equal(clusterName("[🔑] GOLDEN PATH AUTH=<*> denied", log, [{ message: "[🔑] GOLDEN PATH AUTH=[REDACTED] denied" }]), "GOLDEN PATH AUTH=<redacted> denied");
    assert.equal(clusterName("[MAIN MODE] Message loop error: <*>", log), "MAIN MODE: Message loop error: <value>");
    // ⚠ is stripped as a symbol; the variation selector after it (U+FE0F) draws nothing alone and goes too
    assert.equal(clusterName("⚠️ 寫入訂單摘要失敗: <*>", log), "寫入訂單摘要失敗: <value>");
    // A redaction label may have a hyphen (`github-token`); its token is still a mask, not text.
    assert.equal(clusterName("token=<github-token:<*>> rejected", log), "token=<redacted> rejected");
  });
  test("never names the logging library's function", () => {
    assert.equal(clusterName("Session access failed", { kind: "log", function: "callHandlers" }), "Session access failed");
  });
  test("a short name gains the application function", () => {
    assert.equal(clusterName("Loop error: <*>", { kind: "log", function: "_main_message_loop" }), "Loop error: <value> (in _main_message_loop)");
  });
  test("a template of variables only is named after where it came from", () => {
    assert.equal(clusterName("<*>", { kind: "log", logger: "stream:stderr" }), "Message from stderr");
  });
  test("a request problem keeps its request line", () => {
    assert.equal(clusterName("GET /favicon.ico 404", { kind: "http", request: "GET /favicon.ico 404" }), "GET /favicon.ico 404");
  });
  test("stays under 80 characters, cut at a word", () => {
    const name = clusterName(`Valid types: ${"'AGENT_THINKING', ".repeat(20)}`, log);
    assert.ok(name.length <= NAME_MAX_CHARS && name.endsWith("…"), name);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant("<*>"), fc.string({ minLength: 1, maxLength: 30 })), { maxLength: 30 }), (words) => {
        const got = clusterName(words.join(" "), { kind: "log", function: "handler" });
        return got.length <= NAME_MAX_CHARS && got !== "" && !/^[\p{P}\p{S}\s]/u.test(got.replace(/^<[a-z]+>/, "x"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("placeholders", () => {
  const cases: readonly [string, string][] = [
    ["10.0.0.1", "<ip>"], ["2001:db8::1", "<ip>"], ["30s", "<duration>"], ["250ms", "<duration>"], ["42", "<n>"], ["-1.5", "<n>"],
    ["2025-09-15T00:58:11Z", "<time>"], ["123e4567-e89b-12d3-a456-426614174000", "<uuid>"], ["https://x.example/a", "<url>"], ["/api/v1/x", "<path>"],
    ["[REDACTED]", "<redacted>"], ["<email:1a2b3c>", "<email>"], ["<github-token:e27e0d>", "<redacted>"], ["main_e1999c70", "<id>"], ["deadbeefcafe", "<id>"], ["pending", "<value>"],
  ];
  for (const [value, expected] of cases) test(`${value} is ${expected}`, () => assert.equal(placeholderFor(value), expected));
  test("values are read back from a message that fits the template", () => {
    assert.deepEqual(variableValues("user <*> left room <*>", "user  ann left room 7"), ["ann", "7"]);
    assert.equal(variableValues("user <*> left", "someone else"), undefined);
  });
});
