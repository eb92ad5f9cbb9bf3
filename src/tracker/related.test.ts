import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { ClusterFixture } from "../../test/builders/report-builder.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { RelatedLink } from "./issue-text.js";
import { DEFAULT_RELATED_OPTIONS, RelatedIndex, relation } from "./related.js";

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

describe("RelatedIndex", () => {
  type Facts = { minutes: number[]; traces: string[]; connections: string[]; module: string | undefined };
  const build = (facts: readonly Facts[]): JudgedCluster[] =>
    facts.map((f, i) => {
      const built = new ClusterFixture()
        .withFingerprint(`lgfp${String(i).padStart(16, "0")}`)
        .withName(`cluster ${i}`)
        .withPerMinute(f.minutes.map((m) => ({ minute: `2025-09-14T18:${String(m).padStart(2, "0")}Z`, count: 1 })))
        .withSource(f.module === undefined ? { function: "f" } : { module: f.module, function: "f" })
        .build();
      return { cluster: { ...built, stats: { ...built.stats, traces: f.traces, exampleConnections: f.connections } } } as unknown as JudgedCluster;
    });

  /** The definition: every other cluster compared with `relation`, in the run's order. */
  const pairwise = (judged: JudgedCluster, all: readonly JudgedCluster[]): RelatedLink[] =>
    all.flatMap((other) => {
      const why = other === judged ? undefined : relation(judged.cluster, other.cluster, DEFAULT_RELATED_OPTIONS, WINDOW_MINUTES);
      return why === undefined ? [] : [{ issueNumber: undefined, fingerprint: other.cluster.fingerprint, text: `${other.cluster.name} (${why})` }];
    });

  test("finds what comparing every pair finds, in the same order", () =>
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minutes: fc.uniqueArray(fc.integer({ min: 0, max: 19 }), { maxLength: 12 }),
            traces: fc.uniqueArray(fc.constantFrom("t1", "t2", "t3", "t4", "t5", "t6"), { maxLength: 2 }),
            connections: fc.uniqueArray(fc.constantFrom("c1", "c2", "c3", "c4", "c5", "c6"), { maxLength: 2 }),
            module: fc.option(fc.constantFrom("app.a", "app.b", "app.c", "app.d"), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (facts) => {
          const all = build(facts);
          // no cap and no issues: every related cluster is listed, as found
          const index = new RelatedIndex(all, WINDOW_MINUTES, { ...DEFAULT_RELATED_OPTIONS, maxLinks: all.length });
          for (const judged of all) assert.deepEqual(index.links(judged, new Map(), []), pairwise(judged, all));
        },
      ),
      { numRuns: 300 },
    ));
});
