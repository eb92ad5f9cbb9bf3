// Action inputs as the runner passes them (INPUT_<NAME>, upper case, spaces as underscores, hyphens
// kept) and as a composite action's step can (hyphens as underscores), turned into `run` flags.
import { UsageError } from "../model/errors.js";

export type ActionEnv = Readonly<Record<string, string | undefined>>;

/** `@actions/core` getInput: trimmed, empty when unset. */
export function getInput(env: ActionEnv, name: string): string {
  const key = `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
  return (env[key] ?? env[key.replace(/-/g, "_")] ?? "").trim();
}

/** YAML 1.2 core booleans, as `@actions/core` getBooleanInput accepts them; empty is the default. */
export function getBooleanInput(env: ActionEnv, name: string, fallback: boolean): boolean {
  const value = getInput(env, name);
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new UsageError(`input ${name} takes true or false, not '${value}'`);
}

/** One value a line or comma-separated, as `projects: a,b` or a YAML block. */
export function getListInput(env: ActionEnv, name: string): string[] {
  return getInput(env, name)
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/**
 * The `log-gardener run` arguments for the Action's inputs. Projects default to the one
 * google-github-actions/auth exported; the repository to the workflow's own; state to none
 * (issues carry their identity, so every run works from a clean runner).
 */
export function runArguments(env: ActionEnv): string[] {
  const projects = getListInput(env, "projects");
  const defaultProject = env.GOOGLE_CLOUD_PROJECT ?? env.CLOUDSDK_CORE_PROJECT ?? env.GCLOUD_PROJECT;
  if (projects.length === 0 && defaultProject) projects.push(defaultProject);
  if (projects.length === 0) throw new UsageError("input projects is empty and google-github-actions/auth exported no project: set projects: my-project");
  const args = ["run", ...projects.flatMap((p) => ["--gcp-project", p]), ...getListInput(env, "services").flatMap((s) => ["--service", s])];
  args.push("--since", getInput(env, "window") || "1h");
  const repository = getInput(env, "repository") || env.GITHUB_REPOSITORY || "";
  if (getInput(env, "tracker") === "local") args.push("--tracker", "local");
  else if (repository) args.push("--repo", repository);
  const optional: ReadonlyArray<readonly [input: string, flag: string]> = [
    ["config", "--config"],
    ["max-new-issues", "--max-new-issues"],
    ["max-entries", "--max-entries"],
    ["min-severity", "--min-severity"],
    ["resource-type", "--resource-type"],
    ["filter", "--filter"],
    ["html", "--html"],
  ];
  for (const [input, flag] of optional) {
    const value = getInput(env, input);
    if (value) args.push(flag, value);
  }
  const state = getInput(env, "state");
  args.push(...(state ? ["--state", state] : ["--no-state"]));
  args.push("--out", getInput(env, "out-dir") || `${env.RUNNER_TEMP ?? "."}/log-gardener`);
  if (getBooleanInput(env, "dry-run", false)) args.push("--dry-run");
  return args;
}
