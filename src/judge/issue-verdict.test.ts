// Ignore rules: each condition alone, their combination, and the two ways a rule ends.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClusterFixture } from "../../test/builders/report-builder.js";
import { JudgeConfigSchema, type IgnoreRule } from "../config/sections/judge.js";
import { judgeIssue, matchIgnoreRule } from "./issue-verdict.js";

const NOW = new Date("2026-11-20T12:00:00Z");
const fp = "lgfp00000000000000c1";
const alias = "lgfp00000000000000c2";
/** A WARNING problem of `api` with 40 entries, named after its template. */
const heartbeat = () => new ClusterFixture().withFingerprint(fp).withAliases([alias]).withName("Heartbeat timeout for <*>").withService("api").withCount(40, "WARNING").build();

const cases: { name: string; rule: Omit<IgnoreRule, "name">; ignored: boolean }[] = [
  { name: "by fingerprint", rule: { fingerprint: fp }, ignored: true },
  { name: "by an alias's fingerprint", rule: { fingerprint: alias }, ignored: true },
  { name: "another fingerprint", rule: { fingerprint: "lgfp00000000000000ff" }, ignored: false },
  { name: "by message pattern, case-insensitive", rule: { messagePattern: "^heartbeat TIMEOUT" }, ignored: true },
  { name: "a pattern that matches nothing", rule: { messagePattern: "^GET /" }, ignored: false },
  { name: "by service", rule: { service: "api" }, ignored: true },
  { name: "another service", rule: { service: "auth" }, ignored: false },
  { name: "worst entry at or below maxSeverity", rule: { maxSeverity: "WARNING" }, ignored: true },
  { name: "worst entry above maxSeverity", rule: { maxSeverity: "INFO" }, ignored: false },
  { name: "every condition holds", rule: { service: "api", messagePattern: "heartbeat", maxSeverity: "ERROR" }, ignored: true },
  { name: "one condition fails", rule: { service: "api", messagePattern: "heartbeat", maxSeverity: "NOTICE" }, ignored: false },
  { name: "until a date not reached", rule: { service: "api", untilDate: "2026-12-31" }, ignored: true },
  { name: "until a date passed", rule: { service: "api", untilDate: "2026-11-01" }, ignored: false },
  { name: "under a count per window", rule: { service: "api", untilCount: 100 }, ignored: true },
  { name: "at or over the count: judged again", rule: { service: "api", untilCount: 40 }, ignored: false },
];

describe("ignore rules", () => {
  for (const c of cases) {
    test(`${c.name}: ${c.ignored ? "ignored" : "not ignored"}`, () => {
      const matched = matchIgnoreRule(heartbeat(), [{ name: "r", ...c.rule }], NOW);
      assert.equal(matched !== undefined, c.ignored);
    });
  }

  test("the first rule that holds names the verdict, with its limits in the reason; nothing is filed", () => {
    const config = JudgeConfigSchema.parse({ ignore: [{ name: "scanners", messagePattern: "^GET /" }, { name: "rare-heartbeats", messagePattern: "heartbeat", untilCount: 100 }] });
    assert.deepEqual(judgeIssue(heartbeat(), undefined, undefined, undefined, NOW, config), {
      kind: "ignored",
      rule: "rare-heartbeats",
      reason: "ignored by rule rare-heartbeats, while under 100 entries a window (40 now)",
    });
  });

  test("an ignore rule holds over an open issue too: it is left alone, not updated", () => {
    const config = JudgeConfigSchema.parse({ ignore: [{ name: "api-noise", service: "api" }] });
    const published = { tracker: "github" as const, number: 9, state: "open" as const, title: "GCP-other | P3 | Heartbeat timeout", labels: [] };
    assert.equal(judgeIssue(heartbeat(), published, undefined, undefined, NOW, config).kind, "ignored");
  });
});
