import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { withBearerToken, withUserAgent } from "./headers.js";
import { ResponseTooLargeError } from "./capped-body.js";
import { createFetchJson, HttpStatusError, HttpTransportError } from "./json-call.js";
import { withTimeout } from "./timeout.js";

let server: Server;
let base: string;
const seen: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", headers: req.headers, body });
      const routes: Record<string, () => void> = {
        "/ok": () => res.writeHead(200, { "content-type": "application/json" }).end('{"entries":[]}'),
        "/quota": () =>
          res
            .writeHead(429, { "content-type": "application/json", "retry-after": "7" })
            .end(JSON.stringify({ error: { code: 429, message: "Quota exceeded for quota metric 'Read requests'.\n  Retry later.", status: "RESOURCE_EXHAUSTED" } })),
        "/html": () => res.writeHead(502, { "content-type": "text/html" }).end("<html>Bad Gateway</html>"),
        "/not-json": () => res.writeHead(200, { "content-type": "text/plain" }).end("hello"),
        "/hang": () => undefined,
        // 8 MiB of JSON in chunks, no Content-Length: only counting the bytes can stop it.
        "/big-chunked": () => {
          res.writeHead(200, { "content-type": "application/json" });
          res.write('{"entries":[');
          const piece = `${JSON.stringify({ text: "z".repeat(1000) })},`;
          let sent = 0;
          const pump = (): void => {
            while (sent < 8 * 1024 * 1024) {
              sent += piece.length;
              if (!res.write(piece)) return void res.once("drain", pump);
            }
            res.end("{}]}");
          };
          res.on("error", () => undefined);
          pump();
        },
        "/big-declared": () => res.writeHead(200, { "content-type": "application/json", "content-length": String(2 * 1024 * 1024) }).end(" ".repeat(2 * 1024 * 1024)),
      };
      (routes[req.url ?? ""] ?? routes["/hang"])?.();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const call = createFetchJson();

test("sends JSON and parses the JSON answer", async () => {
  const response = await call({ method: "POST", url: `${base}/ok`, headers: {}, body: { pageSize: 1 } });
  assert.deepEqual(response, { status: 200, body: { entries: [] } });
  const last = seen.at(-1);
  assert.equal(last?.body, '{"pageSize":1}');
  assert.equal(last?.headers["content-type"], "application/json");
});

test("reads Google's error body into status, canonical code, one-line message and Retry-After", async () => {
  await assert.rejects(call({ method: "POST", url: `${base}/quota`, headers: {}, body: {} }), (error: unknown) => {
    assert.ok(error instanceof HttpStatusError);
    assert.equal(error.status, 429);
    assert.equal(error.apiStatus, "RESOURCE_EXHAUSTED");
    assert.equal(error.apiMessage, "Quota exceeded for quota metric 'Read requests'. Retry later.");
    assert.equal(error.retryAfterMs, 7000);
    return true;
  });
});

test("a non-JSON error body becomes the message", async () => {
  await assert.rejects(call({ method: "GET", url: `${base}/html`, headers: {} }), { name: "HttpStatusError", message: "HTTP 502: <html>Bad Gateway</html>" });
});

test("a 200 that is not JSON is an error, not an empty page", async () => {
  await assert.rejects(call({ method: "GET", url: `${base}/not-json`, headers: {} }), /expected a JSON body/);
});

test("a refused connection is a transport error", async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  await assert.rejects(call({ method: "GET", url: `http://127.0.0.1:${port}/`, headers: {} }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.timedOut, false);
    assert.match(error.message, /ECONNREFUSED/);
    return true;
  });
});

test("the per-request timeout is a transport error marked timedOut", async () => {
  await assert.rejects(withTimeout(call, 50)({ method: "GET", url: `${base}/hang`, headers: {} }), (error: unknown) => {
    assert.ok(error instanceof HttpTransportError);
    assert.equal(error.timedOut, true);
    return true;
  });
});

test("a caller's abort passes through untouched, so nothing retries it", async () => {
  const controller = new AbortController();
  const pending = withTimeout(call, 60_000)({ method: "GET", url: `${base}/hang`, headers: {}, signal: controller.signal });
  controller.abort();
  await assert.rejects(pending, { name: "AbortError" });
});

test("user agent and bearer token are set on every request", async () => {
  const tokens = ["t1", "t2"];
  const composed = withBearerToken(withUserAgent(call, "log-gardener/9.9.9"), () => Promise.resolve(tokens.shift() ?? "none"));
  await composed({ method: "GET", url: `${base}/ok`, headers: {} });
  await composed({ method: "GET", url: `${base}/ok`, headers: {} });
  assert.deepEqual(
    seen.slice(-2).map((s) => [s.headers["user-agent"], s.headers.authorization]),
    [
      ["log-gardener/9.9.9", "Bearer t1"],
      ["log-gardener/9.9.9", "Bearer t2"],
    ],
  );
});

test("an answer is parsed as it streams in: one under the cap comes back whole", async () => {
  const response = await createFetchJson(fetch, { maxResponseBytes: 16 * 1024 * 1024 })({ method: "GET", url: `${base}/big-chunked`, headers: {} });
  assert.ok(((response.body as { entries: unknown[] }).entries.length ?? 0) > 8000);
});

test("an answer past maxResponseBytes fails as soon as it passes the cap, naming the setting", async () => {
  const capped = createFetchJson(fetch, { maxResponseBytes: 1024 * 1024, capSetting: "cloudLogging.maxResponseBytes" });
  await assert.rejects(capped({ method: "GET", url: `${base}/big-chunked`, headers: {} }), (error: unknown) => {
    assert.ok(error instanceof ResponseTooLargeError);
    assert.equal(error.message, "the answer is over cloudLogging.maxResponseBytes (1,048,576 bytes)");
    return true;
  });
  // A Content-Length over the cap fails before any byte is read.
  await assert.rejects(capped({ method: "GET", url: `${base}/big-declared`, headers: {} }), ResponseTooLargeError);
});
