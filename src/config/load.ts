import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { lilconfig, type Loader } from "lilconfig";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { UsageError } from "../model/errors.js";
import { ConfigSchema, type Config } from "./schema.js";

const loadYaml: Loader = (_path, content) => parseYaml(content) as unknown;

/** Names searched from the working directory upwards when no --config is given. */
const SEARCH_PLACES = [
  ".log-gardener.yaml",
  ".log-gardener.yml",
  ".log-gardener.json",
  "log-gardener.config.yaml",
  "log-gardener.config.json",
];

/** A partial config: what a file, the environment or flags may set. Sections merge one level deep. */
export type ConfigOverrides = { [K in keyof Config]?: Partial<Config[K]> };

/**
 * Builds the run's config: file (explicit path or discovered), then environment, then flags.
 * The only place in config/ that reads the disk or the environment.
 */
export async function loadConfig(opts: {
  configPath?: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  flags: ConfigOverrides;
}): Promise<{ config: Config; configFile?: string }> {
  const found = opts.configPath ? await readExplicit(opts.configPath) : await discover(opts.cwd);
  const merged = mergeSections(mergeSections(found?.data ?? {}, fromEnv(opts.env)), opts.flags);
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const where = found?.path ?? "flags";
    throw new UsageError(`invalid configuration (${where}): ${describeZodError(parsed.error)}`);
  }
  return found ? { config: parsed.data, configFile: found.path } : { config: parsed.data };
}

async function readExplicit(path: string): Promise<{ path: string; data: unknown }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read config file ${path}: ${describeFileError(error)}`);
  }
  try {
    const data = extname(path) === ".json" ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
    return { path, data: data ?? {} };
  } catch (error) {
    throw new UsageError(`cannot parse config file ${path}: ${firstLineOf(error)}`);
  }
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a parent is not a directory",
};

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined ? FILE_ERRORS[code] : undefined) ?? firstLineOf(error);
}

/** Parsers put a code excerpt after the first line; the first line, without its trailing colon, says what and where. */
function firstLineOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? message).replace(/:\s*$/, "");
}

async function discover(cwd: string): Promise<{ path: string; data: unknown } | undefined> {
  try {
    const result = await lilconfig("log-gardener", {
      searchPlaces: SEARCH_PLACES,
      loaders: { ".yaml": loadYaml, ".yml": loadYaml },
      stopDir: cwd,
    }).search(cwd);
    return result && !result.isEmpty ? { path: result.filepath, data: result.config as unknown } : undefined;
  } catch (error) {
    throw new UsageError(`cannot parse config file: ${firstLineOf(error)}`);
  }
}

/** Environment variables that map onto config fields (the tracker's token stays out of config on purpose). */
function fromEnv(env: NodeJS.ProcessEnv): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  if (env.CLOUD_LOGGING_API_URL) overrides.cloudLogging = { endpoint: env.CLOUD_LOGGING_API_URL };
  if (env.LOG_GARDENER_STATE) overrides.state = { path: env.LOG_GARDENER_STATE };
  return overrides;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeSections(base: unknown, over: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = isRecord(base) ? { ...base } : {};
  if (!isRecord(over)) return result;
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = isRecord(current) && isRecord(value) ? { ...current, ...dropUndefined(value) } : value;
  }
  return result;
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "unknown error";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
