// The Dockerfile's steps are the documented install, and the README has a section per way to run
// log-gardener that names what it needs. Read as text: no container engine is needed to check it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "./run-cli.js";

const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");
const pkg = JSON.parse(read("package.json")) as { name: string; version: string; bin: Record<string, string> };

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly from: string;
  readonly instructions: readonly Instruction[];
}

/** Dockerfile instructions by stage: comments dropped, `\` continuations joined. */
function stages(text: string): Stage[] {
  const logical = text.replace(/\\\r?\n/g, " ").split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith("#"));
  const out: { from: string; instructions: Instruction[] }[] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " ") };
    if (instruction.keyword === "FROM") out.push({ from: instruction.args, instructions: [] });
    else out.at(-1)?.instructions.push(instruction);
  }
  return out;
}

/** npm flags that take the next word as their value. */
const VALUE_FLAGS = new Set(["--pack-destination", "--prefix", "--cache"]);

/** `npm <command> …` invocations in shell text, each as its command, flags (`--flag=value` for valued ones) and operands. */
function npmCommands(shell: string): { command: string; flags: string[]; operands: string[] }[] {
  return shell
    .split(/&&|;|\n/)
    .map((part) => part.replace(/#.*$/, "").trim().split(/\s+/))
    .filter((words) => words[0] === "npm")
    .map(([, command = "", ...rest]) => {
      const flags: string[] = [];
      const operands: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const word = rest[i] ?? "";
        if (VALUE_FLAGS.has(word)) flags.push(`${word}=${rest[++i] ?? ""}`);
        else (word.startsWith("-") ? flags : operands).push(word);
      }
      return { command, flags, operands };
    });
}

/** The README's `### title` section, up to the next heading of any level. */
function readmeSection(title: string): string {
  const readme = read("README.md");
  const start = readme.indexOf(`\n### ${title}\n`);
  assert.ok(start >= 0, `README has a "### ${title}" section`);
  const rest = readme.slice(start + title.length + 6);
  const end = rest.search(/\n#{2,3} /);
  return end === -1 ? rest : rest.slice(0, end);
}

const codeBlocks = (markdown: string) => [...markdown.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
const TARBALL = new RegExp(`^(\\./|/tmp/)?${pkg.name}-(${pkg.version.replace(/\./g, "\\.")}|\\*)\\.tgz$`);

describe("the Dockerfile", () => {
  const dockerfile = stages(read("Dockerfile"));
  const final = dockerfile.at(-1);
  const runs = (stage: Stage | undefined) => (stage?.instructions ?? []).filter((i) => i.keyword === "RUN").map((i) => i.args).join("\n");

  test("every stage is Node 20 slim, as engines and the Action's Node are", () => {
    assert.ok(dockerfile.length >= 1);
    for (const stage of dockerfile) assert.match(stage.from, /^node:20(\.\d+)*-slim(@sha256:[0-9a-f]{64})?( AS \w+)?$/i);
  });

  test("the image runs as a non-root user, set after the last step that needs root", () => {
    const keywords = final?.instructions.map((i) => i.keyword) ?? [];
    const user = final?.instructions.filter((i) => i.keyword === "USER").at(-1)?.args;
    assert.ok(user !== undefined && !/^(root|0)(:|$)/.test(user), `USER ${user}`);
    assert.ok(keywords.lastIndexOf("USER") > keywords.lastIndexOf("RUN"), "USER comes after the last RUN");
  });

  test("the final image installs the packed tarball with production dependencies only", () => {
    const installs = npmCommands(runs(final)).filter((c) => c.command === "install" || c.command === "i" || c.command === "ci");
    assert.equal(installs.length, 1, runs(final));
    const [install] = installs;
    assert.ok(install?.flags.includes("--omit=dev"), install?.flags.join(" "));
    assert.ok(install?.flags.includes("--global"));
    assert.ok(install?.operands.every((o) => TARBALL.test(o)) && install.operands.length === 1, install?.operands.join(" "));
    // Nothing built with dev dependencies is copied across but the tarball.
    const copies = final?.instructions.filter((i) => i.keyword === "COPY") ?? [];
    for (const copy of copies) assert.match(copy.args, new RegExp(`${pkg.name}-\\*\\.tgz`), copy.args);
    assert.ok(final?.instructions.some((i) => i.keyword === "ENV" && /NODE_ENV=production/.test(i.args)));
    // The tarball is what `npm pack` made in the build stage.
    assert.ok(npmCommands(runs(dockerfile[0])).some((c) => c.command === "pack"));
  });

  test("the entry point is the installed log-gardener command, in exec form", () => {
    const entrypoint = final?.instructions.filter((i) => i.keyword === "ENTRYPOINT").at(-1)?.args;
    assert.deepEqual(JSON.parse(entrypoint ?? "null"), Object.keys(pkg.bin));
    assert.deepEqual(Object.keys(pkg.bin), ["log-gardener"]);
  });

  test("its npm steps are the README's package install, and the README's Docker section names them", () => {
    const documented = codeBlocks(readmeSection("As a package")).flatMap(npmCommands);
    const docker = codeBlocks(readmeSection("As a Cloud Run Job")).flatMap(npmCommands);
    // `npm cache clean` only keeps the image small: not an install step.
    const image = dockerfile.flatMap((stage) => npmCommands(runs(stage))).filter((c) => c.command !== "cache");
    // Every install step of the package section is in the image, with its flags (the image may add quiet ones).
    for (const step of documented) {
      const inImage = image.find((c) => c.command === step.command);
      assert.ok(inImage, `npm ${step.command} is in the Dockerfile`);
      for (const flag of step.flags) assert.ok(inImage.flags.includes(flag), `npm ${step.command} ${flag}`);
      if (step.command === "install") assert.ok([...step.operands, ...inImage.operands].every((o) => TARBALL.test(o)), "both install the packed tarball");
    }
    // The Docker section lists the image's npm steps, each with the image's meaningful flags.
    const quiet = new Set(["--no-audit", "--no-fund"]);
    assert.deepEqual(docker.map((c) => c.command), image.map((c) => c.command));
    for (const [i, step] of image.entries()) assert.deepEqual(docker[i]?.flags, step.flags.filter((f) => !quiet.has(f)), `npm ${step.command}`);
    const section = readmeSection("As a Cloud Run Job");
    for (const fact of ["node:20-slim", "non-root", 'ENTRYPOINT ["log-gardener"]']) assert.ok(section.includes(fact), fact);
  });
});

describe("the README has a section per way to run it", () => {
  test("as a package: pack, install with production dependencies, run", () => {
    const section = readmeSection("As a package");
    assert.match(section, new RegExp(`npm install --global --omit=dev \\./${pkg.name}-${pkg.version.replace(/\./g, "\\.")}\\.tgz`));
    assert.match(section, /npx log-gardener run/);
  });

  test("in GitHub Actions: Workload Identity Federation and the minimal permissions, as the example workflow has them", () => {
    const section = readmeSection("In GitHub Actions");
    for (const fact of ["google-github-actions/auth", "GOOGLE_APPLICATION_CREDENTIALS", "roles/logging.viewer", "roles/iam.workloadIdentityUser", "$GITHUB_STEP_SUMMARY", "docs/examples/log-gardener.yml"]) {
      assert.ok(section.includes(fact.replace("$GITHUB_STEP_SUMMARY", "job summary")), fact);
    }
    const workflow = parseYaml(read("docs/examples/log-gardener.yml")) as { on: { schedule: { cron: string }[] }; permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string }[] }> };
    assert.deepEqual(workflow.permissions, { contents: "read", issues: "write", "id-token": "write" });
    assert.match(workflow.on.schedule[0]?.cron ?? "", /^\d+ \* \* \* \*$/, "hourly");
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.uses ?? ""));
    assert.ok(steps.findIndex((u) => u.startsWith("google-github-actions/auth@")) < steps.findIndex((u) => /log-gardener@/.test(u)), "auth before the gardener");
    assert.match(section, /permissions: \{ contents: read, issues: write, id-token: write \}/);
  });

  test("as a Cloud Run Job: the job, Cloud Scheduler, the logging.viewer role and the token from Secret Manager", () => {
    const section = readmeSection("As a Cloud Run Job");
    const guide = read("docs/cloud-run-job.md");
    for (const text of [section, guide]) {
      for (const fact of ["gcloud run jobs create", "gcloud scheduler jobs create http", "roles/logging.viewer", "gcloud secrets create", "--set-secrets GITHUB_TOKEN="]) assert.ok(text.includes(fact), fact);
    }
    assert.match(guide, /roles\/secretmanager\.secretAccessor/);
    assert.match(guide, /roles\/run\.invoker/);
  });

  test("routing by CODEOWNERS is described, with what cannot be assigned", () => {
    const readme = read("README.md");
    assert.match(readme, /CODEOWNERS/);
    assert.match(readme, /Teams \(`@org\/team`\) and emails cannot be assigned/);
  });
});
