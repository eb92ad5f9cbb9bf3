import assert from "node:assert/strict";
import { test } from "node:test";
import { isFrameworkLocation } from "./framework-frames.js";
import { sourceFromStack } from "./stack-trace.js";

test("logging frameworks' own frames are recognised in every language the tool reads", () => {
  for (const location of [
    { module: "logging", function: "callHandlers", line: 1706 },
    { file: "/usr/local/lib/python3.12/logging/__init__.py", function: "handle", line: 978 },
    { function: "callHandlers" },
    { module: "uvicorn.access" },
    { module: "gunicorn.glogging" },
    { function: "ch.qos.logback.classic.Logger.info" },
    { function: "org.slf4j.helpers.AbstractLogger.warn" },
    { module: "java.util.logging" },
    { file: "/app/node_modules/pino/lib/proto.js" },
    { file: "/app/node_modules/winston/lib/winston/logger.js" },
    { module: "console" },
    { file: "/usr/local/go/src/log/log.go", function: "log.Printf" },
  ]) {
    assert.equal(isFrameworkLocation(location), true, JSON.stringify(location));
  }
  for (const location of [
    { module: "netra_backend.app.routes.websocket_ssot", function: "_main_message_loop" },
    { file: "/app/auth_service/services/token_cache.py", function: "TokenCache.refresh" },
    { function: "handle" },
    { module: "app.logging_setup", function: "configure" },
  ]) {
    assert.equal(isFrameworkLocation(location), false, JSON.stringify(location));
  }
});

test("a stack's location is the innermost application frame, not the logging call it went through", () => {
  const stack = [
    "Traceback (most recent call last):",
    '  File "/app/svc/db.py", line 12, in fetch_messages',
    "    log.warning(x)",
    '  File "/usr/local/lib/python3.12/logging/__init__.py", line 1706, in callHandlers',
    "    hdlr.handle(record)",
  ].join("\n");
  assert.deepEqual(sourceFromStack(stack), { file: "/app/svc/db.py", line: 12, function: "fetch_messages" });
});
