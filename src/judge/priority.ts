// Evaluates the ordered priority rules against one cluster's figures; every verdict says which rule and why.
import type { PriorityRule } from "../config/sections/judge.js";
import type { IssueCluster } from "../model/cluster.js";
import type { Priority } from "../model/judgement.js";
import { SEVERITIES, severityRank, type Severity } from "../model/severity.js";
import { formatCount } from "../model/figures.js";
import { describeRate } from "./explain.js";
import { findKeyword, normaliseForKeywords } from "./keywords.js";

/** The figures a rule can test, computed once per cluster. */
export interface RuleFacts {
  readonly severityCounts: Readonly<Partial<Record<Severity, number>>>;
  readonly maxSeverity: Severity;
  readonly count: number;
  readonly windowMinutes: number;
  readonly peakPerMinute: number;
  readonly peakMinute?: string;
  readonly distinctUsers: number;
  /** Templates, name, error types, logger and code location, normalised for keyword matching. */
  readonly keywordText: string;
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

export function ruleFacts(cluster: IssueCluster, windowMinutes: number): RuleFacts {
  const { stats } = cluster;
  const parts = [
    cluster.name,
    ...cluster.templates.map((t) => t.template),
    ...stats.errorTypes.map((e) => e.name),
    cluster.logger ?? "",
    cluster.source?.module ?? "",
    cluster.source?.function ?? "",
    cluster.source?.file ?? "",
  ];
  return {
    severityCounts: stats.severityCounts,
    maxSeverity: stats.maxSeverity,
    count: stats.count,
    windowMinutes,
    peakPerMinute: stats.peakMinute?.count ?? 0,
    ...(stats.peakMinute ? { peakMinute: stats.peakMinute.minute } : {}),
    distinctUsers: stats.distinctUsers,
    keywordText: normaliseForKeywords(parts.join("\n")),
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
    const rate = counted / facts.windowMinutes;
    const described = `rate ${describeRate(counted, facts.windowMinutes)}`;
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
