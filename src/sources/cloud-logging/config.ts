import type { CloudLoggingConfig } from "../../config/sections/cloud-logging.js";
import { UsageError } from "../../model/errors.js";
import type { Severity } from "../../model/severity.js";
import type { CloudLoggingReadOptions } from "./source.js";


/** What `run` parsed from its flags, for reading from the API. */
export interface CloudLoggingFlags {
  /** `--gcp-project`, repeatable: one source (and one quota bucket) per project. */
  readonly projects: readonly string[];
  readonly services: readonly string[];
  readonly resourceType?: string;
  readonly minSeverity: Severity;
  readonly since: Date;
  readonly until: Date;
  readonly filter?: string;
  readonly maxEntries?: number;
  readonly loggingEndpoint?: string;
}

/**
 * One read per project. The endpoint comes from `--logging-endpoint`, then CLOUD_LOGGING_API_URL, then
 * the config file; every limit from the config section. Pure: the environment is passed in.
 */
export function cloudLoggingReadOptions(
  flags: CloudLoggingFlags,
  config: CloudLoggingConfig,
  env: { readonly CLOUD_LOGGING_API_URL?: string | undefined },
): CloudLoggingReadOptions[] {
  const projects = [...new Set(flags.projects)];
  if (projects.length === 0) throw new UsageError("--gcp-project is required to read from Cloud Logging");
  const endpoint = flags.loggingEndpoint ?? (env.CLOUD_LOGGING_API_URL || undefined) ?? config.endpoint;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`the Cloud Logging endpoint ${JSON.stringify(endpoint)} is not a URL (e.g. https://logging.googleapis.com)`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(`the Cloud Logging endpoint must be http(s), got ${url.protocol}`);
  }
  return projects.map((project) => ({
    project,
    services: flags.services,
    resourceType: flags.resourceType ?? config.resourceType,
    minSeverity: flags.minSeverity,
    since: flags.since,
    until: flags.until,
    ...(flags.filter !== undefined ? { extraFilter: flags.filter } : {}),
    ...(flags.maxEntries !== undefined ? { maxEntries: flags.maxEntries } : {}),
    endpoint,
    pageSize: config.pageSize,
    requestsPerMinute: config.requestsPerMinute,
    maxAttempts: config.maxAttempts,
    timeoutMs: config.timeoutMs,
    retryBaseDelayMs: config.retryBaseDelayMs,
    retryMaxDelayMs: config.retryMaxDelayMs,
    maxQueryRestarts: config.maxQueryRestarts,
    maxResponseBytes: config.maxResponseBytes,
  }));
}
