import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClusterFixture, ReportFixture, worklogFixture } from "../../test/builders/report-builder.js";
import { jsonReportChunks, renderJsonReport, toJsonReport } from "./json.js";
import { JsonReportSchema, type JsonReport } from "./json-schema.js";

function parse(text: string): JsonReport {
  return JsonReportSchema.parse(JSON.parse(text));
}

const full = parse(renderJsonReport(worklogFixture().build()));

describe("JSON report", () => {
  test("a realistic report validates against the version-1 schema", () => {
    assert.equal(full.schemaVersion, 1);
  });

  test("an empty no-data report validates too", () => {
    const empty = parse(renderJsonReport(new ReportFixture().withCompleteness({ kind: "no_data" }).build()));
    assert.equal(empty.clusters.length, 0);
    assert.deepEqual(empty.sources[0]?.completeness, { kind: "no_data" });
  });

  test("totals give read, kept and skipped and filtered by reason, with their sums", () => {
    assert.deepEqual(
      { read: full.totals.read, kept: full.totals.kept, skipped: full.totals.skipped, skippedTotal: full.totals.skippedTotal, filteredTotal: full.totals.filteredTotal },
      { read: 4448, kept: 1022, skipped: { invalid_json: 2 }, skippedTotal: 2, filteredTotal: 3424 },
    );
  });

  test("clusters keep the worklog's order and carry fingerprint, name, priority, count, first and last seen", () => {
    assert.deepEqual(
      full.clusters.map((c) => [c.fingerprint, c.priority, c.count]),
      [
        ["lgfp3f9a1c0b2d4e6f80", "P0", 42],
        ["lgfp0c11de5a7f3b9a02", "P1", 917],
        ["lgfp9b2e44d01c7a5e31", "P1", 36],
        ["lgfp77aa0f1e2d3c4b5a", "P3", 23],
        ["lgfpa1b2c3d4e5f60718", "P3", 4],
      ],
    );
    const first = full.clusters[0];
    assert.equal(first?.firstSeen, "2025-09-15T00:58:11.255943Z");
    assert.equal(first?.lastSeen, "2025-09-15T01:51:12.490103Z");
    assert.match(first?.name ?? "", /^\[🔑\] GOLDEN PATH AUTH=<\*>/);
  });

  test("absent values are null, never missing keys", () => {
    const beacon = full.clusters.find((c) => c.fingerprint === "lgfpa1b2c3d4e5f60718");
    assert.equal(beacon?.source, null);
    assert.equal(beacon?.escalation, null);
    assert.equal(beacon?.heldPriority, null);
    assert.ok(beacon && "logger" in beacon && beacon.logger === null);
  });

  test("tracker actions appear per cluster and in the tracker block", () => {
    const deferred = full.clusters.find((c) => c.fingerprint === "lgfpa1b2c3d4e5f60718")?.tracker;
    assert.deepEqual(deferred, { kind: "defer", status: "deferred", title: "P3 · POST /ws/beacon → 405", issueNumber: null, issueUrl: null, details: ["creation cap of 1 reached"], error: null });
    assert.equal(full.tracker?.actions.length, 5);
    assert.equal(full.tracker?.repo, "netra-systems/netra-apex");
  });

  test("share and rate are unrounded count/kept and count/minutes", () => {
    const session = full.clusters[1];
    assert.equal(session?.share, 917 / 1022);
    assert.equal(session?.ratePerMinute, 917 / 60);
  });

  test("a failed query keeps its error and how far it read", () => {
    const failed = parse(renderJsonReport(new ReportFixture().withCluster(new ClusterFixture()).withCompleteness({ kind: "query_failed", error: "HTTP 503", readUntil: "2025-09-15T01:00:00Z" }).build()));
    assert.equal(failed.complete, false);
    assert.deepEqual(failed.sources[0]?.completeness, { kind: "query_failed", error: "HTTP 503", readUntil: "2025-09-15T01:00:00Z" });
  });

  test("the schema rejects a document of another version", () => {
    const other = { ...full, schemaVersion: 2 };
    assert.equal(JsonReportSchema.safeParse(other).success, false);
  });

  test("the same report gives the same bytes, ending in a newline", () => {
    const text = renderJsonReport(worklogFixture().build());
    assert.equal(text, renderJsonReport(worklogFixture().build()));
    assert.ok(text.endsWith("}\n"));
  });

  test("written in pieces, it is the bytes of JSON.stringify with a 2-space indent, one piece per cluster", () => {
    for (const report of [worklogFixture().build(), new ReportFixture().withCompleteness({ kind: "no_data" }).build()]) {
      const pieces = [...jsonReportChunks(report)];
      assert.equal(pieces.join(""), `${JSON.stringify(toJsonReport(report), null, 2)}\n`);
      assert.ok(pieces.length >= report.clusters.length, "clusters go out one at a time");
    }
    assert.ok(worklogFixture().build().clusters.length >= 2, "the realistic fixture has clusters to split");
  });
});
