import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { latencyMs, readHttpRequest, requestLine, routeOf } from "./http.js";

describe("routeOf", () => {
  const cases: [string, string, string][] = [
    ["drops the host and the query", "https://api.example.com/ws/beacon?attempt=3", "/ws/beacon"],
    ["masks a number", "/users/12345/orders", "/users/<id>/orders"],
    ["masks a UUID", "/jobs/8f14e45f-ceea-467f-a0e6-7f4c8b3e2a11", "/jobs/<id>"],
    ["masks hex", "/commits/3f9a1c0b2d", "/commits/<id>"],
    ["masks a long mixed token", "/share/Zx8K2pQ9rT4mW7vB3nL", "/share/<id>"],
    ["masks a long digit run inside a word", "/orders/order-123456", "/orders/order-<id>"],
    ["masks an email or a mask token", "/u/<email:3fa2b1>/x", "/u/<id>/x"],
    ["keeps version and words", "/api/v1/health", "/api/v1/health"],
    ["drops a fragment", "/a/b#section", "/a/b"],
    ["adds the leading slash to a relative path", "health", "/health"],
    ["keeps the root", "https://example.com", "/"],
  ];
  for (const [name, url, route] of cases) test(name, () => assert.equal(routeOf(url), route));
});

describe("readHttpRequest", () => {
  test("reads every field, numbers from strings and latency in ms", () => {
    const http = readHttpRequest({
      requestMethod: "post",
      requestUrl: "https://api.example.com/ws/beacon/42",
      status: 405,
      latency: "0.014068527s",
      userAgent: "curl/8",
      remoteIp: "203.0.113.7",
      referer: "https://app.example.com/",
      protocol: "HTTP/1.1",
      requestSize: "512",
      responseSize: "128",
    });
    assert.deepEqual(http, {
      method: "POST",
      url: "https://api.example.com/ws/beacon/42",
      route: "/ws/beacon/<id>",
      status: 405,
      latencyMs: 14.068527,
      userAgent: "curl/8",
      remoteIp: "203.0.113.7",
      referer: "https://app.example.com/",
      protocol: "HTTP/1.1",
      requestSize: 512,
      responseSize: 128,
    });
    assert.equal(requestLine(http!), "POST /ws/beacon/<id> 405");
  });
  test("an httpRequest naming nothing is none", () => assert.equal(readHttpRequest({ cacheHit: false }), undefined));
  test("reads a { seconds, nanos } latency", () => assert.equal(latencyMs({ seconds: 1, nanos: 500_000_000 }), 1500));
});
