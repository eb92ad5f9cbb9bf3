// Builds judged clusters for tracker tests: `judgedCluster("lgfp…", { count: 40 })`.
import type { IssueCluster } from "../../src/model/cluster.js";
import type { Category, JudgedCluster, Priority, Trend } from "../../src/model/judgement.js";
import type { RunWindow } from "../../src/model/window.js";

export interface JudgedClusterSpec {
  readonly name?: string;
  readonly template?: string;
  readonly count?: number;
  readonly priority?: Priority;
  readonly category?: Category;
  readonly trend?: Trend;
  readonly windowMinutes?: number;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly module?: string;
  readonly fn?: string;
  readonly traces?: readonly string[];
  readonly minutes?: readonly string[];
  readonly samples?: readonly unknown[];
  readonly aliases?: readonly string[];
  readonly revision?: string;
  readonly escalation?: JudgedCluster["escalation"];
  readonly issue?: JudgedCluster["issue"];
}

/** A fingerprint from a small number, in the real format (`lgfp` + 16 hex digits). */
export function fingerprint(n: number): string {
  return `lgfp${n.toString(16).padStart(16, "0")}`;
}

export function judgedCluster(fp: string, spec: JudgedClusterSpec = {}): JudgedCluster {
  const count = spec.count ?? 10;
  const minutes = spec.windowMinutes ?? 60;
  const template = spec.template ?? `Connection <*> failed for user <*> (${fp.slice(-4)})`;
  const cluster: IssueCluster = {
    fingerprint: fp,
    aliases: spec.aliases ?? [fp],
    kind: "log",
    service: "backend-staging",
    name: spec.name ?? `Connection failed (${fp.slice(-4)})`,
    source: spec.module ? { module: spec.module, function: spec.fn, file: `${spec.module.replace(/\./g, "/")}.py`, line: 118 } : undefined,
    templates: [{ templateId: "t1", fingerprint: fp, template, firstTemplate: template, count, maxSeverity: "ERROR", source: undefined }],
    stats: {
      count,
      severityCounts: { ERROR: count },
      maxSeverity: "ERROR",
      firstSeen: spec.firstSeen ?? "2025-09-14T18:00:00Z",
      lastSeen: spec.lastSeen ?? "2025-09-14T18:55:00Z",
      perMinute: (spec.minutes ?? ["2025-09-14T18:00Z"]).map((minute) => ({ minute, count: 1 })),
      distinctUsers: 2,
      distinctConnections: 3,
      exampleUsers: [],
      exampleConnections: [],
      revisions: [{ name: spec.revision ?? "backend-staging-00612-67q", count }],
      firstRevision: spec.revision ?? "backend-staging-00612-67q",
      instances: 1,
      errorInstances: 1,
      errorTypes: [],
      httpStatuses: [],
      traces: spec.traces ?? [],
    },
    samples: spec.samples ?? [{ severity: "ERROR", message: `Connection main_e1999c70 failed for user demo-user-001 (${fp.slice(-4)})` }],
    mergeReasons: [],
  };
  return {
    cluster,
    priority: spec.priority ?? "P2",
    priorityReason: `${spec.priority ?? "P2"}: ERROR at ${count / minutes}/min (rule error-rate)`,
    category: spec.category ?? "new",
    categoryReason: "first seen in this run",
    trend: spec.trend ?? { kind: "new" },
    share: 0.25,
    ratePerMinute: count / minutes,
    escalation: spec.escalation,
    rulesPriority: spec.priority ?? "P2",
    shown: { priority: spec.priority ?? "P2", category: spec.category ?? "new" },
    issue: spec.issue ?? { kind: "file", reason: "no issue tracks it yet" },
    reasons: [],
  };
}

export function runWindow(start = "2025-09-14T18:00:00Z", end = "2025-09-14T19:00:00Z"): RunWindow {
  const minutes = Math.max(1, Math.round((Date.parse(end) - Date.parse(start)) / 60_000));
  const label = `${start.replace(/[-:]/g, "").slice(0, 13)}Z-${end.replace(/[-:]/g, "").slice(0, 13)}Z`;
  return { start, end, basis: "flags", label, minutes };
}
