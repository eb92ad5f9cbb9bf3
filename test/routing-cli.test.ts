// Routing end to end through the CLI, against one fake GitHub hosting three repositories: each
// service's problems land in its repository with the route's labels and assignees plus the users
// that repository's CODEOWNERS names for the problem's source file; every repository is read
// before judging, so a rerun (with state, or with none) writes nothing.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createGitHubTracker } from "../src/tracker/index.js";
import { FakeGitHub, type FakeRepository } from "./fakes/fake-github.js";
import { REPO_ROOT, runCli } from "./run-cli.js";

let github: FakeGitHub;
let payments: FakeRepository;
let web: FakeRepository;
const scratch = mkdtempSync(join(tmpdir(), "lg-routing-cli-"));
const input = join(scratch, "entries.ndjson");
const config = join(scratch, "routing.yaml");

/** The parts of the JSON report (docs/report-json.md) these tests read. */
interface JsonReport {
  readonly clusters: readonly { readonly service: string | null; readonly reasons: readonly string[] }[];
  readonly tracker: { readonly actions: readonly { readonly kind: string; readonly issueUrl: string | null }[] } | null;
}

/** Three services, each with its own problem; two log where in their code it is raised. */
function entries(): string {
  const base = Date.parse("2026-11-20T10:00:00Z");
  const lines: string[] = [];
  const entry = (i: number, service: string, message: string, sourceLocation?: Record<string, string>) =>
    JSON.stringify({
      insertId: `${service}-${i}`,
      timestamp: new Date(base + i * 7_000).toISOString(),
      severity: "ERROR",
      resource: { type: "cloud_run_revision", labels: { project_id: "proj", service_name: service, revision_name: `${service}-00001-abc`, location: "europe-west1" } },
      logName: "projects/proj/logs/run.googleapis.com%2Fstderr",
      textPayload: message,
      ...(sourceLocation ? { sourceLocation } : {}),
    });
  for (let i = 0; i < 40; i++) {
    lines.push(entry(i, "payments-api", `Charge declined for order o-${1000 + i}: card processor timed out after ${200 + i} ms`, { file: "/app/payments/charge.py", line: "42", function: "charge" }));
    lines.push(entry(i, "web", `Render failed for page /shop/${i}: template cart.html missing`, { file: "/app/src/render.ts", line: "17", function: "render" }));
    lines.push(entry(i, "api", `Upstream inventory answered 503 for sku ${5000 + i}`));
  }
  return `${lines.join("\n")}\n`;
}

before(async () => {
  github = await FakeGitHub.start({ owner: "acme", repo: "backend" });
  payments = github.repository("acme/payments");
  web = github.repository("acme/web");
  // The last matching rule wins: /payments/ over *, and its team and email are not assignable.
  payments.files.set(".github/CODEOWNERS", "# payments\n*                @payments-lead\n/payments/       @carol @acme/payments ops@acme.test\n/payments/refunds/ @rita\n");
  // GitHub reads the first of .github/, the root and docs/: the root's here, docs/ is ignored.
  web.files.set("CODEOWNERS", "*.ts @frontend-dev # TypeScript\n");
  web.files.set("docs/CODEOWNERS", "* @nobody\n");
  writeFileSync(input, entries());
  writeFileSync(
    config,
    [
      "tracker:",
      "  writeSpacingMs: 0",
      "  searchSpacingMs: 0",
      "routing:",
      "  routes:",
      "    - { services: [\"payments-*\"], repo: acme/payments, labels: [team-payments], assignees: [alice] }",
      "    - { services: [web], repo: acme/web, labels: [team-web] }",
      "",
    ].join("\n"),
  );
});
after(async () => {
  await github.close();
  rmSync(scratch, { recursive: true, force: true });
});

function run(name: string, extra: readonly string[] = []) {
  const out = join(scratch, name);
  return runCli(
    ["run", "-i", input, "--repo", "acme/backend", "--state", join(scratch, "state.db"), "--out", out, "--json", join(out, "report.json"), "--max-new-issues", "20", "--config", config, ...(extra.includes("--dry-run") ? [] : ["-q"]), ...extra],
    { env: { GITHUB_TOKEN: "test-token", GITHUB_API_URL: github.baseUrl } },
  ).then((result) => ({ ...result, report: () => JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as JsonReport }));
}

const contentReads = () => github.requests.filter((r) => r.operationId === "repos/get-content").length;
const byService = (repository: FakeRepository, service: string) => [...repository.issues.values()].filter((i) => (i.body ?? "").includes(service));

test("the tracker reads a file through the contents API, and a repository without it answers none", async () => {
  const tracker = createGitHubTracker({ repo: "acme/payments", token: "test-token", baseUrl: github.baseUrl, label: "log-gardener", writeSpacingMs: 0, searchSpacingMs: 0 });
  assert.match((await tracker.readFile?.(".github/CODEOWNERS")) ?? "", /^# payments\n\* {16}@payments-lead\n/);
  assert.equal(await tracker.readFile?.("CODEOWNERS"), undefined);
  assert.deepEqual(github.violations, []);
});

test("a dry run plans each service's issue in its repository with its assignees, and writes nothing", async () => {
  const dry = await run("dry", ["--dry-run"]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(github.writeCount(), 0);
  assert.match(dry.stdout, /Tracker plan for GitHub acme\/backend, acme\/payments, acme\/web/);
  assert.match(dry.stdout, /Assigned to carol \(\.github\/CODEOWNERS: \/payments\/ owns payments\/charge\.py\)/);
  assert.match(dry.stdout, /\.github\/CODEOWNERS also names @acme\/payments, ops@acme\.test for payments\/charge\.py: teams and emails cannot be assigned/);
  assert.match(dry.stdout, /Assigned to frontend-dev \(CODEOWNERS: \*\.ts owns src\/render\.ts\)/);
});

test("a CODEOWNERS the token may not read leaves the issue unassigned by it, says why, and the run goes on", async () => {
  payments.forbidsContents = true;
  try {
    const dry = await run("forbidden", ["--dry-run"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /CODEOWNERS could not be read \(HTTP 403: Resource not accessible by integration[^;]*; the token needs contents: read\): filed without its assignees/);
    assert.match(dry.stdout, /Assigned to alice \(routing\)/);
    assert.equal(github.writeCount(), 0);
  } finally {
    payments.forbidsContents = false;
  }
});

test("issues land in their service's repository with the route's labels, the route's and CODEOWNERS' assignees; a rerun writes nothing", async () => {
  const first = await run("first");
  assert.equal(first.code, 0, first.stderr);

  const [charge, ...moreCharges] = byService(payments, "payments-api");
  assert.ok(charge && moreCharges.length === 0, "one issue for the payments problem, in acme/payments");
  assert.ok(charge.labels.includes("team-payments") && charge.labels.includes("log-gardener"), charge.labels.join());
  assert.deepEqual(charge.assignees, ["alice", "carol"]);

  const [render, ...moreRenders] = byService(web, "Render failed");
  assert.ok(render && moreRenders.length === 0, "one issue for the web problem, in acme/web");
  assert.ok(render.labels.includes("team-web") && !render.labels.includes("team-payments"), render.labels.join());
  assert.deepEqual(render.assignees, ["frontend-dev"]);

  // The unrouted service goes to --repo, with neither route's labels, and nobody assigned (no source file).
  const backend = [...github.issues.values()];
  assert.equal(backend.length, 1);
  assert.match(backend[0]?.body ?? "", /Upstream inventory answered 503/);
  assert.ok(!backend[0]?.labels.some((l) => l.startsWith("team-")));
  assert.deepEqual(backend[0]?.assignees, []);
  assert.equal(byService(payments, "inventory").length + byService(web, "inventory").length, 0);

  const urls = first.report().tracker?.actions.map((a) => a.issueUrl) ?? [];
  assert.deepEqual(urls.map((u) => /github\.test\/acme\/(\w+)\/issues/.exec(u ?? "")?.[1]).sort(), ["backend", "payments", "web"]);
  const writes = github.writeCount();
  const readsBefore = contentReads();

  // With state, and again with none (as the Action runs): every routed repository is read before
  // judging, so the judge knows each problem's issue and nothing is filed, edited or commented twice.
  for (const [name, extra] of [["again", []], ["stateless", ["--no-state"]]] as const) {
    const rerun = await run(name, extra);
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal(github.writeCount(), writes, `${name}: no writes`);
    // The judge's reason for each problem's issue names the issue it found, never "no issue tracks it yet".
    for (const cluster of rerun.report().clusters) assert.ok(!cluster.reasons.some((r) => /no issue tracks it/.test(r)), `${name}: ${cluster.service}: ${cluster.reasons.join("; ")}`);
    assert.deepEqual(rerun.report().tracker?.actions.map((a) => a.kind), ["none", "none", "none"], name);
  }
  assert.equal(payments.issues.size + web.issues.size + github.issues.size, 3);
  // CODEOWNERS is read only for issues about to be created: the reruns did not read it again.
  assert.equal(contentReads(), readsBefore);
  assert.deepEqual(github.violations, []);
  assert.deepEqual(github.malformedRequests, []);
  assert.deepEqual(github.crashes, []);
});
