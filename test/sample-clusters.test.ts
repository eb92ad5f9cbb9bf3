/**
 * The built-in sample through the real stages (source → normaliser → miner → cluster accumulator):
 * the grouping must equal the generator's labels exactly, and fingerprints must not depend on the run.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createClusterAccumulator, miningInput } from "../src/cluster/cluster.js";
import { defaultConfig } from "../src/config/schema.js";
import { createMiner, type TemplateMiner } from "../src/mine/miner.js";
import type { IssueCluster } from "../src/model/cluster.js";
import { severityRank } from "../src/model/severity.js";
import { createNormaliser } from "../src/normalise/normalise.js";
import { createRedactor } from "../src/normalise/redact.js";
import { openInput } from "../src/sources/registry.js";
import type { RawEntry } from "../src/model/entry.js";
import { createRandom } from "../samples/generator/random.js";

const config = defaultConfig();
const sampleFile = (name: string): string => fileURLToPath(new URL(`../samples/cloud-run/${name}`, import.meta.url));

interface WindowRun {
  readonly clusters: readonly IssueCluster[];
  /** label → fingerprints of the clusters its kept entries went to */
  readonly clustersByLabel: ReadonlyMap<string, ReadonlySet<string>>;
  /** fingerprint → labels of the entries in it */
  readonly labelsByCluster: ReadonlyMap<string, ReadonlySet<string>>;
  readonly miner: TemplateMiner;
}

function readLabels(name: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const line of readFileSync(sampleFile(name), "utf8").split("\n")) {
    if (line === "") continue;
    const { insertId, problem } = JSON.parse(line) as { insertId: string; problem: string };
    labels.set(insertId, problem);
  }
  return labels;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([value]));
  else set.add(value);
}

interface RunOptions {
  readonly miner?: TemplateMiner;
  /** The installation's redaction key (each fresh install draws its own). */
  readonly hashKey?: string;
  /** Feed the entries in an order shuffled with this seed instead of file order. */
  readonly shuffleSeed?: string;
}

async function readRaw(window: 1 | 2): Promise<RawEntry[]> {
  const out: RawEntry[] = [];
  for await (const item of openInput(sampleFile(`window-${window}.json`), { stdin: process.stdin, options: config.input })) if (item.kind === "entry") out.push(item.entry);
  return out;
}

/** Fisher–Yates with the generator's seeded random numbers. */
function shuffled<T>(items: readonly T[], seed: string): T[] {
  const rng = createRandom(seed);
  const out = [...items];
  for (let index = out.length - 1; index > 0; index -= 1) {
    const other = rng.int(0, index);
    [out[index], out[other]] = [out[other] as T, out[index] as T];
  }
  return out;
}

async function runWindow(window: 1 | 2, options: RunOptions = {}): Promise<WindowRun> {
  const miner = options.miner ?? createMiner(config.miner);
  const labels = readLabels(`labels-${window}.ndjson`);
  const normalise = createNormaliser({ redactor: createRedactor({ ...config.redaction, ...(options.hashKey === undefined ? {} : { hashKey: options.hashKey }) }) });
  const accumulator = createClusterAccumulator(config.cluster);
  const labelOfTemplate: [string, string][] = [];
  const raw = await readRaw(window);
  for (const rawEntry of options.shuffleSeed === undefined ? raw : shuffled(raw, options.shuffleSeed)) {
    const result = normalise(rawEntry);
    assert.equal(result.kind, "entry", "every sample entry normalises");
    if (result.kind !== "entry") continue;
    const { entry } = result;
    if (severityRank(entry.severity) < severityRank("WARNING")) continue;
    const { scope, text } = miningInput(entry);
    const { templateId } = miner.add(text, scope);
    accumulator.add({ entry, templateId, scope });
    const label = labels.get(entry.insertId ?? "");
    assert.ok(label !== undefined, `entry ${entry.insertId} has a label`);
    labelOfTemplate.push([label, templateId]);
  }
  const clusters = accumulator.finish((id) => miner.template(id));
  const clusterOfTemplate = new Map<string, string>();
  for (const cluster of clusters) for (const template of cluster.templates) clusterOfTemplate.set(template.templateId, cluster.fingerprint);
  const clustersByLabel = new Map<string, Set<string>>();
  const labelsByCluster = new Map<string, Set<string>>();
  for (const [label, templateId] of labelOfTemplate) {
    // a line's id is its shape's; the miner says which template that is now
    const fingerprint = clusterOfTemplate.get(miner.template(templateId)?.templateId ?? templateId);
    assert.ok(fingerprint !== undefined, `template ${templateId} is in a cluster`);
    addTo(clustersByLabel, label, fingerprint);
    addTo(labelsByCluster, fingerprint, label);
  }
  return { clusters, clustersByLabel, labelsByCluster, miner };
}

function fingerprintByLabel(run: WindowRun): Map<string, string> {
  return new Map([...run.clustersByLabel].map(([label, fingerprints]) => [label, [...fingerprints].join(",")]));
}

const runs = new Map<string, WindowRun>();
before(async () => {
  runs.set("w1", await runWindow(1));
  runs.set("w1-again", await runWindow(1));
  runs.set("w2", await runWindow(2));
});

const SHUFFLE_SEEDS = ["order-1", "order-2", "order-3"];

describe("built-in sample: grouping does not depend on input order", () => {
  for (const window of [1, 2] as const) {
    for (const seed of SHUFFLE_SEEDS) {
      test(`window ${window}, entries shuffled (${seed}): every problem is exactly one cluster and no cluster mixes two`, async () => {
        const shuffledRun = await runWindow(window, { shuffleSeed: seed });
        const split = [...shuffledRun.clustersByLabel].filter(([, fingerprints]) => fingerprints.size !== 1).map(([label]) => label);
        const mixed = [...shuffledRun.labelsByCluster].filter(([, labels]) => labels.size !== 1).map(([, labels]) => [...labels].join(" + "));
        assert.deepEqual({ split, mixed }, { split: [], mixed: [] });
        assert.deepEqual(fingerprintByLabel(shuffledRun), fingerprintByLabel(run(window === 1 ? "w1" : "w2")));
      });
    }
  }
});

describe("built-in sample: identity from content alone", () => {
  test("two fresh installs (different redaction keys) give byte-identical clusters and fingerprints", async () => {
    const a = await runWindow(2, { hashKey: "install-a-3fa9c1" });
    const b = await runWindow(2, { hashKey: "install-b-07b2" });
    const summary = (r: WindowRun) => r.clusters.map((c) => [c.fingerprint, c.name, c.stats.count, c.aliases.join(","), c.templates.map((t) => t.template).join("\n")]);
    assert.deepEqual(summary(a), summary(b));
    assert.deepEqual(fingerprintByLabel(a), fingerprintByLabel(b));
  });
});
const run = (name: string): WindowRun => runs.get(name) as WindowRun;

describe("built-in sample: clusters equal the generator's truth", () => {
  for (const [window, name] of [[1, "w1"], [2, "w2"]] as const) {
    test(`window ${window}: every problem is exactly one cluster`, () => {
      const split = [...run(name).clustersByLabel].filter(([, fingerprints]) => fingerprints.size !== 1).map(([label]) => label);
      assert.deepEqual(split, []);
    });
    test(`window ${window}: no cluster mixes two problems`, () => {
      const mixed = [...run(name).labelsByCluster].filter(([, labels]) => labels.size !== 1).map(([fingerprint, labels]) => `${fingerprint}: ${[...labels].join(" + ")}`);
      assert.deepEqual(mixed, []);
    });
    test(`window ${window}: every cluster holds kept entries of one problem, and there are at least 14`, () => {
      assert.equal(run(name).clusters.length, run(name).clustersByLabel.size);
      assert.ok(run(name).clusters.length >= 14, `${run(name).clusters.length} clusters`);
    });
  }

  test("the hard cases are there: multi-line problems merged, one-word differences apart, INFO filtered", () => {
    const templatesOf = (label: string): number => {
      const fingerprint = [...(run("w1").clustersByLabel.get(label) ?? [])][0];
      return run("w1").clusters.find((cluster) => cluster.fingerprint === fingerprint)?.templates.length ?? 0;
    };
    assert.ok(templatesOf("ssot-manager-duplication") >= 2, "lines 118 and 137 are one problem");
    assert.ok(templatesOf("ws-main-loop-not-connected") >= 2, "lines 1488 and 1489 are one problem");
    for (const pair of [["auth-token-cache-refresh", "auth-session-cache-refresh"], ["ws-routing-failure-disconnect", "ws-routing-failure-start-agent"]]) {
      for (const label of pair) assert.ok(run("w1").clustersByLabel.has(label), label);
    }
    assert.equal(run("w1").clustersByLabel.has("info-health-check"), false);
  });

  const clusterOf = (name: string, label: string): IssueCluster => {
    const fingerprint = [...(run(name).clustersByLabel.get(label) ?? [])][0];
    const cluster = run(name).clusters.find((c) => c.fingerprint === fingerprint);
    assert.ok(cluster, label);
    return cluster;
  };

  test("a crash loop is one problem named after its import error, its exits and 503s listed as symptoms", () => {
    const crash = clusterOf("w1", "crash-loop-missing-module");
    assert.match(crash.name, /ModuleNotFoundError/);
    assert.equal(crash.problem?.causeStated, true);
    assert.match(crash.problem?.cause.template ?? "", /^ModuleNotFoundError/);
    const symptoms = crash.problem?.symptoms.map((s) => s.template).join("\n") ?? "";
    for (const part of ["Failed to setup middleware", "exited with code", "Container called exit", " 503"]) assert.ok(symptoms.includes(part), part);
    assert.ok((crash.problem?.routes.length ?? 0) >= 5, "the 503s' routes are listed");
    assert.equal(crash.problem?.symptoms.reduce((sum, s) => sum + s.count, 0), crash.stats.count);
    assert.ok(crash.mergeReasons.some((reason) => reason.includes("symptom of")));
    // the startup warning is logged on every restart of the loop, and outside it: not absorbed
    assert.notEqual(clusterOf("w1", "startup-sentry-unavailable").fingerprint, crash.fingerprint);
  });

  test("a 429 storm across 20+ routes and a scanner's sweep are one problem each; a steady 404 stays its own", () => {
    const storm = clusterOf("w2", "http-429-storm");
    assert.ok((storm.problem?.routes.length ?? 0) >= 20, `${storm.problem?.routes.length} routes`);
    assert.deepEqual(storm.problem?.statuses.map((s) => s.name), ["429"]);
    const sweep = clusterOf("w2", "http-scanner-sweep");
    assert.ok(sweep.templates.length >= 15);
    assert.notEqual(clusterOf("w2", "http-security-txt-404").fingerprint, sweep.fingerprint);
  });

  test("the platform's malformed-response line is one problem with and without an httpRequest, with its routes", () => {
    const malformed = clusterOf("w1", "platform-malformed-response");
    assert.equal(malformed.templates.length, 2);
    assert.ok((malformed.problem?.routes.length ?? 0) >= 3);
  });

  test("timeout and retry, retries and give-up: one problem each although their counts differ", () => {
    for (const label of ["db-query-timeout-retry", "usage-sync-give-up"]) {
      const cluster = clusterOf("w1", label);
      assert.equal(cluster.templates.length, 2, label);
      const [a, b] = cluster.templates;
      assert.notEqual(a?.count, b?.count, label);
    }
  });

  test("a method word and a payload are variables; framework frames are not locations; one function's two time series stay apart", () => {
    assert.equal(clusterOf("w1", "bearer-auth-fallback").templates.length, 1);
    assert.equal(clusterOf("w1", "invalid-client-json").templates.length, 1);
    for (const label of ["startup-sentry-unavailable", "enhanced-middleware-setup-failed", "session-middleware-missing"]) {
      const cluster = clusterOf("w1", label);
      assert.equal(cluster.source, undefined, label);
      assert.doesNotMatch(cluster.name, /callHandlers/, label);
    }
    assert.notEqual(clusterOf("w1", "billing-invoice-mismatch").fingerprint, clusterOf("w1", "billing-webhook-signature").fingerprint);
  });
});

describe("built-in sample: fingerprints are stable", () => {
  test("two runs over the same input give the same clusters and fingerprints", () => {
    const summary = (r: WindowRun) => r.clusters.map((c) => [c.fingerprint, c.stats.count, c.aliases.join(",")]);
    assert.deepEqual(summary(run("w1-again")), summary(run("w1")));
  });

  test("a problem in both windows has the same fingerprint in each, with no state between them", () => {
    const first = fingerprintByLabel(run("w1"));
    const second = fingerprintByLabel(run("w2"));
    const shared = [...first.keys()].filter((label) => second.has(label));
    assert.ok(shared.length >= 14, `${shared.length} problems in both windows`);
    assert.deepEqual(
      shared.map((label) => [label, second.get(label)]),
      shared.map((label) => [label, first.get(label)]),
    );
  });

  test("with the miner restored from the first window's snapshot, fingerprints carry over too", async () => {
    const carried = await runWindow(2, { miner: createMiner(config.miner, run("w1").miner.toSnapshot()) });
    const first = fingerprintByLabel(run("w1"));
    const second = fingerprintByLabel(carried);
    const shared = [...first.keys()].filter((label) => second.has(label));
    assert.deepEqual(
      shared.map((label) => [label, second.get(label)]),
      shared.map((label) => [label, first.get(label)]),
    );
  });
});
