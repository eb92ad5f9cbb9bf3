#!/usr/bin/env node
// The GitHub Action's entry point (action.yml runs it): inputs → `log-gardener run`, then the
// worklog as the job summary and the figures as step outputs. Everything else is the CLI's.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { main } from "../cli/main.js";
import { EXIT_CODES, UsageError } from "../model/errors.js";
import { PRIORITIES } from "../model/judgement.js";
import type { RunResult } from "../pipeline/run.js";
import { getInput, runArguments, type ActionEnv } from "./inputs.js";
import { appendSummary, writeOutputs } from "./workflow-files.js";

/** The step outputs, all strings as the runner keeps them; `issues` is JSON. */
export function actionOutputs(result: RunResult): Record<string, string> {
  const { report, files } = result;
  const actions = report.tracker?.actions ?? [];
  const done = (kind: string) => String(actions.filter((a) => a.kind === kind && a.status === "done").length);
  const outputs: Record<string, string> = {
    worklog: files.worklog,
    json: files.json ?? "",
    html: files.html ?? "",
    complete: String(report.complete),
    clusters: String(report.clusters.length),
    created: done("create"),
    updated: String(Number(done("comment")) + Number(done("edit-comment")) + Number(done("update"))),
    reopened: done("reopen"),
    deferred: String(actions.filter((a) => a.status === "deferred").length),
    failed: String(actions.filter((a) => a.status === "failed").length),
    issues: JSON.stringify(
      actions
        .filter((a) => a.issue !== undefined)
        .map((a) => ({ fingerprint: a.fingerprint, priority: a.priority, kind: a.kind, status: a.status, number: a.issue?.number, url: a.issue?.url ?? null })),
    ),
  };
  outputs.notifications = JSON.stringify((report.notifications ?? []).map((n) => ({ sink: n.sink, name: n.name, status: n.status, events: n.events, attempts: n.attempts, error: n.error ?? null })));
  for (const priority of PRIORITIES) outputs[priority.toLowerCase()] = String(report.clusters.filter((c) => c.priority === priority).length);
  return outputs;
}

export async function runAction(env: ActionEnv, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  let args: string[];
  try {
    args = runArguments(env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stdout.write(`::error title=log-gardener::${error.message}\n`);
    return EXIT_CODES.usage;
  }
  const token = getInput(env, "github-token");
  if (token) {
    // The runner masks the value in every later log line; the tracker reads it from GITHUB_TOKEN.
    io.stdout.write(`::add-mask::${token}\n`);
    process.env.GITHUB_TOKEN = token;
  }
  let result: RunResult | undefined;
  const code = await main(args, { onResult: (r) => void (result = r) });
  if (result) {
    if (env.GITHUB_STEP_SUMMARY) {
      const worklog = await readFile(result.files.worklog, "utf8");
      await appendSummary(env.GITHUB_STEP_SUMMARY, worklog, `_The worklog is longer than a job summary can show; the whole file is ${result.files.worklog} on the runner._`);
    }
    if (env.GITHUB_OUTPUT) await writeOutputs(env.GITHUB_OUTPUT, actionOutputs(result));
  }
  if (code !== 0) io.stdout.write(`::error title=log-gardener::log-gardener run exited with ${code}; the line above says why\n`);
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runAction(process.env, { stdout: process.stdout, stderr: process.stderr });
}
