// Priorities end to end, through the CLI as a user runs it: on the built-in sample, P0 is what a person would call P0
// (the crash loop, named as one; the permissive-auth hole), and no priority comes from a word in a file path.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { JsonReport } from "../src/report/json-schema.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

const scratch = mkdtempSync(join(tmpdir(), "lg-sample-priorities-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The rules that say the service is hurt, data is lost or an attack got somewhere: the only ones that give P0. */
const P0_RULES = new Set(["alert-or-emergency", "crash-loop", "most-routes-5xx", "most-instances", "error-data-loss", "error-security-incident", "critical-security"]);

async function report(input: string, name: string): Promise<JsonReport> {
  const out = join(scratch, name);
  const result = await runCli(["run", "-i", input, "--no-state", "--dry-run", "--out", out, "-q"]);
  assert.equal(result.code, 0, result.stderr);
  const file = readdirSync(out).find((f) => f.endsWith(".json"));
  assert.ok(file, `no JSON report in ${out}`);
  return JSON.parse(readFileSync(join(out, file), "utf8")) as JsonReport;
}

/** The generator's truth: the problem each entry belongs to, by insertId. */
function labels(window: string): Map<string, string> {
  const text = readFileSync(join(REPO_ROOT, `samples/cloud-run/labels-${window}.ndjson`), "utf8");
  return new Map(text.split("\n").filter(Boolean).map((line) => {
    const { insertId, problem } = JSON.parse(line) as { insertId: string; problem: string };
    return [insertId, problem];
  }));
}

/** The labelled problem a cluster's samples belong to (its samples are real entries, with their insertIds). */
function problemOf(cluster: JsonReport["clusters"][number], truth: ReadonlyMap<string, string>): string | undefined {
  const ids = cluster.samples.map((s) => (s as { insertId?: string }).insertId).filter((id): id is string => id !== undefined);
  return ids.map((id) => truth.get(id)).find((p) => p !== undefined);
}

const ruleOf = (reason: string): string | undefined => /\(rule ([\w-]+)\)$/.exec(reason)?.[1];

describe("the built-in sample's P0s", () => {
  const windows: Record<string, { report?: JsonReport; truth?: Map<string, string> }> = { "1": {}, "2": {} };
  before(async () => {
    for (const w of Object.keys(windows)) {
      windows[w] = { report: await report(join(REPO_ROOT, `samples/cloud-run/window-${w}.json`), `window-${w}`), truth: labels(w) };
    }
  });

  test("the crash loop is P0, and its reason says it is a crash loop", () => {
    const { report: r, truth } = windows["1"]!;
    const crash = r!.clusters.find((c) => problemOf(c, truth!) === "crash-loop-missing-module");
    assert.ok(crash, "the crash loop is one problem");
    assert.equal(crash.priority, "P0", crash.priorityReason);
    assert.match(crash.priorityReason, /^P0: keyword "(container called exit|worker exited|exited with code)", \d+ entries ≥ 3 \(rule crash-loop\)$/);
  });

  test("every P0 comes from a rule that says the service is hurt, data is lost or security is breached", () => {
    for (const [w, { report: r }] of Object.entries(windows)) {
      for (const c of r!.clusters.filter((x) => x.priority === "P0")) assert.ok(P0_RULES.has(ruleOf(c.priorityReason) ?? ""), `window ${w}: ${c.name}: ${c.priorityReason}`);
    }
  });

  test("the P0s are the crash loop and the permissive-auth hole in window 1, the hole alone in window 2; busy errors on a six-instance service are P1", () => {
    const p0 = (w: string) => windows[w]!.report!.clusters.filter((c) => c.priority === "P0").map((c) => problemOf(c, windows[w]!.truth!)).sort();
    assert.deepEqual(p0("1"), ["crash-loop-missing-module", "golden-path-auth-permissive"]);
    assert.deepEqual(p0("2"), ["golden-path-auth-permissive"]);
    const loop = windows["1"]!.report!.clusters.find((c) => problemOf(c, windows["1"]!.truth!) === "ws-main-loop-not-connected");
    assert.equal(loop?.priority, "P1", loop?.priorityReason);
    assert.equal(loop?.instances, 6);
  });
});

test("an import error from gcp_auth_context_middleware.py is not raised by the word auth in its path", async () => {
  const traceback = [
    "Traceback (most recent call last):",
    '  File "/app/netra_backend/app/middleware/gcp_auth_context_middleware.py", line 12, in <module>',
    "    from netra_backend.app.core.context import get_request_context",
    "ImportError: cannot import name 'get_request_context' from 'netra_backend.app.core.context' (/app/netra_backend/app/core/context.py)",
  ].join("\n");
  const entries = [0, 1, 2].map((n) => ({
    insertId: `path-word-${n}`,
    logName: "projects/netra-staging/logs/run.googleapis.com%2Fstderr",
    resource: { type: "cloud_run_revision", labels: { service_name: "netra-backend-staging", revision_name: "netra-backend-staging-00700-abc", project_id: "netra-staging" } },
    severity: "ERROR",
    textPayload: traceback,
    timestamp: `2025-09-14T18:${String(n * 25).padStart(2, "0")}:00.000000Z`,
  }));
  const input = join(scratch, "path-word.json");
  writeFileSync(input, JSON.stringify(entries));
  const r = await report(input, "path-word");
  assert.equal(r.clusters.length, 1, r.clusters.map((c) => c.name).join("; "));
  const [importError] = r.clusters;
  assert.equal(importError?.priority, "P2", importError?.priorityReason);
  assert.equal(ruleOf(importError?.priorityReason ?? ""), "error");
  assert.ok(!importError?.reasons.some((reason) => /keyword/.test(reason)), importError?.reasons.join("\n"));
});
