import assert from "node:assert/strict";
import { test } from "node:test";
import { ClusterFixture } from "../../test/builders/report-builder.js";
import { DEFAULT_RELATED_OPTIONS, relation } from "./related.js";

const WINDOW_MINUTES = 60;

function minutes(from: number, to: number): { minute: string; count: number }[] {
  return Array.from({ length: to - from }, (_, i) => ({ minute: `2025-09-14T18:${String(from + i).padStart(2, "0")}Z`, count: 1 }));
}

function cluster(fp: string, active: { minute: string; count: number }[], module = `mod.${fp}`) {
  return new ClusterFixture().withFingerprint(fp).withPerMinute(active).withSource({ module, function: "f" }).build();
}

test("clusters busy in the same few minutes of an hour are related by time", () => {
  const a = cluster("a", minutes(10, 16));
  const b = cluster("b", minutes(11, 17));
  assert.equal(relation(a, b, DEFAULT_RELATED_OPTIONS, WINDOW_MINUTES), "co-occurs in 5 of the same minutes");
});

test("a warning logged every minute is not related by time to anything", () => {
  const always = cluster("a", minutes(0, 60));
  const frequent = cluster("b", minutes(0, 40));
  assert.equal(relation(always, frequent, DEFAULT_RELATED_OPTIONS, WINDOW_MINUTES), undefined);
});

test("two clusters in the same module are related even when apart in time", () => {
  const a = cluster("a", minutes(0, 3), "app.routes.websocket");
  const b = cluster("b", minutes(40, 43), "app.routes.websocket");
  assert.equal(relation(a, b, DEFAULT_RELATED_OPTIONS, WINDOW_MINUTES), "same module");
});
