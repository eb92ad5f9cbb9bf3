// The GitHub Action's entry point run the way the runner runs it: inputs as INPUT_* variables, the
// job summary and step outputs as files, against the fake GitHub and the fake Cloud Logging.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { getBooleanInput, getInput, runArguments } from "../src/action/inputs.js";
import { formatOutputs } from "../src/action/workflow-files.js";
import { cloudRunEntry, startFakeCloudLogging, type FakeCloudLogging } from "./fakes/fake-cloud-logging.js";
import { FakeGitHub } from "./fakes/fake-github.js";
import { runActionStep, type StepResult } from "./action-step.js";
import { REPO_ROOT } from "./run-cli.js";

let github: FakeGitHub;
let logging: FakeCloudLogging;
const scratch = mkdtempSync(join(tmpdir(), "lg-action-"));

before(async () => {
  github = await FakeGitHub.start();
  const now = Date.now();
  const entries = Array.from({ length: 300 }, (_, i) =>
    cloudRunEntry({
      project: "proj-a",
      insertId: `a${i}`,
      severity: i % 3 === 0 ? "WARNING" : "ERROR",
      timestamp: new Date(now - (i + 1) * 5_000).toISOString(),
      message: i % 2 === 0 ? `Database connection to db-${i % 5} timed out after ${100 + i} ms` : `Payment provider answered 502 for order o${i}`,
    }),
  );
  logging = await startFakeCloudLogging({ entries });
  writeFileSync(join(scratch, "config.yaml"), "tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\n");
});
after(async () => {
  await github.close();
  await logging.close();
  rmSync(scratch, { recursive: true, force: true });
});

function runStep(name: string, inputs: Readonly<Record<string, string>>, extraEnv: Readonly<Record<string, string>> = {}): Promise<StepResult> {
  return runActionStep({
    scratch,
    name,
    inputs,
    env: { GITHUB_REPOSITORY: `${github.owner}/${github.repo}`, GITHUB_API_URL: github.baseUrl, CLOUD_LOGGING_API_URL: logging.url, ...extraEnv },
  });
}

const baseInputs = { projects: "proj-a", services: "api", window: "1h", "github-token": "test-token", config: join(scratch, "config.yaml") };

describe("the Action's entry point", () => {
  test("a dry run plans, writes the worklog as the job summary and the figures as outputs, and writes nothing to GitHub", async () => {
    const result = await runStep("dry", { ...baseInputs, "dry-run": "true" }, { CLOUD_LOGGING_ACCESS_TOKEN: "fake-token" });
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.equal(github.writeCount(), 0);
    assert.match(result.summary, /^# /m);
    assert.match(result.summary, /timed out after/);
    assert.equal(result.outputs.complete, "true");
    assert.equal(result.outputs.clusters, "2");
    assert.equal(result.outputs.created, "0");
    assert.equal(result.outputs.notifications, "[]");
    // Every output action.yml declares is one the step writes.
    const declared = parseYaml(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as { outputs: Record<string, unknown> };
    assert.deepEqual(Object.keys(declared.outputs).filter((name) => result.outputs[name] === undefined), []);
    assert.ok(result.outputs.worklog?.startsWith(join(scratch, "dry", "log-gardener")), result.outputs.worklog);
    // The token is masked for the runner and never printed otherwise.
    assert.match(result.stdout, /^::add-mask::test-token$/m);
    assert.equal(result.stdout.replace(/^::add-mask::.*$/m, "").includes("test-token"), false);
    assert.equal(result.stderr.includes("test-token"), false);
    // One read of the API, with the project and the window's service filter.
    const body = logging.requests.at(-1)?.body as { resourceNames: string[]; filter: string };
    assert.deepEqual(body.resourceNames, ["projects/proj-a"]);
    assert.match(body.filter, /resource\.labels\.service_name="api"/);
  });

  test("a real run with no state file files issues in the workflow's repository; the next run finds them by their markers", async () => {
    const first = await runStep("first", baseInputs, { CLOUD_LOGGING_ACCESS_TOKEN: "fake-token" });
    assert.equal(first.code, 0, first.stderr + first.stdout);
    assert.equal(first.outputs.created, "2");
    const issues = JSON.parse(first.outputs.issues ?? "[]") as { number: number; url: string | null; status: string }[];
    assert.equal(issues.length, 2);
    assert.ok(issues.every((i) => i.status === "done" && i.number > 0));
    assert.equal(github.issues.size, 2);
    const writes = github.writeCount();

    const second = await runStep("second", baseInputs, { CLOUD_LOGGING_ACCESS_TOKEN: "fake-token" });
    assert.equal(second.code, 0, second.stderr + second.stdout);
    assert.equal(second.outputs.created, "0");
    assert.equal(github.issues.size, 2);
    assert.ok(github.writeCount() >= writes);
    assert.deepEqual(github.violations, []);
    assert.deepEqual(github.malformedRequests, []);
  });

  test("no project anywhere is an error annotation and exit 2, before anything is read", async () => {
    const before = logging.requests.length;
    const result = await runStep("no-project", { ...baseInputs, projects: "" }, { CLOUD_LOGGING_ACCESS_TOKEN: "fake-token" });
    assert.equal(result.code, 2);
    assert.match(result.stdout, /^::error title=log-gardener::input projects is empty/m);
    assert.equal(logging.requests.length, before);
  });
});

describe("action inputs", () => {
  test("the runner's hyphenated names and the composite step's underscored ones both read", () => {
    assert.equal(getInput({ "INPUT_DRY-RUN": " true " }, "dry-run"), "true");
    assert.equal(getInput({ INPUT_DRY_RUN: "true" }, "dry-run"), "true");
    assert.equal(getBooleanInput({}, "dry-run", false), false);
    assert.throws(() => getBooleanInput({ INPUT_DRY_RUN: "yes" }, "dry-run", false), /true or false/);
  });

  test("projects default to the one google-github-actions/auth exported; state to none", () => {
    const args = runArguments({ GOOGLE_CLOUD_PROJECT: "from-auth", GITHUB_REPOSITORY: "o/r", RUNNER_TEMP: "/tmp/r", INPUT_SERVICES: "api\nauth" });
    assert.deepEqual(args, ["run", "--gcp-project", "from-auth", "--service", "api", "--service", "auth", "--since", "1h", "--repo", "o/r", "--no-state", "--out", "/tmp/r/log-gardener"]);
  });

  test("every input action.yml declares is one the entry point reads, and the composite step passes it", () => {
    const action = parseYaml(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown>; runs: { steps: { id?: string; env?: Record<string, string> }[] } };
    const step = action.runs.steps.find((s) => s.id === "run");
    const source = readFileSync(join(REPO_ROOT, "src/action/inputs.ts"), "utf8") + readFileSync(join(REPO_ROOT, "src/action/main.ts"), "utf8");
    for (const name of Object.keys(action.inputs)) {
      assert.equal(step?.env?.[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`], `\${{ inputs.${name} }}`, name);
      assert.ok(source.includes(`"${name}"`), `${name} is not read`);
    }

  });

  test("outputs are written in the runner's delimiter form, so values may span lines", () => {
    assert.equal(formatOutputs({ a: "1", b: "x\ny" }, "EOF1"), "a<<EOF1\n1\nEOF1\nb<<EOF1\nx\ny\nEOF1\n");
  });
});
