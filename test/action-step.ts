// Runs the Action's entry point as the runner runs a step: inputs as INPUT_* variables, the job
// summary and step outputs as files, in a child process with only the runner's environment.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { childResult, CLI_TIMEOUT_MS, REPO_ROOT, TSX } from "./run-cli.js";

export interface StepResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks as the runner does. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const head = /^([\w-]+)<<(.+)$/.exec(lines[i] ?? "");
    if (!head) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== head[2]; i++) value.push(lines[i] ?? "");
    outputs[head[1] ?? ""] = value.join("\n");
  }
  return outputs;
}

/** One step named `name`, its files under `scratch`; `env` is what the workflow and earlier steps exported. */
export async function runActionStep(opts: { readonly scratch: string; readonly name: string; readonly inputs: Readonly<Record<string, string>>; readonly env: Readonly<Record<string, string>> }): Promise<StepResult> {
  const { scratch, name } = opts;
  const summaryPath = join(scratch, `${name}-summary.md`);
  const outputPath = join(scratch, `${name}-output.txt`);
  writeFileSync(summaryPath, "");
  writeFileSync(outputPath, "");
  // The runner's own variables, then INPUT_<NAME> with hyphens kept, as it sets them for a JavaScript action.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: scratch,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    RUNNER_TEMP: join(scratch, name),
    GITHUB_WORKSPACE: scratch,
    ...opts.env,
  };
  for (const [input, value] of Object.entries(opts.inputs)) env[`INPUT_${input.toUpperCase()}`] = value;
  const child = spawn(process.execPath, ["--import", TSX, join(REPO_ROOT, "src/action/main.ts")], { cwd: scratch, env, stdio: ["ignore", "pipe", "pipe"], timeout: CLI_TIMEOUT_MS });
  const result = await childResult(child);
  return { ...result, summary: readFileSync(summaryPath, "utf8"), outputs: parseOutputs(readFileSync(outputPath, "utf8")) };
}
