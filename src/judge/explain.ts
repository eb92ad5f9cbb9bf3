// Wording for verdicts: every number printed here is exact, or says how it was rounded.
import { formatCount, formatDuration, formatRatePerUnit } from "../model/figures.js";
import type { Priority } from "../model/judgement.js";

/** `4.2/min (252 in 1h)`, `0.5/day (6 in 12d 2h)`: the unit that reads well, with the exact count and span. */
export function describeRate(count: number, minutes: number): string {
  return `${formatRatePerUnit(count / minutes)} (${formatCount(count)} in ${formatDuration(minutes)})`;
}

export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** P0 is the highest; `-1` when `a` is more urgent than `b`. */
export function comparePriority(a: Priority, b: Priority): number {
  return priorityIndex(a) - priorityIndex(b);
}

export function priorityIndex(priority: Priority): number {
  return Number(priority.slice(1));
}

/** One step more urgent, stopping at P0. */
export function raiseOneStep(priority: Priority): Priority {
  return `P${Math.max(0, priorityIndex(priority) - 1)}` as Priority;
}
