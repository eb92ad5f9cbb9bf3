import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SampleText, type LogEntry } from "../model/entry.js";
import { exceptionSite, maskRoute, miningInput, problemLocation } from "./mining-input.js";

function entry(fields: Partial<LogEntry>): LogEntry {
  return { key: "k", input: "t", position: 1, severity: "WARNING", labels: {}, message: "", users: [], connections: [], sample: {}, ...fields };
}

const PY_TRACEBACK = [
  "Traceback (most recent call last):",
  '  File "/app/svc/registry.py", line 214, in _heartbeat',
  "    await self._redis.publish(channel, payload)",
  '  File "/usr/local/lib/python3.12/site-packages/redis/client.py", line 612, in execute_command',
  "    return await conn.retry()",
  "ConnectionResetError: [Errno 104] Connection reset by peer",
].join("\n");

describe("miningInput", () => {
  const cases: { name: string; entry: LogEntry; scope: string; text: string }[] = [
    {
      name: "scopes a located log by service, module and function, never the line",
      entry: entry({ service: "api", source: { module: "app.ws", function: "loop", line: 1488 }, message: "Loop error: x" }),
      scope: "api|code|app.ws|loop",
      text: "Loop error: x",
    },
    {
      name: "uses the file when the location has no module",
      entry: entry({ service: "auth", source: { file: "/app/token_cache.py", function: "TokenCache.refresh", line: 212 }, message: "m" }),
      scope: "auth|code|/app/token_cache.py|TokenCache.refresh",
      text: "m",
    },
    {
      name: "falls back to the logger name",
      entry: entry({ service: "auth", logger: "__main__", message: "Session check failed" }),
      scope: "auth|logger|__main__",
      text: "Session check failed",
    },
    {
      name: "falls back to the output stream of plain text",
      entry: entry({ service: "api", logName: "projects/p/logs/run.googleapis.com%2Fstderr", message: "WARNING:  Invalid HTTP request received." }),
      scope: "api|logger|stream:stderr",
      text: "WARNING:  Invalid HTTP request received.",
    },
    {
      name: "mines a request log as method, route and status in a scope of its own",
      entry: entry({ service: "api", http: { method: "post", url: "https://h/ws/beacon", route: "/ws/beacon", status: 405 } }),
      scope: "api|http|POST /ws/beacon 405",
      text: "POST /ws/beacon 405",
    },
    {
      name: "masks ids in the path when the entry has no route",
      entry: entry({ service: "api", http: { method: "POST", url: "https://h/api/threads/0b3e5f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b/messages?x=1", status: 500 } }),
      scope: "api|http|POST /api/threads/<id>/messages 500",
      text: "POST /api/threads/<id>/messages 500",
    },
    {
      name: "locates a Python traceback at its innermost application frame and mines the exception line",
      entry: entry({ service: "api", message: "Traceback (most recent call last):", stackTrace: PY_TRACEBACK }),
      scope: "api|code|/app/svc/registry.py|_heartbeat",
      text: "ConnectionResetError: [Errno 104] Connection reset by peer",
    },
    {
      name: "reads the traceback from the raw textPayload when the normaliser kept only the first line",
      entry: entry({ service: "api", message: "Traceback (most recent call last):", sample: { textPayload: PY_TRACEBACK } }),
      scope: "api|code|/app/svc/registry.py|_heartbeat",
      text: "ConnectionResetError: [Errno 104] Connection reset by peer",
    },
  ];
  for (const { name, entry: input, scope, text } of cases) {
    test(name, () => assert.deepEqual(miningInput(input), { scope, text }));
  }
});

describe("a sample carried as JSON text (entries prepared in a worker thread)", () => {
  test("gives the scope, text and location its value gives", () => {
    const fields = { service: "api", message: "Traceback (most recent call last):" };
    const asValue = entry({ ...fields, sample: { textPayload: PY_TRACEBACK } });
    const asText = entry({ ...fields, sample: new SampleText(JSON.stringify({ textPayload: PY_TRACEBACK })) });
    assert.deepEqual(miningInput(asText), miningInput(asValue));
    assert.deepEqual(miningInput(asText), { scope: "api|code|/app/svc/registry.py|_heartbeat", text: "ConnectionResetError: [Errno 104] Connection reset by peer" });
    assert.deepEqual(problemLocation(asText), problemLocation(asValue));
  });
});

describe("exceptionSite", () => {
  test("takes the first application frame of a JavaScript stack, with its line", () => {
    const stack = "TypeError: x is undefined\n    at handle (/srv/app/routes.js:10:5)\n    at Layer (/srv/node_modules/express/router.js:1:1)";
    assert.deepEqual(exceptionSite(stack), { file: "/srv/app/routes.js", function: "handle", line: 10 });
  });
  test("returns nothing for text without frames", () => assert.equal(exceptionSite("just a line\nand another"), undefined));
});

describe("maskRoute", () => {
  const cases = [
    ["https://h/users/12345/orders", "/users/<id>/orders"],
    ["/api/v2/items/ab12cd34ef56ab12cd34/", "/api/v2/items/<id>/"],
    ["https://h/.well-known/security.txt", "/.well-known/security.txt"],
    ["https://h", "/"],
  ] as const;
  for (const [url, route] of cases) test(`masks ${url}`, () => assert.equal(maskRoute(url), route));
});

describe("problemLocation", () => {
  test("an exception is located at its innermost application frame, line included", () => {
    const traced = entry({ message: "Traceback (most recent call last):", stackTrace: PY_TRACEBACK, source: { file: "/usr/local/lib/python3.12/site-packages/redis/client.py", function: "execute_command", line: 612 } });
    assert.deepEqual(problemLocation(traced), { file: "/app/svc/registry.py", function: "_heartbeat", line: 214 });
  });
  test("a located log keeps its own location", () => {
    const located = entry({ source: { module: "app.ws", function: "loop", line: 7 } });
    assert.deepEqual(problemLocation(located), { module: "app.ws", function: "loop", line: 7 });
  });
});

describe("identity from content alone", () => {
  test("redaction tokens reach the miner in one shape per kind, whatever the install's key made of them", () => {
    const a = miningInput(entry({ service: "api", logger: "app", message: "E2E bypass rejected for <ip:3fa9c1>: bad key (api_key=<secret:07b2aa>)" }));
    const b = miningInput(entry({ service: "api", logger: "app", message: "E2E bypass rejected for <ip:07b2>: bad key (api_key=<secret:9c01ffe2>)" }));
    assert.equal(a.text, "E2E bypass rejected for <ip>: bad key (api_key=<secret>)");
    assert.deepEqual(a, b);
  });
});
