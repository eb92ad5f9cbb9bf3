import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClusterFixture } from "../../test/builders/report-builder.js";
import type { Severity } from "../model/severity.js";
import { decidePriority, ruleFacts } from "./priority.js";
import { DEFAULT_PRIORITY_RULES } from "./rules.js";

interface Case {
  readonly name: string;
  readonly severities: Partial<Record<Severity, number>>;
  readonly text?: string;
  readonly peak?: number;
  readonly users?: number;
  readonly priority: string;
  readonly rule: string;
}

// Window of 60 minutes throughout: 60 entries are 1/min.
const cases: readonly Case[] = [
  { name: "ALERT alone is P0", severities: { ALERT: 1 }, priority: "P0", rule: "alert-or-emergency" },
  { name: "CRITICAL with an auth word is P0", severities: { CRITICAL: 3 }, text: "GOLDEN PATH AUTH=<*> permissive authentication with circuit breaker", priority: "P0", rule: "critical-security" },
  { name: "CRITICAL with corruption is P0", severities: { CRITICAL: 1 }, text: "Index corrupted for shard <*>", priority: "P0", rule: "error-data-loss" },
  { name: "ERROR saying data was lost is P0", severities: { ERROR: 1 }, text: "Checksum mismatch on upload <*>: data lost", priority: "P0", rule: "error-data-loss" },
  { name: "a unique-key IntegrityError is P1, not data loss", severities: { ERROR: 1 }, text: "IntegrityError: duplicate key value violates unique constraint", priority: "P1", rule: "error-integrity" },
  { name: "a repeated container exit is a crash loop: P0 whatever the level", severities: { WARNING: 4 }, text: "Container called exit(1).", priority: "P0", rule: "crash-loop" },
  { name: "gunicorn workers exiting again and again are a crash loop", severities: { ERROR: 12 }, text: "Worker (pid:<*>) exited with code 3", priority: "P0", rule: "crash-loop" },
  { name: "startup probes failing are a crash loop", severities: { ERROR: 5 }, text: "Default STARTUP TCP probe failed 1 time consecutively for container <*> on port 8080", priority: "P0", rule: "crash-loop" },
  { name: "one container exit is a restart, not a loop", severities: { ERROR: 1 }, text: "Container called exit(1).", priority: "P2", rule: "error" },
  { name: "an injection attempt logged as ERROR is P0", severities: { ERROR: 1 }, text: "SQL injection attempt blocked on parameter <*>", priority: "P0", rule: "error-security-incident" },
  { name: "a word in a file path is no keyword (gcp_auth_context_middleware.py)", severities: { ERROR: 3 }, text: "ImportError: cannot import name 'get_ctx' from 'app/middleware/gcp_auth_context_middleware.py'", priority: "P2", rule: "error" },
  { name: "a word in a dotted module path is no keyword", severities: { ERROR: 3 }, text: "cannot import name <*> from app.middleware.gcp_auth_context", priority: "P2", rule: "error" },
  { name: "a word in a route is no keyword", severities: { ERROR: 3 }, text: "GET /api/auth/session 502", priority: "P2", rule: "error" },
  { name: "CRITICAL at 1/min with no sign the service is hurt is P1", severities: { CRITICAL: 60 }, text: "Message routing failed", priority: "P1", rule: "critical" },
  { name: "a few CRITICAL without keywords is P1", severities: { CRITICAL: 5 }, text: "Message routing failed", priority: "P1", rule: "critical" },
  { name: "ERROR at 1/min is P1", severities: { ERROR: 60 }, text: "WebSocket is not connected", priority: "P1", rule: "error-sustained" },
  { name: "ERROR just under 1/min is P2", severities: { ERROR: 59 }, text: "WebSocket is not connected", priority: "P2", rule: "error" },
  { name: "ERROR burst of 20 in a minute is P1", severities: { ERROR: 25 }, text: "upstream timeout", peak: 20, priority: "P1", rule: "error-burst" },
  { name: "ERROR reaching 10 users is P1", severities: { ERROR: 12 }, text: "agent failed", users: 10, priority: "P1", rule: "error-many-users" },
  { name: "WARNING with a breach word is P1", severities: { WARNING: 2 }, text: "E2E bypass rejected: Invalid E2E bypass key", priority: "P1", rule: "breach-warning" },
  { name: "WARNING that only names security is not P1 (a scanner asking for security.txt)", severities: { WARNING: 9 }, text: "GET /.well-known/security.txt 404", priority: "P3", rule: "rest" },
  { name: "ERROR in the auth path is P1", severities: { ERROR: 3 }, text: "JWT signature verification failed", priority: "P1", rule: "error-security" },
  { name: "WARNING naming a programming error is P2", severities: { WARNING: 3 }, text: "Session management check failed: name 'auth_service' is not defined", priority: "P2", rule: "defect-warning" },
  { name: "token alone is not a security word", severities: { ERROR: 2 }, text: "Failed to refresh token cache: Timeout connecting to redis", priority: "P2", rule: "error" },
  { name: "WARNING at 5/min is P2", severities: { WARNING: 300 }, text: "Session access failed (middleware not installed?)", priority: "P2", rule: "warning-sustained" },
  { name: "WARNING for 10 users is P2", severities: { WARNING: 40 }, text: "Multiple manager instances", users: 10, priority: "P2", rule: "warning-many-users" },
  { name: "a few WARNINGs are P3", severities: { WARNING: 17 }, text: "Session access failed (middleware not installed?)", priority: "P3", rule: "rest" },
  { name: "rate counts only entries at the rule's severity", severities: { ERROR: 30, WARNING: 300 }, text: "retry exhausted", priority: "P2", rule: "error" },
  { name: "keyword inside a word does not match (oauth is not auth)", severities: { WARNING: 1 }, text: "oauthlib version mismatch", priority: "P3", rule: "rest" },
];

describe("default priority rules", () => {
  for (const c of cases) {
    test(c.name, () => {
      const cluster = new ClusterFixture()
        .withName(c.text ?? "something happened")
        .withSeverities(c.severities)
        .withUsers(Array.from({ length: c.users ?? 0 }, (_, i) => `user-${i}`))
        .withPerMinute([{ minute: "2025-09-15T01:00Z", count: c.peak ?? 1 }])
        .withSource(undefined)
        .build();
      const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(cluster, 60));
      assert.equal(verdict.priority, c.priority);
      assert.equal(verdict.rule.name, c.rule);
      assert.match(verdict.reason, new RegExp(`^${c.priority}: .*\\(rule ${c.rule}\\)$`));
    });
  }
});

describe("priority reasons", () => {
  test("the reason gives the exact count, the window and the threshold", () => {
    const cluster = new ClusterFixture().withName("WebSocket is not connected").withCount(252, "ERROR").withSource(undefined).build();
    const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(cluster, 60));
    assert.equal(verdict.reason, "P1: severity ERROR, rate 4.2/min (252 in 1h) ≥ 1/min (rule error-sustained)");
  });

  test("every rule that holds is listed, the deciding one first", () => {
    const cluster = new ClusterFixture().withName("JWT refresh failed").withCount(120, "CRITICAL").withSource(undefined).build();
    const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(cluster, 60));
    assert.deepEqual(
      verdict.holding.map((h) => h.rule.name),
      ["critical-security", "critical", "error-security", "error-sustained", "error", "rest"],
    );
  });

  test("keywords are never looked for in the code location, the logger or the name", () => {
    const cluster = new ClusterFixture()
      .withName("gcp_auth_context_middleware: import failed", "import failed")
      .withCount(1, "ERROR")
      .withSource({ module: "app.auth_service.session", function: "auth_check", file: "app/auth/session.py", line: 12 })
      .withLogger("app.auth")
      .build();
    const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(cluster, 60));
    assert.equal(verdict.rule.name, "error");
  });

  test("keywords are looked for in the exception type, without its module", () => {
    const named = new ClusterFixture().withName("refresh failed").withCount(1, "ERROR").withErrorTypes([{ name: "AuthenticationError", count: 1 }]).build();
    assert.equal(decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(named, 60)).rule.name, "error-security");
    const moduleOnly = new ClusterFixture().withName("refresh failed").withCount(1, "ERROR").withErrorTypes([{ name: "google.auth.exceptions.RefreshError", count: 1 }]).build();
    assert.equal(decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(moduleOnly, 60)).rule.name, "error");
  });

  test("an error at 1/min on most instances of the service, and on at least 10 of them, is P0; the reason counts them", () => {
    const redis = (instances: number) => new ClusterFixture().withName("Redis connection refused").withCount(90, "ERROR").withInstances(instances);
    const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(redis(24).build(), 60, { serviceInstances: 28 }));
    assert.equal(verdict.rule.name, "most-instances");
    assert.match(verdict.reason, /on 24 \(with errors\) of 28 instances ≥ 80% and ≥ 10 \(rule most-instances\)$/);
    assert.equal(decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(redis(12).build(), 60, { serviceInstances: 28 })).rule.name, "error-sustained", "not most of them");
  });

  test("five of six instances is a handful running the same code, not the service down: P1, not P0", () => {
    const cluster = new ClusterFixture().withName("Redis connection refused").withCount(90, "ERROR").withInstances(5).build();
    const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(cluster, 60, { serviceInstances: 6 }));
    assert.equal(verdict.rule.name, "error-sustained");
    assert.ok(verdict.holding.every((h) => h.rule.priority !== "P0"), verdict.reason);
  });

  test("instances count where it logged errors: warnings on every instance and errors on three are not most instances", () => {
    const mixed = new ClusterFixture().withName("Upstream slow").withSeverities({ WARNING: 600, ERROR: 90 }).withInstances(28).withErrorInstances(3).build();
    const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(mixed, 60, { serviceInstances: 28 }));
    assert.equal(verdict.rule.name, "error-sustained");
  });

  test("most routes answering 5xx in one minute is P0", () => {
    const cluster = new ClusterFixture().withName("GET /api/threads 503").withCount(40, "ERROR").withHttpStatuses([{ name: "503", count: 40 }]).build();
    const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(cluster, 60, { failingRoutes: { failing: 4, routes: 5, minute: "2025-09-15T01:10Z" } }));
    assert.equal(verdict.rule.name, "most-routes-5xx");
    assert.match(verdict.reason, /4 of 5 routes answered 5xx in 2025-09-15T01:10Z ≥ 50%/);
  });

  test("sustained means over the trailing runs: a daily peak hour is not more sustained than the day", () => {
    const peakHour = new ClusterFixture().withName("upstream timeout").withCount(70, "ERROR").build();
    assert.equal(decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(peakHour, 60)).rule.name, "error-sustained");
    const overTheDay = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(peakHour, 60, { earlier: { count: 23 * 30, minutes: 23 * 60 } }));
    assert.equal(overTheDay.rule.name, "error");
  });

  test("configured rules replace the defaults, and no holding rule falls back to P3 with a reason", () => {
    const cluster = new ClusterFixture().withCount(5, "ERROR").build();
    const verdict = decidePriority([{ name: "errors-from-100", priority: "P1", minSeverity: "ERROR", minCount: 100 }], ruleFacts(cluster, 60));
    assert.equal(verdict.priority, "P3");
    assert.equal(verdict.reason, "P3: no configured rule held (rule no-rule-held)");
  });
});
