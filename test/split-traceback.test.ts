// A Python service on Cloud Run without a structured logger: each line of a traceback is its own
// stderr entry, and gcloud exports them newest first. One crash is one entry, named by its exception.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "./run-cli.js";

const TRACEBACK = [
  "Traceback (most recent call last):",
  '  File "/usr/local/lib/python3.11/site-packages/flask/app.py", line 2190, in wsgi_app',
  "    response = self.full_dispatch_request()",
  '  File "/app/routes/orders.py", line 88, in create_order',
  "    db.session.commit()",
  '  File "/usr/local/lib/python3.11/site-packages/pymysql/err.py", line 143, in raise_mysql_exception',
  "    raise errorclass(errno, errval)",
  "sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (1364, \"Field 'user_id' doesn't have a default value\")",
  "[SQL: INSERT INTO users (line_user_id) VALUES (%(line_user_id)s)]",
  "(Background on this error at: https://sqlalche.me/e/20/e3q8)",
];

function exportOf(crashes: number): string {
  const entries: object[] = [];
  for (let crash = 0; crash < crashes; crash += 1) {
    TRACEBACK.forEach((text, line) => {
      const micros = String(100 + line * 7).padStart(6, "0");
      entries.push({
        insertId: `6891a8a2${String(crash).padStart(4, "0")}${String(line).padStart(4, "0")}`,
        labels: { instanceId: `00a1b2c3instance${crash % 2}` },
        logName: "projects/shop/logs/run.googleapis.com%2Fstderr",
        resource: { type: "cloud_run_revision", labels: { service_name: "orders", revision_name: "orders-00074-l6h", project_id: "shop", location: "us-central1" } },
        textPayload: text,
        timestamp: `2026-11-30T12:${String(10 + crash).padStart(2, "0")}:05.${micros}Z`,
      });
    });
  }
  return JSON.stringify(entries.reverse(), null, 2);
}

test("a traceback split one line per entry is one entry of one cluster, named by its exception", async () => {
  const dir = mkdtempSync(join(tmpdir(), "lg-split-"));
  const input = join(dir, "orders.json");
  writeFileSync(input, exportOf(3));
  const result = await runCli(["run", "-i", input, "--out", dir, "--json", join(dir, "r.json"), "--no-state", "-q"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as {
    totals: { read: number; kept: number; filtered: Record<string, number> };
    clusters: { name: string; count: number; maxSeverity: string; errorTypes: { name: string }[] }[];
  };
  assert.equal(report.totals.read, 3 * TRACEBACK.length);
  assert.equal(report.totals.kept, 3);
  assert.equal(report.totals.filtered["joined_into_entry"], 3 * (TRACEBACK.length - 1));
  assert.equal(report.clusters.length, 1);
  const [cluster] = report.clusters;
  assert.equal(cluster?.count, 3);
  assert.equal(cluster?.maxSeverity, "ERROR");
  assert.match(cluster?.name ?? "", /^sqlalchemy\.exc\.OperationalError/);
  assert.deepEqual(cluster?.errorTypes.map((e) => e.name), ["sqlalchemy.exc.OperationalError"]);
});
