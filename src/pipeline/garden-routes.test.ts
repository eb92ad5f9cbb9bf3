import assert from "node:assert/strict";
import { test } from "node:test";
import { judgedCluster } from "../../test/builders/judged-cluster.js";
import { RoutingConfigSchema } from "../config/sections/routing.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { TrackerOutcome } from "../model/tracker.js";
import type { Tracker } from "../tracker/index.js";
import { gardenRouted } from "./garden-routes.js";

const trackers = new Map<string, Tracker>();
/** The same tracker for a repository each time, as the pipeline opens them. */
const tracker = (repo: string): Tracker => trackers.get(repo) ?? trackers.set(repo, { kind: "github", repo } as unknown as Tracker).get(repo)!;
const withService = (j: JudgedCluster, service: string): JudgedCluster => ({ ...j, cluster: { ...j.cluster, service } });

test("one tracker pass per repository, creations sharing the run's cap, actions merged in the judged order", async () => {
  const judged = [
    withService(judgedCluster("lgfp0000000000000001"), "auth"),
    withService(judgedCluster("lgfp0000000000000002"), "api"),
    withService(judgedCluster("lgfp0000000000000003"), "auth-worker"),
    withService(judgedCluster("lgfp0000000000000004"), "api"),
  ];
  const { routes } = RoutingConfigSchema.parse({ routes: [{ services: ["auth*"], repo: "acme/auth" }, { services: ["api"], repo: "acme/main" }] });
  const calls: { repo: string | undefined; fps: string[]; cap: number }[] = [];
  const outcome = await gardenRouted(judged, {
    defaultTracker: tracker("acme/main"),
    openFor: tracker,
    routes,
    maxNewIssues: 3,
    garden: (t, group, cap): Promise<TrackerOutcome> => {
      calls.push({ repo: t.repo, fps: group.map((j) => j.cluster.fingerprint), cap });
      // Creates up to the cap it was given.
      const actions = group.map((j, i) => ({ fingerprint: j.cluster.fingerprint, kind: i < cap ? ("create" as const) : ("defer" as const), title: j.cluster.name, priority: j.priority, category: j.category, status: i < cap ? ("done" as const) : ("deferred" as const), details: [] }));
      return Promise.resolve({ tracker: "github", repo: t.repo, dryRun: false, actions, requests: { read: 1 } });
    },
  });
  assert.deepEqual(calls, [
    { repo: "acme/main", fps: ["lgfp0000000000000002", "lgfp0000000000000004"], cap: 3 },
    { repo: "acme/auth", fps: ["lgfp0000000000000001", "lgfp0000000000000003"], cap: 1 },
  ]);
  assert.equal(outcome.repo, "acme/main, acme/auth");
  assert.deepEqual(outcome.actions.map((a) => [a.fingerprint.slice(-1), a.status]), [["1", "done"], ["2", "done"], ["3", "deferred"], ["4", "done"]]);
  assert.deepEqual(outcome.requests, { read: 2 });
});
