/**
 * On the built-in sample, counting in an engine gives what streaming every entry gives: the same
 * problems, fingerprints, counts and per-minute series, through DuckDB over the export file and through
 * the real BigQuery client against the REST stand-in (a sink table and a Log Analytics view of the
 * same entries).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { defaultConfig } from "../src/config/schema.js";
import type { Report } from "../src/model/report.js";
import { silentProgress } from "../src/pipeline/context.js";
import { runPipeline, type RunRequest } from "../src/pipeline/run.js";
import { startFakeBigQuery, type FakeBigQuery } from "./fakes/fake-bigquery.js";

const sample = fileURLToPath(new URL("../samples/cloud-run/window-1.json", import.meta.url));

/**
 * The same instant written the same way: a TIMESTAMP column keeps microseconds, not how many digits the
 * entry wrote (`.557760Z` comes back as `.55776Z`).
 */
function instant(text: string | undefined): string | undefined {
  return text?.replace(/(\.\d+)?Z$/, (_m, fraction: string | undefined) => `.${(fraction ?? ".").slice(1).padEnd(6, "0")}Z`);
}

/** What must be equal: per problem its fingerprint, aliases, count, severities, per-minute series, first/last seen, templates. */
function problems(report: Report) {
  return report.clusters
    .map(({ cluster: c }) => ({
      fingerprint: c.fingerprint,
      aliases: c.aliases,
      name: c.name,
      count: c.stats.count,
      severityCounts: c.stats.severityCounts,
      perMinute: c.stats.perMinute,
      firstSeen: instant(c.stats.firstSeen),
      lastSeen: instant(c.stats.lastSeen),
      revisions: c.stats.revisions.map((r) => `${r.name}:${r.count}`),
      instances: c.stats.instances,
      templates: c.templates.map((t) => `${t.fingerprint}:${t.count}`).sort(),
    }))
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
}

describe("counting in an engine equals streaming, on the built-in sample", () => {
  let dir: string;
  let fake: FakeBigQuery;
  const reports = new Map<string, Report>();

  async function run(name: string, request: Partial<RunRequest>, env: NodeJS.ProcessEnv = {}): Promise<Report> {
    const out = join(dir, name);
    const { report } = await runPipeline(
      { inputs: [], services: [], minSeverity: "WARNING", statePath: null, dryRun: true, config: { ...defaultConfig(), report: { ...defaultConfig().report, outDir: out } }, ...request },
      { now: () => new Date("2025-09-15T00:00:00Z"), stdin: process.stdin, env, cwd: dir, progress: silentProgress },
    );
    reports.set(name, report);
    return report;
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "lg-equality-"));
    const entries = JSON.parse(readFileSync(sample, "utf8")) as Record<string, unknown>[];
    fake = await startFakeBigQuery({
      tables: {
        "netra-staging.logs.run_googleapis_com_stderr": { layout: "sink", entries },
        "netra-staging.analytics._AllLogs": { layout: "log-analytics", entries },
      },
    });
    await run("streaming", { inputs: [sample] });
  });
  after(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const warehouse = (fields: Partial<NonNullable<RunRequest["warehouse"]>>): NonNullable<RunRequest["warehouse"]> => ({ bigqueryTables: [], duckdbFiles: [], ...fields });
  const cases: [string, () => Partial<RunRequest>][] = [
    ["DuckDB over the gcloud export", () => ({ warehouse: warehouse({ duckdbFiles: [sample] }) })],
    ["BigQuery, a log sink table", () => ({ warehouse: warehouse({ bigqueryTables: ["netra-staging.logs.run_googleapis_com_stderr"], bigqueryEndpoint: fake.url }) })],
    ["BigQuery, a Log Analytics view", () => ({ warehouse: warehouse({ bigqueryTables: ["netra-staging.analytics._AllLogs"], bigqueryEndpoint: fake.url }) })],
  ];
  for (const [name, request] of cases) {
    test(name, async () => {
      const report = await run(name, request(), { BIGQUERY_ACCESS_TOKEN: "fake-token" });
      const streaming = reports.get("streaming") as Report;
      assert.equal(report.sources[0]?.completeness.kind, "complete");
      assert.equal(report.totals.kept, streaming.totals.kept);
      assert.deepEqual(report.timeline, streaming.timeline);
      assert.deepEqual(report.window, streaming.window);
      assert.deepEqual(problems(report), problems(streaming));
      assert.deepEqual(report.clusters.map((c) => c.priority), streaming.clusters.map((c) => c.priority));
      assert.ok(streaming.clusters.length > 15, "the sample has its problems");
    });
  }
});
