import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { collapseEmbeddedJson, readableJson } from "./embedded-json.js";
import { errorFromText, sourceFromStack, splitMessage } from "./stack-trace.js";

const PYTHON = [
  "Traceback (most recent call last):",
  '  File "/app/auth/session.py", line 88, in check_session',
  "    return auth_service.validate(token)",
  "NameError: name 'auth_service' is not defined",
].join("\n");

describe("splitMessage", () => {
  test("a one-line message is the message", () => assert.deepEqual(splitMessage("boom"), { message: "boom" }));
  test("a bare Python traceback is named by its exception line", () =>
    assert.deepEqual(splitMessage(PYTHON), { message: "NameError: name 'auth_service' is not defined", stackTrace: PYTHON }));
  test("a message with a traceback under it keeps the message and the trace apart", () =>
    assert.deepEqual(splitMessage(`Session check failed\n${PYTHON}`), { message: "Session check failed", stackTrace: PYTHON }));
  test("lines after the first that are no stack trace are not a stack trace", () =>
    assert.deepEqual(splitMessage("first\nsecond detail"), { message: "first" }));
  test("leading blank lines are skipped", () => assert.equal(splitMessage("\n\n  boom  \n").message, "boom"));
});

describe("errorFromText", () => {
  const cases: [string, string, string | undefined, { type?: string; value?: string } | undefined][] = [
    ["Python's last exception line", "failed", PYTHON, { type: "NameError", value: "name 'auth_service' is not defined" }],
    ["a dotted Python exception without a message", "x", "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\nrequests.exceptions.Timeout", { type: "requests.exceptions.Timeout" }],
    ["a Java exception heading the message", 'Exception in thread "main" java.lang.IllegalStateException: pool closed', "\tat a.B.c(B.java:1)", { type: "java.lang.IllegalStateException", value: "pool closed" }],
    ["a Node error", "TypeError: Cannot read properties of undefined", "    at f (/a.js:1:2)", { type: "TypeError", value: "Cannot read properties of undefined" }],
    ["a Go panic", "panic: runtime error: index out of range", undefined, { type: "panic", value: "runtime error: index out of range" }],
    ["nothing in plain prose", "Session access failed", undefined, undefined],
  ];
  for (const [name, message, stack, expected] of cases) {
    test(`reads ${name}`, () => assert.deepEqual(errorFromText(message, stack), expected));
  }
});

describe("sourceFromStack", () => {
  test("takes Python's innermost frame", () => {
    const stack = 'Traceback (most recent call last):\n  File "/app/a.py", line 3, in outer\n    inner()\n  File "/app/b.py", line 9, in inner\n    x()\nValueError: v';
    assert.deepEqual(sourceFromStack(stack), { file: "/app/b.py", line: 9, function: "inner" });
  });
  test("takes a Java trace's top frame", () =>
    assert.deepEqual(sourceFromStack("\tat com.example.Pool.get(Pool.java:42)\n\tat com.example.Main.main(Main.java:10)"), {
      function: "com.example.Pool.get",
      file: "Pool.java",
      line: 42,
    }));
  test("takes a Go dump's first frame outside the runtime", () =>
    assert.deepEqual(
      sourceFromStack("goroutine 1 [running]:\npanic({0x4a8f20, 0xc000012345})\n\t/usr/local/go/src/runtime/panic.go:914 +0x21f\nnet/http.(*conn).serve(0xc0001)\n\t/usr/local/go/src/net/http/server.go:2009 +0x1d"),
      { function: "net/http.(*conn).serve", file: "/usr/local/go/src/net/http/server.go", line: 2009 },
    ));
  test("takes a Node trace's top frame", () =>
    assert.deepEqual(sourceFromStack("    at handler (/app/src/handler.js:14:22)"), { file: "/app/src/handler.js", line: 14, function: "handler" }));
});

describe("embedded JSON", () => {
  test("collapses a pretty JSON block into one readable line", () => {
    const text = ' SEARCH:  LOOP ERROR CONTEXT: {\n  "connection_id": "main_b9ceb17a",\n  "messages_processed": 4,\n  "nested": {"a": [1, 2]}\n}';
    assert.equal(collapseEmbeddedJson(text), ' SEARCH:  LOOP ERROR CONTEXT: {"connection_id": "main_b9ceb17a", "messages_processed": 4, "nested": {"a": [1, 2]}}');
  });
  test("joins a block that is not JSON (a Python dict) with spaces", () =>
    assert.equal(collapseEmbeddedJson("ctx: {\n  'a': 1,\n  'b': 2\n}"), "ctx: { 'a': 1, 'b': 2 }"));
  test("keeps text after the closing bracket", () => assert.equal(collapseEmbeddedJson('x {\n  "a": 1\n} then more'), 'x {"a": 1} then more'));
  test("leaves a block that never closes as it is", () => assert.equal(collapseEmbeddedJson('x {\n  "a": 1'), 'x {\n  "a": 1'));
  test("ignores brackets inside strings", () => assert.equal(collapseEmbeddedJson('x {\n  "a": "}"\n}'), 'x {"a": "}"}'));
  test("writes JSON the way people write it in prose", () => assert.equal(readableJson({ a: [1, "b"], c: null }), '{"a": [1, "b"], "c": null}'));
});
