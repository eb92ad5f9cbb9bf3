// The priority to publish: raise at once, lower only after the cooldown and several calmer runs, change at most once a day.
import type { ClusterRunPoint } from "../model/history.js";
import type { JudgedCluster, Priority } from "../model/judgement.js";
import { comparePriority, formatHours } from "./explain.js";

export interface PublishOptions {
  readonly cooldownHours: number;
  readonly lowerAfterRuns: number;
  readonly minHoursBetweenChanges: number;
}

/** What was published before: the tracker's truth when it was read, else the state's memory. */
export interface LastPublished {
  readonly priority: Priority;
  /** When it was set; unknown for an issue filed by an older version or by hand. */
  readonly at?: string;
}

export interface Candidate {
  readonly priority: Priority;
  readonly reason: string;
  /** A P0 rule held (not a trend raise to P0): an outage is published at once, whatever the daily limit says. */
  readonly p0Rule: boolean;
}

export interface PublishedPriority {
  readonly priority: Priority;
  readonly reason: string;
  readonly escalation?: JudgedCluster["escalation"];
  readonly lowering?: JudgedCluster["lowering"];
  readonly heldPriority?: JudgedCluster["heldPriority"];
}

const HOUR_MS = 3_600_000;

/**
 * Runs in a row, newest first and this one included, in which the rules put the cluster below `published`: a run
 * that covered the cluster without seeing it counts as calmer, one that gave `published` or more ends the streak.
 */
function calmerRuns(earlier: readonly ClusterRunPoint[], published: Priority): number {
  let streak = 1;
  for (let index = earlier.length - 1; index >= 0; index -= 1) {
    const point = earlier[index];
    if (!point) break;
    const said = point.count === 0 ? undefined : (point.rulesPriority ?? point.priority);
    if (said !== undefined && comparePriority(said, published) <= 0) break;
    streak += 1;
  }
  return streak;
}

export function decidePublishedPriority(candidate: Candidate, last: LastPublished | undefined, earlier: readonly ClusterRunPoint[], now: Date, options: PublishOptions): PublishedPriority {
  if (!last || last.priority === candidate.priority) return { priority: candidate.priority, reason: candidate.reason };
  const setMs = last.at ? Date.parse(last.at) : Number.NaN;
  const known = !Number.isNaN(setMs);
  const hoursSince = known ? (now.getTime() - setMs) / HOUR_MS : Number.POSITIVE_INFINITY;
  const hold = (untilMs: number, why: string): PublishedPriority => ({
    priority: last.priority,
    reason: `${last.priority}: held, ${why}; rules now say ${candidate.reason}`,
    heldPriority: { rulesSaid: candidate.priority, until: new Date(Number.isFinite(untilMs) ? untilMs : now.getTime()).toISOString() },
  });
  const setText = known ? `set ${last.at}` : "set at an unknown time";

  if (comparePriority(candidate.priority, last.priority) < 0) {
    const change = { priority: candidate.priority, reason: candidate.reason, escalation: { from: last.priority, reason: `${last.priority} → ${candidate.priority}: ${candidate.reason}` } };
    if (candidate.p0Rule) return change;
    if (hoursSince < options.minHoursBetweenChanges) {
      return hold(setMs + options.minHoursBetweenChanges * HOUR_MS, `${setText}, and a priority changes at most once in ${formatHours(options.minHoursBetweenChanges)} unless a P0 rule fires`);
    }
    return change;
  }

  const waitHours = Math.max(options.cooldownHours, options.minHoursBetweenChanges);
  if (hoursSince < waitHours) {
    return hold(setMs + waitHours * HOUR_MS, `${setText} and not lowered within the ${formatHours(waitHours)} cooldown`);
  }
  const streak = calmerRuns(earlier, last.priority);
  if (streak < options.lowerAfterRuns) {
    return hold(now.getTime(), `the rules put it lower in ${streak} of the ${options.lowerAfterRuns} runs in a row a lowering needs`);
  }
  const why = `lowered from ${last.priority}: the rules put it lower in ${streak} runs in a row, after the ${formatHours(waitHours)} cooldown`;
  return { priority: candidate.priority, reason: `${candidate.reason}; ${why}`, lowering: { from: last.priority, reason: `${last.priority} → ${candidate.priority}: ${why}` } };
}
