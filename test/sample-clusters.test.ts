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

async function runWindow(window: 1 | 2, miner: TemplateMiner = createMiner(config.miner)): Promise<WindowRun> {
  const labels = readLabels(`labels-${window}.ndjson`);
  const normalise = createNormaliser({ redactor: createRedactor(config.redaction) });
  const accumulator = createClusterAccumulator(config.cluster);
  const labelOfTemplate: [string, string][] = [];
  for await (const item of openInput(sampleFile(`window-${window}.json`), { stdin: process.stdin, options: config.input })) {
    if (item.kind !== "entry") continue;
    const result = normalise(item.entry);
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
    const carried = await runWindow(2, createMiner(config.miner, run("w1").miner.toSnapshot()));
    const first = fingerprintByLabel(run("w1"));
    const second = fingerprintByLabel(carried);
    const shared = [...first.keys()].filter((label) => second.has(label));
    assert.deepEqual(
      shared.map((label) => [label, second.get(label)]),
      shared.map((label) => [label, first.get(label)]),
    );
  });
});
