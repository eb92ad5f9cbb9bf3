import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clusterSpan } from "./html.js";
import { sparklineSvg, timelineSvg, type Marker } from "./svg.js";

const TWELVE_DAYS = { startMs: Date.parse("2025-09-02T16:21:00Z"), endMs: Date.parse("2025-09-14T19:00:00Z") };

describe("timeline over a long window", () => {
  // a rollout every 7 hours for 12 days, as a busy service has
  const markers: Marker[] = Array.from({ length: 41 }, (_, i) => ({ atMs: TWELVE_DAYS.startMs + i * 7 * 3_600_000, label: `netra-backend-staging-00${600 + i}-abc` }));
  const svg = timelineSvg([], TWELVE_DAYS, markers);
  const labels = [...svg.matchAll(/<text class="marker-label" x="([\d.]+)"( text-anchor="end")? y="([\d.]+)">([^<]*)<\/text>/g)].map((m) => {
    const text = m[4] ?? "";
    const x = Number(m[1]);
    // a label drawn left of its line ends at x
    return { x: m[2] === undefined ? x : x - text.length * 6, y: Number(m[3]), text };
  });

  test("keeps every rollout line, with its name as a tooltip", () => {
    assert.equal([...svg.matchAll(/<line class="marker"/g)].length, 41);
    assert.equal([...svg.matchAll(/<title>netra-backend-staging-00\d+-abc<\/title>/g)].length, 41);
  });
  test("thins the labels so that none overlaps another in its row", () => {
    assert.ok(labels.length > 0 && labels.length < 41, `${labels.length} labels`);
    for (const row of new Set(labels.map((l) => l.y))) {
      const inRow = labels.filter((l) => l.y === row).sort((a, b) => a.x - b.x);
      inRow.slice(1).forEach((label, i) => {
        const before = inRow[i];
        assert.ok(before && label.x >= before.x + before.text.length * 6, `${before?.text} overlaps ${label.text}`);
      });
    }
  });
  test("a few rollouts all keep their labels", () => {
    const few = timelineSvg([], TWELVE_DAYS, markers.filter((_, i) => i % 10 === 0));
    assert.equal([...few.matchAll(/class="marker-label"/g)].length, 5);
  });
});

describe("sparklines", () => {
  const burst = [
    { minute: "2025-09-10T12:00Z", count: 2 },
    { minute: "2025-09-10T12:05Z", count: 9 },
    { minute: "2025-09-10T12:12Z", count: 4 },
  ];
  const heights = (svg: string): Set<string> => new Set((/<polyline class="spark-line" points="([^"]*)"/.exec(svg)?.[1] ?? "").split(" ").map((p) => p.split(",")[1] ?? ""));

  test("are drawn over the problem's own first to last seen, so a short burst has a shape", () => {
    const own = sparklineSvg(burst, clusterSpan({ firstSeen: "2025-09-10T12:00:10Z", lastSeen: "2025-09-10T12:12:40Z" }, TWELVE_DAYS));
    assert.ok(heights(own).size >= 3, `heights ${[...heights(own)].join(" ")}`);
    assert.match(own, /peak 9 per minute/);
  });
  test("over the whole 12 days the same burst is one spike on a flat line", () => {
    const whole = sparklineSvg(burst, TWELVE_DAYS);
    assert.ok(heights(whole).size <= 2);
  });
  test("a problem seen once spans one minute", () => {
    const span = clusterSpan({ firstSeen: "2025-09-10T12:00:10Z", lastSeen: "2025-09-10T12:00:10Z" }, TWELVE_DAYS);
    assert.equal(span.endMs - span.startMs, 60_000);
  });
});
