import assert from "node:assert/strict";
import { test } from "node:test";
import { judgedCluster } from "../../test/builders/judged-cluster.js";
import { RoutingConfigSchema } from "../config/sections/routing.js";
import type { JudgedCluster } from "../model/judgement.js";
import type { TrackerOutcome } from "../model/tracker.js";
import type { Tracker } from "../tracker/index.js";
import type { PublishedIssue } from "../model/history.js";
import { gardenRouted, mergedState, readRouted } from "./garden-routes.js";

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

test("every repository is read before judging, each with its own problems and the searches left", async () => {
  trackers.clear();
  const clusters = [
    withService(judgedCluster("lgfp0000000000000001"), "auth").cluster,
    withService(judgedCluster("lgfp0000000000000002"), "api").cluster,
    withService(judgedCluster("lgfp0000000000000003"), "web").cluster,
  ];
  const { routes } = RoutingConfigSchema.parse({ routes: [{ services: ["auth"], repo: "acme/auth" }, { services: ["web"], repo: "acme/web" }] });
  const calls: { repo: string | undefined; fps: string[]; searches: number }[] = [];
  const issue = (number: number): PublishedIssue => ({ tracker: "github", number, state: "open", stateReason: null, title: `#${number}`, labels: [] });
  const readings = await readRouted(clusters, { defaultTracker: tracker("acme/main"), openFor: tracker, routes, maxSearches: 5 }, (t, group, maxSearches) => {
    calls.push({ repo: t.repo, fps: group.map((c) => c.fingerprint), searches: maxSearches });
    if (t.repo === "acme/web") return Promise.reject(Object.assign(new Error("Bad Gateway"), { status: 502 }));
    const state = {
      // acme/main still has an issue for the auth problem, filed before the route existed: acme/auth's own speaks for it.
      issues: new Map(t.repo === "acme/auth" ? [["lgfp0000000000000001", issue(7)]] : [["lgfp0000000000000002", issue(3)], ["lgfp0000000000000001", issue(1)], ["lgfp00000000000000ff", issue(9)]]),
      gone: new Map<string, number>(),
    };
    return Promise.resolve({ state, matches: new Map(), listed: [], openIssues: new Map(), synced: [], searchesLeft: maxSearches - 2, listedUpTo: 0 });
  });
  assert.deepEqual(calls, [
    { repo: "acme/main", fps: ["lgfp0000000000000002"], searches: 5 },
    { repo: "acme/auth", fps: ["lgfp0000000000000001"], searches: 3 },
    { repo: "acme/web", fps: ["lgfp0000000000000003"], searches: 1 },
  ]);
  // The repository that could not be read is left unread, for the gardener to read again and defer.
  assert.equal(readings.get(tracker("acme/web"))?.reading, undefined);
  const state = mergedState(readings);
  assert.deepEqual([...state.issues].map(([fp, i]) => [fp.slice(-2), i.number]).sort(), [["01", 7], ["02", 3], ["ff", 9]]);
});

test("a refusal while reading a routed repository stops the run", async () => {
  trackers.clear();
  const clusters = [withService(judgedCluster("lgfp0000000000000001"), "auth").cluster];
  const { routes } = RoutingConfigSchema.parse({ routes: [{ services: ["auth"], repo: "acme/auth" }] });
  await assert.rejects(
    readRouted(clusters, { defaultTracker: tracker("acme/main"), openFor: tracker, routes, maxSearches: 5 }, (t) =>
      t.repo === "acme/auth" ? Promise.reject(Object.assign(new Error("Bad credentials"), { status: 401 })) : Promise.resolve({ state: { issues: new Map(), gone: new Map() }, matches: new Map(), listed: [], openIssues: new Map(), synced: [], searchesLeft: 5, listedUpTo: 0 }),
    ),
    /Bad credentials/,
  );
});

test("a repository none of the run's problems go to is gardened only when it has quiet issues to close", async () => {
  trackers.clear();
  const judged = [withService(judgedCluster("lgfp0000000000000001"), "auth")];
  const { routes } = RoutingConfigSchema.parse({ routes: [{ services: ["auth"], repo: "acme/auth" }] });
  const gardened = async (alsoGarden: readonly Tracker[]) => {
    const repos: (string | undefined)[] = [];
    await gardenRouted(judged, {
      defaultTracker: tracker("acme/main"),
      openFor: tracker,
      routes,
      maxNewIssues: 5,
      alsoGarden,
      garden: (t) => {
        repos.push(t.repo);
        return Promise.resolve({ tracker: "github", repo: t.repo, dryRun: false, actions: [], requests: {} });
      },
    });
    return repos;
  };
  assert.deepEqual(await gardened([]), ["acme/auth"]);
  assert.deepEqual(await gardened([tracker("acme/main")]), ["acme/main", "acme/auth"]);
});
