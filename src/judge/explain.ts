// Wording for verdicts: every number printed here is exact, or says how it was rounded.
import type { Priority } from "../model/judgement.js";

/** `12,345`: integers with thousands separators, the same on every machine (no locale lookup). */
export function formatCount(count: number): string {
  const [whole = "", fraction] = String(count).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A rate rounded for reading (two decimals under 10, one above); the exact figure is always given next to it as count/minutes. */
export function formatRate(ratePerMinute: number): string {
  if (ratePerMinute === 0) return "0";
  if (ratePerMinute >= 10) return formatCount(Math.round(ratePerMinute * 10) / 10);
  if (ratePerMinute >= 0.01) return String(Math.round(ratePerMinute * 100) / 100);
  return ratePerMinute.toPrecision(2);
}

/** Whole minutes as they are; a window taken from the data's span (59.985… min) to two decimals. */
export function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? formatCount(minutes) : formatCount(Math.round(minutes * 100) / 100);
}

/** `4.2/min (252 in 60 min)` */
export function describeRate(count: number, minutes: number): string {
  return `${formatRate(count / minutes)}/min (${formatCount(count)} in ${formatMinutes(minutes)} min)`;
}

/** `3.1×` */
export function formatFactor(factor: number): string {
  return `${factor >= 10 ? Math.round(factor) : Math.round(factor * 10) / 10}×`;
}

/** `12.5%`, with `<0.1%` rather than a misleading `0.0%`. */
export function formatShare(share: number): string {
  if (share === 0) return "0%";
  if (share < 0.001) return "<0.1%";
  return `${Math.round(share * 1000) / 10}%`;
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
