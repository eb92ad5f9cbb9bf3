import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "lg-miner-bounds-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("shapes the cluster bound evicts are counted in the JSON report and the worklog's miner-bounds row", async () => {
  const words = ["amber", "basil", "cedar", "delta", "ember", "fjord", "grove", "heron", "iris", "juniper"];
  // ten letter-only messages that are ten templates, under a bound of four held shapes
  const entries = words.map((word, index) =>
    JSON.stringify({ severity: "ERROR", timestamp: `2025-09-14T18:0${index}:00Z`, textPayload: `${word} pipeline stalled on ${word} queue` }),
  );
  const input = join(dir, "distinct.ndjson");
  writeFileSync(input, entries.join("\n"));
  const config = join(dir, "config.json");
  writeFileSync(config, JSON.stringify({ miner: { maxClusters: 4 } }));
  const out = join(dir, "out");
  const result = await runCli(["run", "-i", input, "--config", config, "--out", out, "--json", join(out, "r.json"), "--no-state", "-q"]);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(readFileSync(join(out, "r.json"), "utf8")) as { miner?: { shapes: number; evictions: number } };
  assert.deepEqual({ shapes: report.miner?.shapes, evictions: report.miner?.evictions }, { shapes: 4, evictions: 6 });
  const worklog = readdirSync(out).find((name) => name.endsWith(".md")) ?? "";
  assert.match(readFileSync(join(out, worklog), "utf8"), /Miner bounds.*from 4 shapes held · 6 shapes evicted \(miner\.maxClusters\)/);
});
