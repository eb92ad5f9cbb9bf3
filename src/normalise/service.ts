import type { LogEntry } from "../model/entry.js";

/** Where an entry ran, from `resource` (its type and labels), entry labels and the log name. */
export type Placement = Pick<LogEntry, "resourceType" | "project" | "service" | "revision" | "location" | "configuration" | "instanceId">;

type Labels = Readonly<Record<string, unknown>>;

function first(labels: Labels, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = labels[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/**
 * The service label per resource type, in one order for all: Cloud Run services and jobs, Functions,
 * App Engine, GKE containers (the same table the Cloud Logging query builder uses to select by service).
 */
const SERVICE_KEYS = ["service_name", "job_name", "function_name", "module_id", "container_name"];
const REVISION_KEYS = ["revision_name", "version_id"];
const LOCATION_KEYS = ["location", "region", "zone"];
const INSTANCE_KEYS = ["instance_id", "pod_name"];

/** `projects/netra-staging/logs/…` or `projects/p/traces/…` → `netra-staging`. */
export function projectFromName(name: string | undefined): string | undefined {
  const match = name === undefined ? null : /^projects\/([^/]+)\//.exec(name);
  return match?.[1];
}

export function readPlacement(resource: unknown, entryLabels: Labels, logName: string | undefined, trace: string | undefined): Placement {
  const res = typeof resource === "object" && resource !== null ? (resource as Labels) : {};
  const labels = typeof res.labels === "object" && res.labels !== null ? (res.labels as Labels) : {};
  const resourceType = typeof res.type === "string" && res.type !== "" ? res.type : undefined;
  const fields: Record<string, string | undefined> = {
    resourceType,
    project: first(labels, "project_id") ?? projectFromName(logName) ?? projectFromName(trace),
    service: first(labels, ...SERVICE_KEYS),
    revision: first(labels, ...REVISION_KEYS),
    location: first(labels, ...LOCATION_KEYS),
    configuration: first(labels, "configuration_name"),
    // Cloud Run puts the instance in the entry's labels, GKE and GCE in the resource's.
    instanceId: first(entryLabels, "instanceId", "instance_id") ?? first(labels, ...INSTANCE_KEYS),
  };
  const placement: Record<string, string> = {};
  for (const key in fields) {
    const value = fields[key];
    if (value !== undefined) placement[key] = value;
  }
  return placement as Placement;
}
