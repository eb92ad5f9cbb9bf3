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
  { name: "CRITICAL with corruption is P0", severities: { CRITICAL: 1 }, text: "Index corrupted for shard <*>", priority: "P0", rule: "critical-data-loss" },
  { name: "CRITICAL at 1/min is P0", severities: { CRITICAL: 60 }, text: "Message routing failed", priority: "P0", rule: "critical-sustained" },
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
      ["critical-security", "critical-sustained", "critical", "error-security", "error-sustained", "error", "rest"],
    );
  });

  test("keywords are looked for in the code location too", () => {
    const cluster = new ClusterFixture().withName("check failed").withCount(1, "ERROR").withSource({ module: "app.auth_service.session", line: 12 }).build();
    const verdict = decidePriority(DEFAULT_PRIORITY_RULES, ruleFacts(cluster, 60));
    assert.equal(verdict.rule.name, "error-security");
    assert.match(verdict.reason, /keyword "auth"/);
  });

  test("configured rules replace the defaults, and no holding rule falls back to P3 with a reason", () => {
    const cluster = new ClusterFixture().withCount(5, "ERROR").build();
    const verdict = decidePriority([{ name: "errors-from-100", priority: "P1", minSeverity: "ERROR", minCount: 100 }], ruleFacts(cluster, 60));
    assert.equal(verdict.priority, "P3");
    assert.equal(verdict.reason, "P3: no configured rule held (rule no-rule-held)");
  });
});
