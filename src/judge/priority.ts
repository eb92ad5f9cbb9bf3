// Evaluates the ordered priority rules against one cluster's figures; every verdict says which rule and why.
import type { PriorityRule } from "../config/sections/judge.js";
import type { IssueCluster } from "../model/cluster.js";
import type { Priority } from "../model/judgement.js";
import { SEVERITIES, severityRank, type Severity } from "../model/severity.js";
import { formatCount } from "../model/figures.js";
import { describeRate } from "./explain.js";
import { findKeyword, normaliseForKeywords, withoutPaths } from "./keywords.js";

/** The figures a rule can test, computed once per cluster. */
export interface RuleFacts {
  readonly severityCounts: Readonly<Partial<Record<Severity, number>>>;
  readonly maxSeverity: Severity;
  readonly count: number;
  readonly windowMinutes: number;
  readonly peakPerMinute: number;
  readonly peakMinute?: string;
  readonly distinctUsers: number;
  /** What the problem says (templates, error types, HTTP status texts), paths removed, normalised for keyword matching. */
  readonly keywordText: string;
  /** Entries and minutes the rate rules read: this window alone, or the trailing `rateWindowHours` of runs. */
  readonly rateCount: number;
  readonly rateMinutes: number;
  /** No entry had a timestamp: a rate would be an invention, so rate rules never hold. */
  readonly undated?: boolean;
  /** Instances the cluster occurs on (those where it logged at ERROR or above), and instances of its service that logged anything in this run. */
  readonly instances: number;
  readonly errorInstances: number;
  readonly serviceInstances?: number;
  /** For an HTTP cluster answering 5xx: the busiest minute's share of the service's routes answering 5xx. */
  readonly failingRoutes?: FailingRoutes;
}

export interface FailingRoutes {
  readonly failing: number;
  readonly routes: number;
  readonly minute: string;
}

/** What the judge knows beyond one cluster: its service's instances and routes, and its earlier runs' rates. */
export interface RuleContext {
  readonly serviceInstances?: number;
  readonly failingRoutes?: FailingRoutes;
  /** Entries and minutes of earlier runs within `rateWindowHours` (not this one). */
  readonly earlier?: { readonly count: number; readonly minutes: number };
}

export type RuleEvaluation =
  | { readonly kind: "holds"; readonly rule: PriorityRule; readonly because: readonly string[] }
  | { readonly kind: "fails"; readonly rule: PriorityRule; readonly failed: string };

export interface PriorityVerdict {
  readonly priority: Priority;
  readonly rule: PriorityRule;
  /** `P1: ERROR at 4.2/min (252 in 60 min) ≥ 1/min (rule error-sustained)` */
  readonly reason: string;
  /** Every rule that holds, in order (the first one decided). */
  readonly holding: readonly Extract<RuleEvaluation, { kind: "holds" }>[];
}

/**
 * Keywords read what the problem says: the messages, the exception types and the HTTP status texts. The name,
 * logger and code location are left out, and so are paths inside the messages (`app/gcp_auth_context_middleware.py`,
 * `app.auth.middleware`): a file named after auth does not make an import error an auth failure.
 */
export function keywordSource(cluster: IssueCluster): string {
  const parts = [
    ...cluster.templates.map((t) => withoutPaths(t.template)),
    // `google.auth.exceptions.RefreshError` names its module too: the class is what it says.
    ...cluster.stats.errorTypes.map((e) => e.name.split(".").at(-1) ?? e.name),
    ...cluster.stats.httpStatuses.map((s) => s.name),
  ];
  return parts.join("\n");
}

export function ruleFacts(cluster: IssueCluster, windowMinutes: number, context: RuleContext = {}): RuleFacts {
  const { stats } = cluster;
  return {
    rateCount: stats.count + (context.earlier?.count ?? 0),
    rateMinutes: windowMinutes + (context.earlier?.minutes ?? 0),
    ...(stats.firstSeen === undefined ? { undated: true } : {}),
    instances: stats.instances,
    errorInstances: stats.errorInstances,
    ...(context.serviceInstances !== undefined ? { serviceInstances: context.serviceInstances } : {}),
    ...(context.failingRoutes ? { failingRoutes: context.failingRoutes } : {}),
    severityCounts: stats.severityCounts,
    maxSeverity: stats.maxSeverity,
    count: stats.count,
    windowMinutes,
    peakPerMinute: stats.peakMinute?.count ?? 0,
    ...(stats.peakMinute ? { peakMinute: stats.peakMinute.minute } : {}),
    distinctUsers: stats.distinctUsers,
    keywordText: normaliseForKeywords(keywordSource(cluster)),
  };
}

/** Entries at `minSeverity` or above. */
export function countAtOrAbove(facts: RuleFacts, minSeverity: Severity): number {
  let total = 0;
  for (const severity of SEVERITIES) {
    if (severityRank(severity) >= severityRank(minSeverity)) total += facts.severityCounts[severity] ?? 0;
  }
  return total;
}

export function evaluateRule(rule: PriorityRule, facts: RuleFacts): RuleEvaluation {
  const because: string[] = [];
  const fail = (failed: string): RuleEvaluation => ({ kind: "fails", rule, failed });
  const counted = rule.minSeverity ? countAtOrAbove(facts, rule.minSeverity) : facts.count;
  const label = rule.minSeverity ? `at ${rule.minSeverity}+` : "entries";

  if (rule.minSeverity) {
    if (counted === 0) return fail(`no entry at ${rule.minSeverity} or above (max ${facts.maxSeverity})`);
    const single = Object.values(facts.severityCounts).filter((n) => (n ?? 0) > 0).length === 1;
    because.push(
      counted === facts.count && single
        ? `severity ${facts.maxSeverity}`
        : `${formatCount(counted)} of ${formatCount(facts.count)} ${label} (max ${facts.maxSeverity})`,
    );
  }
  if (rule.keywords && rule.keywords.length > 0) {
    const keyword = findKeyword(facts.keywordText, rule.keywords);
    if (keyword === undefined) return fail("no keyword of the rule occurs");
    because.push(`keyword "${keyword}"`);
  }
  if (rule.minRatePerMinute !== undefined) {
    if (facts.undated) return fail("no timestamps, so no rate");
    // Over the trailing hours when earlier runs are known: the share at this severity scales the trailing count.
    const trailing = facts.rateMinutes > facts.windowMinutes && facts.count > 0;
    const rateCounted = trailing ? Math.round((counted * facts.rateCount) / facts.count) : counted;
    const rateMinutes = trailing ? facts.rateMinutes : facts.windowMinutes;
    const rate = rateCounted / rateMinutes;
    const described = `rate ${describeRate(rateCounted, rateMinutes)}${trailing ? " over the trailing runs" : ""}`;
    if (rate < rule.minRatePerMinute) return fail(`${described} < ${rule.minRatePerMinute}/min`);
    because.push(`${described} ≥ ${rule.minRatePerMinute}/min`);
  }
  if (rule.minPeakPerMinute !== undefined) {
    const described = `peak ${formatCount(facts.peakPerMinute)} in one minute${facts.peakMinute ? ` (${facts.peakMinute})` : ""}`;
    if (facts.peakPerMinute < rule.minPeakPerMinute) return fail(`${described} < ${rule.minPeakPerMinute}`);
    because.push(`${described} ≥ ${rule.minPeakPerMinute}`);
  }
  if (rule.minCount !== undefined) {
    if (counted < rule.minCount) return fail(`${formatCount(counted)} ${label} < ${rule.minCount}`);
    because.push(`${formatCount(counted)} ${label} ≥ ${rule.minCount}`);
  }
  if (rule.minDistinctUsers !== undefined) {
    if (facts.distinctUsers < rule.minDistinctUsers) return fail(`${formatCount(facts.distinctUsers)} users < ${rule.minDistinctUsers}`);
    because.push(`${formatCount(facts.distinctUsers)} distinct users ≥ ${rule.minDistinctUsers}`);
  }
  if (rule.minInstanceShare !== undefined || rule.minInstances !== undefined) {
    // With an ERROR floor only the instances that logged errors are affected; a warning on every instance is not an outage.
    const errorsOnly = rule.minSeverity !== undefined && severityRank(rule.minSeverity) >= severityRank("ERROR");
    const affected = errorsOnly ? facts.errorInstances : facts.instances;
    const on = `on ${formatCount(affected)}${errorsOnly ? " (with errors)" : ""}`;
    if (rule.minInstances !== undefined && affected < rule.minInstances) return fail(`${on} instances < ${rule.minInstances}`);
    if (rule.minInstanceShare !== undefined) {
      const of = facts.serviceInstances;
      if (of === undefined || of === 0) return fail("instances of the service unknown");
      if (rule.minServiceInstances !== undefined && of < rule.minServiceInstances) return fail(`${of} instances seen < ${rule.minServiceInstances}`);
      const described = `${on} of ${formatCount(of)} instances`;
      if (affected / of < rule.minInstanceShare) return fail(`${described} < ${Math.round(rule.minInstanceShare * 100)}%`);
      because.push(`${described} ≥ ${Math.round(rule.minInstanceShare * 100)}%${rule.minInstances !== undefined ? ` and ≥ ${rule.minInstances}` : ""}`);
    } else {
      because.push(`${on} instances ≥ ${rule.minInstances}`);
    }
  }
  if (rule.minFailingRouteShare !== undefined) {
    const routes = facts.failingRoutes;
    if (routes === undefined) return fail("not an HTTP cluster answering 5xx");
    if (rule.minRoutes !== undefined && routes.routes < rule.minRoutes) return fail(`${routes.routes} routes seen < ${rule.minRoutes}`);
    const described = `${formatCount(routes.failing)} of ${formatCount(routes.routes)} routes answered 5xx in ${routes.minute}`;
    if (routes.failing / routes.routes < rule.minFailingRouteShare) return fail(`${described} < ${Math.round(rule.minFailingRouteShare * 100)}%`);
    because.push(`${described} ≥ ${Math.round(rule.minFailingRouteShare * 100)}%`);
  }
  if (because.length === 0) because.push("no other rule held");
  return { kind: "holds", rule, because };
}

/** Applies the rules in order; the first that holds decides. With no rule holding (a config without a fallback), P3. */
export function decidePriority(rules: readonly PriorityRule[], facts: RuleFacts): PriorityVerdict {
  const holding = rules
    .map((rule) => evaluateRule(rule, facts))
    .filter((evaluation): evaluation is Extract<RuleEvaluation, { kind: "holds" }> => evaluation.kind === "holds");
  const first = holding[0];
  if (!first) {
    const rule: PriorityRule = { name: "no-rule-held", priority: "P3" };
    return { priority: "P3", rule, reason: "P3: no configured rule held (rule no-rule-held)", holding: [] };
  }
  return {
    priority: first.rule.priority,
    rule: first.rule,
    reason: `${first.rule.priority}: ${first.because.join(", ")} (rule ${first.rule.name})`,
    holding,
  };
}
