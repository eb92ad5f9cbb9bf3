#!/usr/bin/env node
import { Command, CommanderError } from "@commander-js/extra-typings";
import { pathToFileURL } from "node:url";
import { AuthError, EXIT_CODES, InternalError, SourceError, UsageError } from "../model/errors.js";
import { TOOL_VERSION } from "../model/version.js";
import { clustersCommand } from "./commands/clusters.js";
import { historyCommand } from "./commands/history.js";
import { issuesCommand } from "./commands/issues.js";
import { mineCommand } from "./commands/mine.js";
import { runCommand, type RunHooks } from "./commands/run.js";

export type { RunHooks } from "./commands/run.js";

/** The command tree; each subcommand lives in ./commands. */
export function buildProgram(hooks: RunHooks = {}): Command {
  const program = new Command()
    .name("log-gardener")
    .description("Keeps a service's issue tracker in step with what its Google Cloud logs say.")
    .version(TOOL_VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  program.addCommand(runCommand(hooks));
  program.addCommand(mineCommand());
  program.addCommand(historyCommand());
  program.addCommand(clustersCommand());
  program.addCommand(issuesCommand());
  // addCommand does not pass these on: without them a wrong flag on a subcommand would print
  // commander's own two-line message and exit 1 instead of our one line and exit 2.
  for (const command of allCommands(program)) {
    command.showSuggestionAfterError().exitOverride().configureOutput({ outputError: () => undefined });
  }
  return program;
}

/**
 * google-auth-library probes the GCE metadata server when no credentials are found and emits a
 * MetadataLookupWarning after we have already said, in one line, how to fix it. Every other
 * warning is still printed as Node prints it.
 */
function quietMetadataLookupWarnings(): void {
  if (process.listeners("warning").some((listener) => listener === printWarning)) return;
  process.removeAllListeners("warning");
  process.on("warning", printWarning);
}

function printWarning(warning: Error): void {
  const line = warningLine(warning, process.pid);
  if (line !== undefined) process.stderr.write(line);
}

/** The line Node would print for a warning, or undefined for one we keep quiet. */
export function warningLine(warning: Error, pid: number): string | undefined {
  return warning.name === "MetadataLookupWarning" ? undefined : `(node:${pid}) ${warning.name}: ${warning.message}\n`;
}

function allCommands(command: Command): Command[] {
  return (command.commands as Command[]).flatMap((sub) => [sub, ...allCommands(sub)]);
}

/** Runs the CLI and returns the exit code; every failure is one line on stderr. */
export async function main(argv: readonly string[], hooks: RunHooks = {}): Promise<number> {
  quietMetadataLookupWarnings();
  const program = buildProgram(hooks);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") {
      return 0;
    }
    // Commander puts its suggestion on a second line; keep the promise of one line.
    const message = error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
    process.stderr.write(`log-gardener: ${message}\n`);
    return EXIT_CODES.usage;
  }
  if (error instanceof UsageError || error instanceof AuthError || error instanceof SourceError) {
    process.stderr.write(`log-gardener: ${firstLine(error.message)}\n`);
    return error.exitCode;
  }
  const refused = githubRefusal(error);
  if (refused) {
    process.stderr.write(`log-gardener: ${refused}\n`);
    return EXIT_CODES.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`log-gardener: internal error: ${firstLine(message)}\n`);
  if (process.env.LOG_GARDENER_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return error instanceof InternalError ? error.exitCode : EXIT_CODES.internal;
}

/**
 * A token GitHub refuses (401, or 403 without a rate limit) is something the user fixes, not an
 * internal error. Octokit's RequestError is recognised by shape: the CLI does not import the tracker.
 */
export function githubRefusal(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== "HttpError") return undefined;
  const status = (error as Error & { status?: unknown }).status;
  const headers = (error as Error & { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
  if (status === 401) {
    return `GitHub refused the token (401 ${firstLine(error.message).replace(/ - https:\/\/\S+$/, "")}): set GITHUB_TOKEN to a token with Issues: read and write on the repository`;
  }
  if (status === 403 && headers["x-ratelimit-remaining"] !== "0" && !/rate limit/i.test(error.message)) {
    return `GitHub denied access (403 ${firstLine(error.message).replace(/ - https:\/\/\S+$/, "")}): the token in GITHUB_TOKEN needs Issues: read and write on the repository`;
  }
  if (status === 404 && /\/repos\//.test(String((error as Error & { request?: { url?: unknown } }).request?.url ?? ""))) {
    return "GitHub answered 404 for the repository: check --repo OWNER/NAME, and that the token in GITHUB_TOKEN can see it";
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? text;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
