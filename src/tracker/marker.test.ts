import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCommentMarker, parseIssueMarker, renderCommentMarker, renderIssueMarker, replaceIssueMarker } from "./marker.js";

const FP = "lgfp0123456789abcdef";

test("an issue marker round-trips fingerprint, aliases, template, priority, retitle time and rate", () => {
  const marker = { fingerprint: FP, aliases: ["lgfpaaaaaaaaaaaaaaaa"], template: "user <*> --> failed > 3", priority: "P1", priorityAt: "2025-09-14T19:00:00.000Z", titledAt: "2025-09-14T19:00:00.000Z", ratePerMinute: 4.2, evidence: "abc123def456" };
  assert.deepEqual(parseIssueMarker(`Some text\n${renderIssueMarker(marker)}\nmore`), marker);
});

test("a template cannot end the hidden comment early", () => {
  const rendered = renderIssueMarker({ fingerprint: FP, aliases: [], template: "a --> b" });
  assert.equal(rendered.indexOf("-->"), rendered.length - 3);
});

test("a body a human rewrote around the marker still parses", () => {
  const body = `# My own title\n\nI rewrote this.\n\n<!-- log-gardener:v1   fp=${FP}   unknown=1 -->\n`;
  assert.equal(parseIssueMarker(body)?.fingerprint, FP);
});

test.describe("bodies without a valid issue marker", () => {
  for (const [name, body] of [
    ["no marker", "just text"],
    ["a malformed fingerprint", "<!-- log-gardener:v1 fp=nothex -->"],
    ["a comment marker", `<!-- log-gardener:v1 comment fp=${FP} day=2025-09-14 runs= -->`],
    ["null", null],
  ] as const) {
    test(name, () => assert.equal(parseIssueMarker(body), undefined));
  }
});

test("replacing the marker keeps the rest of the body", () => {
  const body = `intro\n${renderIssueMarker({ fingerprint: FP, aliases: [], priority: "P2" })}\nrest`;
  const out = replaceIssueMarker(body, { fingerprint: FP, aliases: [], priority: "P1" });
  assert.ok(out.startsWith("intro\n") && out.endsWith("\nrest"));
  assert.equal(parseIssueMarker(out)?.priority, "P1");
});

test("a comment marker round-trips its day and runs", () => {
  const marker = { fingerprint: FP, day: "2025-09-14", runs: [{ digest: "abc123", window: "20250914T1830Z-20250914T1930Z", count: 42 }] };
  assert.deepEqual(parseCommentMarker(renderCommentMarker(marker)), marker);
  assert.equal(parseIssueMarker(renderCommentMarker(marker)), undefined);
});
