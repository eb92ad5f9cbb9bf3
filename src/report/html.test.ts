import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClusterFixture, ReportFixture, worklogFixture } from "../../test/builders/report-builder.js";
import { renderHtmlReport, revisionMarkers } from "./html.js";

describe("HTML report figures read like the worklog's", () => {
  const page = renderHtmlReport(worklogFixture().build());

  test("the window is shown as UTC times, not raw RFC 3339 with milliseconds", () => {
    assert.match(page, /<dt>Window \(UTC\)<\/dt><dd>2025-09-15 00:52:25 → 01:52:25 UTC \(1h, /);
  });

  test("counts carry thousands separators and filter reasons are words", () => {
    assert.match(page, /filtered 3,412 below minimum severity/);
    assert.doesNotMatch(page, /below_min_severity/);
  });

  test("a steady trend is a word, not a square glyph", () => {
    assert.doesNotMatch(page, /■/);
    assert.match(page, /steady \d+\.\d×/);
  });

  test("nothing at the minimum severity is said as such", () => {
    const empty = renderHtmlReport(new ReportFixture().withFiltered({ below_min_severity: 250 }).build());
    assert.match(empty, /0 entries at WARNING or above: 250 entries read, none kept\./);
  });
});

describe("HTML report layout", () => {
  const page = renderHtmlReport(worklogFixture().build());

  test("a one-day window shows clock times in the table", () => {
    assert.match(page, /<td class="wide small">00:58:11<br>01:51:12<\/td>/);
  });

  test("long names and module paths may wrap, so the last columns stay on the page", () => {
    assert.match(page, /\.name\{overflow-wrap:anywhere;min-width:11em\}/);
  });
});

describe("HTML report of a long tail", () => {
  test("rows stop at maxClusters, in table order, and the rest are counted under the table", () => {
    const fixture = new ReportFixture();
    for (let n = 0; n < 30; n += 1) fixture.withCluster(new ClusterFixture().withFingerprint(`lgfp${n.toString(16).padStart(16, "0")}`).withCount(100 - n), { priority: n < 5 ? "P1" : "P3" });
    const report = fixture.build();
    const page = renderHtmlReport(report, { maxSampleChars: 4_000, maxClusters: 12 });
    const rows = [...page.matchAll(/data-fingerprint="(lgfp[0-9a-f]+)"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(rows)], report.clusters.slice(0, 12).map((c) => c.cluster.fingerprint));
    assert.match(page, /id="shown-count">12 of 12</);
    const rest = report.clusters.slice(12).reduce((sum, c) => sum + c.cluster.stats.count, 0);
    assert.match(page, new RegExp(`18 more clusters \\(${rest.toLocaleString("en-US")} entries; 18 P3\\) past report.htmlMaxClusters are not on this page`));
    assert.doesNotMatch(renderHtmlReport(report, { maxSampleChars: 4_000, maxClusters: 30 }), /not on this page/);
  });
});

describe("revision markers", () => {
  test("only revisions that appear after the window opened are rollouts; each service's running revision is not", () => {
    const cluster = new ClusterFixture().withRevisions([
      { name: "api-00611-b7m", count: 5, firstSeen: "2025-09-15T00:52:26Z" },
      { name: "auth-00087-xk2", count: 5, firstSeen: "2025-09-15T00:52:40Z" },
      { name: "api-00612-67q", count: 5, firstSeen: "2025-09-15T01:20:00Z" },
    ]);
    const report = new ReportFixture().withCluster(cluster).build();
    assert.deepEqual(revisionMarkers(report).map((m) => m.label), ["api-00612-67q"]);
  });
});
