import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { UsageError } from "../model/errors.js";
import { loadConfig } from "./load.js";

const dir = mkdtempSync(join(tmpdir(), "lg-config-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function usageMessage(configPath: string): Promise<string> {
  try {
    await loadConfig({ configPath, cwd: dir, env: {}, flags: {} });
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail("expected a UsageError");
}

test("a file sets a section, the environment overrides it, flags override both", async () => {
  const path = write("a.yaml", "tracker:\n  label: from-file\n  maxNewIssues: 3\nstate:\n  path: file.db\n");
  const { config } = await loadConfig({ configPath: path, cwd: dir, env: { LOG_GARDENER_STATE: "env.db" }, flags: { tracker: { maxNewIssues: 9 } } });
  assert.equal(config.tracker.label, "from-file");
  assert.equal(config.tracker.maxNewIssues, 9);
  assert.equal(config.state.path, "env.db");
  assert.equal(config.judge.escalationFactor, 2, "untouched sections keep their defaults");
});

test("a missing file is named in words, not by errno", async () => {
  assert.equal(await usageMessage(join(dir, "nope.yaml")), `cannot read config file ${join(dir, "nope.yaml")}: no such file`);
});

test("a YAML syntax error is one line that says where, without a dangling colon", async () => {
  const message = await usageMessage(write("bad.yaml", "tracker:\n  label: [unclosed\n"));
  assert.match(message, /^cannot parse config file .*bad\.yaml: .* at line \d+, column \d+$/);
});

test("an unknown key or a wrong type names the field", async () => {
  assert.match(await usageMessage(write("typo.yaml", "tracker:\n  maxNewIsues: 3\n")), /invalid configuration .*typo\.yaml.*tracker/);
  assert.match(await usageMessage(write("type.json", '{"judge": {"escalationFactor": "two"}}')), /judge\.escalationFactor/);
});
