import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InputConfigSchema } from "../config/sections/input.js";
import type { LogEntry, RawEntry } from "../model/entry.js";
import { createNormaliser, DEFAULT_FIELD_LIMITS, type NormaliseResult } from "./normalise.js";
import type { Redactor } from "./redact.js";

/** Masks the word "hunter2" wherever it is, the way the real redactor masks a secret. */
const fakeRedactor: Redactor = {
  redactText: (text) => text.replaceAll("hunter2", "<secret:0a1b2c>"),
  redactValue: (value) => JSON.parse(JSON.stringify(value).replaceAll("hunter2", "<secret:0a1b2c>")) as unknown,
};
const normalise = createNormaliser({ redactor: fakeRedactor });

function json(value: Record<string, unknown>, position = 1): RawEntry {
  return { kind: "json", input: "export.json", position, json: value };
}

function text(value: string, position = 1, input = "app.log"): RawEntry {
  return { kind: "text", input, position, text: value };
}

function entryOf(result: NormaliseResult): LogEntry {
  assert.equal(result.kind, "entry");
  return (result as Extract<NormaliseResult, { kind: "entry" }>).entry;
}

const CLOUD_RUN = {
  type: "cloud_run_revision",
  labels: {
    configuration_name: "api",
    location: "us-central1",
    project_id: "netra-staging",
    revision_name: "api-00612-67q",
    service_name: "api",
  },
};

describe("createNormaliser: LogEntry JSON", () => {
  test("reads a Cloud Run Python entry: placement, source, logger, message, trace, ids", () => {
    const entry = entryOf(
      normalise(
        json({
          insertId: "abc",
          jsonPayload: {
            context: { name: "app.routes.websocket", service: "netra-service" },
            labels: { function: "_handle_main_mode", line: "741", module: "app.routes.websocket" },
            message: "[ðŸ”‘] circuit breaker for connection main_e1999c70 - user_id: pending",
          },
          labels: { instanceId: "0069c7a9" },
          logName: "projects/netra-staging/logs/run.googleapis.com%2Fstderr",
          receiveTimestamp: "2025-09-14T18:32:12.812345678Z",
          resource: CLOUD_RUN,
          severity: "CRITICAL",
          spanId: "00f067aa0ba902b7",
          timestamp: "2025-09-14T18:32:12.490103Z",
          trace: "projects/netra-staging/traces/4bf92f35",
        }),
      ),
    );
    const { sample, ...fields } = entry;
    assert.deepEqual(fields, {
      key: "id:abc",
      insertId: "abc",
      input: "export.json",
      position: 1,
      severity: "CRITICAL",
      timestamp: "2025-09-14T18:32:12.490103Z",
      timeMs: Date.UTC(2025, 8, 14, 18, 32, 12, 490),
      receiveTimestamp: "2025-09-14T18:32:12.812345678Z",
      logName: "projects/netra-staging/logs/run.googleapis.com%2Fstderr",
      resourceType: "cloud_run_revision",
      project: "netra-staging",
      service: "api",
      revision: "api-00612-67q",
      location: "us-central1",
      configuration: "api",
      instanceId: "0069c7a9",
      labels: { instanceId: "0069c7a9" },
      trace: "projects/netra-staging/traces/4bf92f35",
      spanId: "00f067aa0ba902b7",
      source: { module: "app.routes.websocket", function: "_handle_main_mode", line: 741 },
      logger: "app.routes.websocket",
      message: "[🔑] circuit breaker for connection main_e1999c70 - user_id: pending",
      users: [],
      connections: ["main_e1999c70"],
    });
    assert.equal((sample as { jsonPayload: { message: string } }).jsonPayload.message.startsWith("[🔑]"), true, "the sample is repaired too");
  });

  test("redacts before reading fields, so no field and no sample holds the secret", () => {
    const entry = entryOf(normalise(json({ severity: "ERROR", textPayload: "login with password hunter2 failed", timestamp: "2025-09-14T00:00:00Z" })));
    assert.equal(entry.message, "login with password <secret:0a1b2c> failed");
    assert.ok(!JSON.stringify(entry).includes("hunter2"));
  });

  test("a DEFAULT entry with a traceback is ERROR, with the reason, its error type and source", () => {
    const entry = entryOf(
      normalise(
        json({
          resource: CLOUD_RUN,
          textPayload: 'Traceback (most recent call last):\n  File "/app/auth.py", line 88, in check\n    svc()\nNameError: name \'svc\' is not defined',
          timestamp: "2025-09-14T02:12:44.137256Z",
        }),
      ),
    );
    assert.equal(entry.severity, "ERROR");
    assert.equal(entry.severityReason, "carries a Python traceback");
    assert.equal(entry.message, "NameError: name 'svc' is not defined");
    assert.deepEqual(entry.error, { type: "NameError", value: "name 'svc' is not defined" });
    assert.deepEqual(entry.source, { file: "/app/auth.py", line: 88, function: "check" });
    assert.match(entry.stackTrace ?? "", /^Traceback/);
  });

  test("a DEFAULT entry that states nothing stays DEFAULT without a reason", () => {
    const entry = entryOf(normalise(json({ resource: CLOUD_RUN, textPayload: "listening on :8080" })));
    assert.equal(entry.severity, "DEFAULT");
    assert.equal(entry.severityReason, undefined);
  });

  test("a request log's message is METHOD route STATUS", () => {
    const entry = entryOf(
      normalise(json({ httpRequest: { requestMethod: "POST", requestUrl: "https://h/ws/beacon/123?x=1", status: 405 }, resource: CLOUD_RUN, severity: "WARNING" })),
    );
    assert.equal(entry.message, "POST /ws/beacon/<id> 405");
    assert.equal(entry.http?.route, "/ws/beacon/<id>");
  });

  test("an audit log's message is its status message", () => {
    const entry = entryOf(
      normalise(
        json({
          protoPayload: {
            "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
            authenticationInfo: { principalEmail: "<email:3fa2b1>" },
            methodName: "google.cloud.run.v1.Services.ReplaceService",
            serviceName: "run.googleapis.com",
            status: { code: 7, message: "Permission denied" },
          },
          severity: "ERROR",
        }),
      ),
    );
    assert.equal(entry.message, "Permission denied");
    assert.deepEqual(entry.audit, { serviceName: "run.googleapis.com", methodName: "google.cloud.run.v1.Services.ReplaceService", statusCode: 7, statusMessage: "Permission denied" });
    assert.deepEqual(entry.users, ["<email:3fa2b1>"]);
  });

  test("jsonPayload.error gives the error type and value", () => {
    const entry = entryOf(normalise(json({ jsonPayload: { message: "failed", error: { type: "KeyError", value: "'job'" } }, severity: "ERROR" })));
    assert.deepEqual(entry.error, { type: "KeyError", value: "'job'" });
  });

  test("embedded JSON stays readable on the message line", () => {
    const entry = entryOf(normalise(json({ jsonPayload: { message: ' SEARCH: CONTEXT: {\n  "connection_id": "main_b9",\n  "user_id": "demo-user-001"\n}' }, severity: "CRITICAL" })));
    assert.equal(entry.message, 'SEARCH: CONTEXT: {"connection_id": "main_b9", "user_id": "demo-user-001"}');
    assert.deepEqual(entry.users, ["demo-user-001"]);
    assert.deepEqual(entry.connections, ["main_b9"]);
  });

  test("an Auth0 user id is one user, counted whole after redaction", () => {
    const a = entryOf(normalise(json({ jsonPayload: { message: "token refresh failed for user_id=auth0|5f7c8ec7c33c6c004bbafe82" }, severity: "ERROR" })));
    const b = entryOf(normalise(json({ jsonPayload: { message: "token refresh failed for user_id=auth0|64a1b2c3d4e5f60718293a4b" }, severity: "ERROR" })));
    assert.equal(a.users.length, 1);
    assert.equal(b.users.length, 1);
    assert.match(a.users[0] ?? "", /^auth0\|/);
    assert.notEqual(a.users[0], b.users[0]);
  });

  test("a bare structured-log line (what an app prints) is read as its own payload", () => {
    const entry = entryOf(
      normalise(
        json({
          severity: "ERROR",
          message: "AgentBridgeHandler error for user demo-user-001: no attribute 'handle_message'",
          context: { name: "app.routes.websocket", service: "netra-service" },
          labels: { function: "handle_message", line: "258", module: "app.routes.websocket" },
          timestamp: "2025-09-14T03:01:21.369375+00:00",
        }),
      ),
    );
    assert.equal(entry.severity, "ERROR");
    assert.equal(entry.timestamp, "2025-09-14T03:01:21.369375Z");
    assert.deepEqual(entry.source, { module: "app.routes.websocket", function: "handle_message", line: 258 });
    assert.equal(entry.logger, "app.routes.websocket");
    assert.equal(entry.service, "netra-service");
    assert.deepEqual(entry.users, ["demo-user-001"]);
  });

  test("a DEFAULT entry whose payload has a level field takes it, with the reason", () => {
    const entry = entryOf(normalise(json({ jsonPayload: { level: 50, msg: "boom" }, resource: CLOUD_RUN })));
    assert.equal(entry.severity, "ERROR");
    assert.equal(entry.severityReason, "jsonPayload.level is 50");
    assert.equal(entry.message, "boom");
  });

  test("an unparseable timestamp keeps the entry, without time", () => {
    const entry = entryOf(normalise(json({ severity: "ERROR", textPayload: "x", timestamp: "not a time" })));
    assert.equal(entry.timestamp, undefined);
    assert.equal(entry.timeMs, undefined);
  });

  test("an empty object is skipped as not_an_object", () => assert.equal(normalise(json({})).kind, "skipped"));

  test("without insertId the key hashes content, whatever the key order", () => {
    const a = entryOf(normalise(json({ severity: "ERROR", textPayload: "x", timestamp: "2025-09-14T00:00:00Z" }, 1)));
    const b = entryOf(normalise(json({ timestamp: "2025-09-14T00:00:00Z", textPayload: "x", severity: "ERROR" }, 9)));
    assert.match(a.key, /^h:[0-9a-f]{16}$/);
    assert.equal(a.key, b.key);
  });

  test("keeps a 5 MB message whole", () => {
    const message = "m".repeat(5 * 1024 * 1024);
    assert.equal(entryOf(normalise(json({ severity: "ERROR", textPayload: message }))).message.length, message.length);
  });
});

describe("createNormaliser: a loguru line in a Cloud Run textPayload", () => {
  test("the line's code location is the entry's source, and the message is the message alone", () => {
    const entry = entryOf(
      normalise(
        json({
          textPayload: "2025-08-28 00:20:14.597 | ERROR    | app.core.unified_logging:_emit_log:202 | [ClickHouse] connection failed",
          timestamp: "2025-08-28T00:20:14.600148Z",
          resource: CLOUD_RUN,
          severity: "ERROR",
        }),
      ),
    );
    assert.equal(entry.message, "[ClickHouse] connection failed");
    assert.equal(entry.logger, "app.core.unified_logging");
    assert.deepEqual(entry.source, { module: "app.core.unified_logging", function: "_emit_log", line: 202 });
    assert.equal(entry.timestamp, "2025-08-28T00:20:14.600148Z");
  });
});

describe("createNormaliser: text", () => {
  test("reads time, severity, message and stack from a logged traceback", () => {
    const entry = entryOf(
      normalise(text("2025-09-14 02:12:44,137 - auth - ERROR - check failed\nTraceback (most recent call last):\n  File \"/a.py\", line 3, in f\n    g()\nValueError: bad")),
    );
    assert.equal(entry.timestamp, "2025-09-14T02:12:44.137Z");
    assert.equal(entry.severity, "ERROR");
    assert.equal(entry.severityReason, 'text says "ERROR"');
    assert.equal(entry.message, "check failed");
    assert.equal(entry.logger, "auth");
    assert.deepEqual(entry.error, { type: "ValueError", value: "bad" });
    assert.equal(entry.sample, "2025-09-14 02:12:44,137 - auth - ERROR - check failed\nTraceback (most recent call last):\n  File \"/a.py\", line 3, in f\n    g()\nValueError: bad");
  });

  test("the same line without a time at two positions is two entries", () => {
    assert.notEqual(entryOf(normalise(text("Connection refused", 1))).key, entryOf(normalise(text("Connection refused", 2))).key);
  });

  test("the same time-stamped line in two inputs is one entry", () => {
    const line = "2025-09-14T00:00:00Z ERROR Connection refused";
    assert.equal(entryOf(normalise(text(line, 1, "a.log"))).key, entryOf(normalise(text(line, 7, "b.log"))).key);
  });

  test("an access-log line reads as a request: METHOD route STATUS", () => {
    const entry = entryOf(normalise(text('INFO:     10.0.0.1:0 - "GET /api/users/42?x=1 HTTP/1.1" 500 Internal Server Error')));
    assert.equal(entry.message, "GET /api/users/<id> 500");
    assert.deepEqual(entry.http, { method: "GET", url: "/api/users/42?x=1", route: "/api/users/<id>", status: 500, protocol: "HTTP/1.1" });
    assert.equal(entry.severity, "INFO");
  });

  test("reads time, level, logger and message from a line with more than one name before the level", () => {
    const entry = entryOf(normalise(text("2025-08-28 00:23:46,795 - netra-service - auth_service.auth_core.database.connection - WARNING - Auth database slow")));
    assert.equal(entry.timestamp, "2025-08-28T00:23:46.795Z");
    assert.equal(entry.severity, "WARNING");
    assert.equal(entry.logger, "auth_service.auth_core.database.connection");
    assert.equal(entry.message, "Auth database slow");
  });

  test("reads loguru's default line, colours and all: time, level, code location and message", () => {
    const entry = entryOf(normalise(text("\u001b[32m2025-08-28 00:23:43.240\u001b[0m | \u001b[31m\u001b[1mERROR   \u001b[0m | \u001b[36mapp.core.db\u001b[0m:\u001b[36mconnect\u001b[0m:\u001b[36m47\u001b[0m | \u001b[31m\u001b[1mtimed out\u001b[0m")));
    assert.equal(entry.timestamp, "2025-08-28T00:23:43.240Z");
    assert.equal(entry.severity, "ERROR");
    assert.equal(entry.logger, "app.core.db");
    assert.deepEqual(entry.source, { module: "app.core.db", function: "connect", line: 47 });
    assert.equal(entry.message, "timed out");
  });

  test("a line that states no level stays DEFAULT", () => assert.equal(entryOf(normalise(text("plain line"))).severity, "DEFAULT"));
});

test("the normaliser's default limits are the input config's defaults", () => {
  const defaults = InputConfigSchema.parse({});
  assert.deepEqual(DEFAULT_FIELD_LIMITS, { levelScanChars: defaults.levelScanChars, maxIdsPerEntry: defaults.maxIdsPerEntry });
});
