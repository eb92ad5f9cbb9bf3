import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "lg-window-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function ndjson(name: string, entries: { severity: string; timestamp: string; textPayload: string }[]): string {
  const path = join(dir, name);
  writeFileSync(path, entries.map((e) => JSON.stringify(e)).join("\n"));
  return path;
}

interface JsonReport {
  window: { start?: string; end?: string; minutes: number };
  clusters: { ratePerMinute: number; count: number }[];
}

test("without --since/--until the window is the span of everything observed, not only of the kept entries", async () => {
  const info = Array.from({ length: 61 }, (_, i) => ({ severity: "INFO", timestamp: new Date(Date.UTC(2025, 8, 14, 18, i)).toISOString(), textPayload: "request ok" }));
  const warnings = Array.from({ length: 30 }, (_, i) => ({ severity: "WARNING", timestamp: new Date(Date.UTC(2025, 8, 14, 18, 55, i)).toISOString(), textPayload: "cache miss storm" }));
  const out = join(dir, "span");
  const result = await runCli(["run", "-i", ndjson("span.ndjson", [...info, ...warnings]), "--out", out, "--json", join(out, "r.json"), "--no-state", "-q"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(readFileSync(join(out, "r.json"), "utf8")) as JsonReport;
  assert.equal(report.window.start, "2025-09-14T18:00:00.000Z");
  assert.equal(report.window.end, "2025-09-14T19:00:00.000Z");
  assert.equal(report.window.minutes, 60);
  assert.equal(report.clusters[0]?.ratePerMinute, 30 / 60, "30 warnings in an observed hour is 0.5/min, not 30 in half a minute");
});

test("an input with no warnings still gets a dated worklog named from its data", async () => {
  const out = join(dir, "quiet");
  const input = ndjson("quiet.ndjson", [
    { severity: "INFO", timestamp: "2025-09-14T18:00:00Z", textPayload: "ok" },
    { severity: "INFO", timestamp: "2025-09-14T19:00:00Z", textPayload: "ok" },
  ]);
  const result = await runCli(["run", "-i", input, "--out", out, "--no-state", "-q"]);
  assert.equal(result.code, 0, result.stderr);
  const worklog = readdirSync(out).find((name) => name.endsWith(".md")) ?? "";
  assert.equal(worklog, "GCP-LOG-GARDENER-WORKLOG-1h-20250914T190000Z.md");
  assert.match(readFileSync(join(out, worklog), "utf8"), /0 entries at WARNING or above/);
});

test("a revision's first-seen time is the earliest entry, even when fractional digits differ", async () => {
  const out = join(dir, "first-seen");
  const input = join(dir, "first-seen.ndjson");
  const entry = (timestamp: string) => JSON.stringify({ severity: "ERROR", timestamp, textPayload: "boom", resource: { type: "cloud_run_revision", labels: { service_name: "api", revision_name: "api-00001-abc" } } });
  writeFileSync(input, [entry("2025-09-14T18:00:12.5Z"), entry("2025-09-14T18:00:12Z"), entry("2025-09-14T18:05:00Z")].join("\n"));
  const result = await runCli(["run", "-i", input, "--out", out, "--json", join(out, "r.json"), "--no-state", "-q"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(readFileSync(join(out, "r.json"), "utf8")) as { revisions: { name: string; firstSeen?: string }[] };
  assert.equal(report.revisions.find((r) => r.name === "api-00001-abc")?.firstSeen, "2025-09-14T18:00:12Z");
});
