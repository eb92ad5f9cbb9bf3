/**
 * Template groups into problems: the second grouping of the cluster stage, across scopes. A group
 * (templates.merge.ts) is one place in the code or one request line; a problem is what a person
 * files once. Groups of one service are joined when
 *  - follow-up: one function, and the rarer group's active minutes fall inside the other's (retry
 *    and give-up, timeout and retry), unless the other is active so much of the window that anything
 *    would; or they log exactly as many entries minute by minute (two lines of one event, untraced);
 *  - same message: the same template text in two scopes, one with an httpRequest (a platform line
 *    and its request log);
 *  - storm: request logs of one status on many routes in the same minutes (a 429 storm, a scanner's
 *    404 sweep); a route mostly active outside those minutes (a steady 404) stays its own;
 *  - cascade: bursts that start together with a burst that states a cause (an exception, an import
 *    error, a failed dependency), inside its incident, on its instances (or its revision when
 *    instances are unknown); a template present outside the incident is not absorbed.
 * Everything read here is a per-template figure (minutes, counts, names), so the result does not
 * depend on input order. Each join carries a one-line reason. Pure: no clock, no I/O.
 */
import { constantWords } from "./templates-merge.js";
import type { MiningScope } from "./mining-input.js";
import type { TemplateStats } from "./stats.js";

export interface ProblemRules {
  readonly followUpMinuteShare: number;
  readonly followUpMaxActiveShare: number;
  readonly sameCountMinuteShare: number;
  readonly sameCountMinMinutes: number;
  readonly stormRoutes: number;
  readonly stormMinuteShare: number;
  readonly cascadeStartMinutes: number;
  readonly cascadeTailMinutes: number;
  readonly cascadeInsideShare: number;
  readonly cascadeMaxSpanShare: number;
  readonly cascadeMinEntries: number;
}

/** One template group as the problem layer reads it. */
export interface ProblemCandidate {
  readonly scopeKey: string;
  readonly scope: MiningScope;
  /** The group's primary fingerprint (its identity, and the tie-breaker everywhere). */
  readonly fingerprint: string;
  /** The group's templates, primary first. */
  readonly templates: readonly string[];
  readonly parts: readonly TemplateStats[];
}

export interface ProblemGroup {
  /** Indexes into the candidates, the root first. */
  readonly members: readonly number[];
  /** The root states a cause (an exception, an import error, a failed dependency). */
  readonly causeStated: boolean;
  /** Set for a storm: the status every member shares (the problem's root is the storm, not one route). */
  readonly stormStatus?: string;
  readonly reasons: readonly string[];
}

/** Words that state a cause: the problem is what they say, the rest are its symptoms. */
const CAUSE_WORDS =
  /\b(?:[A-Z][A-Za-z]*(?:Error|Exception)\b|No module named|cannot import|Failed to (?:setup|set up|start|initiali[sz]e|load|import|connect|bind|open|read config)|[Cc]onnection refused|ECONNREFUSED|could not connect|Could not connect|unable to connect|Unable to connect|panic:|fatal error:)/;

interface Facts {
  readonly index: number;
  readonly candidate: ProblemCandidate;
  readonly service: string;
  readonly count: number;
  /** Minute since the epoch → entries. */
  readonly minutes: Map<number, number>;
  readonly firstMinute: number;
  readonly lastMinute: number;
  readonly firstMs: number;
  readonly statuses: ReadonlySet<string>;
  readonly revisions: ReadonlySet<string>;
  readonly instances: ReadonlySet<string>;
  readonly withHttp: boolean;
  readonly statesCause: boolean;
  readonly errorTyped: boolean;
  readonly specificity: number;
}

function factsOf(candidate: ProblemCandidate, index: number): Facts {
  const minutes = new Map<number, number>();
  const statuses = new Set<string>();
  const revisions = new Set<string>();
  const instances = new Set<string>();
  let count = 0;
  let firstMs = Number.POSITIVE_INFINITY;
  let errorTyped = false;
  let withHttp = false;
  for (const part of candidate.parts) {
    count += part.count;
    for (const [minute, n] of part.minutes) minutes.set(minute, (minutes.get(minute) ?? 0) + n);
    for (const status of part.httpStatuses.keys()) statuses.add(status);
    for (const revision of part.revisions.keys()) revisions.add(revision);
    for (const instance of part.instanceNames.keys()) instances.add(instance);
    if (part.first !== undefined && part.first.timeMs < firstMs) firstMs = part.first.timeMs;
    if (part.errorTypes.size > 0) errorTyped = true;
    if (part.httpStatuses.size > 0) withHttp = true;
  }
  let firstMinute = Number.POSITIVE_INFINITY;
  let lastMinute = Number.NEGATIVE_INFINITY;
  for (const minute of minutes.keys()) {
    if (minute < firstMinute) firstMinute = minute;
    if (minute > lastMinute) lastMinute = minute;
  }
  const request = candidate.scope.request;
  if (request !== undefined) statuses.add(request.slice(request.lastIndexOf(" ") + 1));
  const primary = candidate.templates[0] ?? "";
  return {
    index,
    candidate,
    service: candidate.scope.service ?? "",
    count,
    minutes,
    firstMinute,
    lastMinute,
    firstMs,
    statuses,
    revisions,
    instances,
    withHttp,
    // a request line states a status, never a cause; an exception or an error type does
    statesCause: request === undefined && (errorTyped || candidate.templates.some((template) => CAUSE_WORDS.test(template))),
    errorTyped: request === undefined && errorTyped,
    specificity: request === undefined ? constantWords(primary).length : 0,
  };
}

function sharedMinutes(a: Facts, b: Facts): number {
  const [small, large] = a.minutes.size <= b.minutes.size ? [a, b] : [b, a];
  let shared = 0;
  for (const minute of small.minutes.keys()) if (large.minutes.has(minute)) shared += 1;
  return shared;
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const value of small) if (large.has(value)) return true;
  return false;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / Math.max(whole, 1))}%`;
}

function label(facts: Facts): string {
  const text = facts.candidate.scope.request ?? facts.candidate.templates[0] ?? "";
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

function compareFacts(a: Facts, b: Facts): number {
  return a.candidate.fingerprint < b.candidate.fingerprint ? -1 : a.candidate.fingerprint > b.candidate.fingerprint ? 1 : 0;
}

/** The problems among these groups: every group is in exactly one, most problems hold one group. */
export function groupProblems(candidates: readonly ProblemCandidate[], rules: ProblemRules): ProblemGroup[] {
  const facts = candidates.map(factsOf);
  const parent = facts.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[index] !== root) {
      const next = parent[index] as number;
      parent[index] = root;
      index = next;
    }
    return root;
  };
  const reasons = new Map<number, string[]>();
  const storms = new Map<number, string>();
  const union = (a: number, b: number, reason: string): void => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA === rootB) return;
    const [keep, drop] = rootA < rootB ? [rootA, rootB] : [rootB, rootA];
    parent[drop] = keep;
    reasons.set(keep, [...(reasons.get(keep) ?? []), ...(reasons.get(drop) ?? []), reason]);
    reasons.delete(drop);
  };

  let windowFirst = Number.POSITIVE_INFINITY;
  let windowLast = Number.NEGATIVE_INFINITY;
  for (const item of facts) {
    if (item.minutes.size === 0) continue;
    windowFirst = Math.min(windowFirst, item.firstMinute);
    windowLast = Math.max(windowLast, item.lastMinute);
  }
  const windowMinutes = Number.isFinite(windowFirst) ? windowLast - windowFirst + 1 : 0;

  // Fingerprint order, not input order: the same groups give the same unions.
  const byService = new Map<string, number[]>();
  const order = facts.map((_, index) => index).sort((a, b) => compareFacts(facts[a] as Facts, facts[b] as Facts));
  order.forEach((index) => {
    const item = facts[index] as Facts;
    const list = byService.get(item.service);
    if (list === undefined) byService.set(item.service, [index]);
    else list.push(index);
  });

  for (const indexes of byService.values()) {
    followUps(facts, indexes, rules, windowMinutes, union);
    sameMessages(facts, indexes, union);
    for (const [root, status] of stormsOf(facts, indexes, rules, union)) storms.set(root, status);
    cascades(facts, indexes, rules, windowMinutes, union);
  }

  const members = new Map<number, number[]>();
  facts.forEach((_, index) => {
    const root = find(index);
    const list = members.get(root);
    if (list === undefined) members.set(root, [index]);
    else list.push(index);
  });
  const groups: ProblemGroup[] = [];
  for (const [root, list] of members) {
    const ordered = list.map((index) => facts[index] as Facts).sort(compareRoots);
    const head = ordered[0] as Facts;
    // a storm of request lines is rooted in its status, not in whichever route came first
    const stormStatuses = new Set(list.map((index) => storms.get(index)));
    const stormStatus = list.length > 1 && stormStatuses.size === 1 ? [...stormStatuses][0] : undefined;
    groups.push({
      members: ordered.map((item) => item.index),
      causeStated: head.statesCause,
      ...(stormStatus !== undefined ? { stormStatus } : {}),
      reasons: [...(reasons.get(root) ?? [])].sort(),
    });
  }
  return groups;
}

/**
 * The root first: a group that states a cause (the earliest such), else the most specific one (a
 * message before a request line, more constant words), else the earliest; fingerprint last.
 */
function compareRoots(a: Facts, b: Facts): number {
  if (a.statesCause !== b.statesCause) return a.statesCause ? -1 : 1;
  if (a.statesCause && a.firstMinute !== b.firstMinute) return a.firstMinute - b.firstMinute;
  // an exception is the cause its handler's `Failed to …` line reports
  if (a.errorTyped !== b.errorTyped) return a.errorTyped ? -1 : 1;
  if (a.specificity !== b.specificity) return b.specificity - a.specificity;
  if (a.firstMinute !== b.firstMinute) return a.firstMinute - b.firstMinute;
  return compareFacts(a, b);
}

/** What choosing a problem's root reads of one template. */
export interface RootCandidate {
  readonly template: string;
  /** A request line (`GET /x 503`): it states a status, never a cause, and is the least specific. */
  readonly request: boolean;
  readonly fingerprint: string;
  readonly line?: number;
  readonly parts: readonly TemplateStats[];
}

/**
 * The templates of a problem, root first: the template that states a cause (an exception before
 * the line reporting it; the earliest), else the earliest message (a request line last), the lowest
 * line of its code, the most specific. Read from the
 * problem's final membership and per-template figures, so input order cannot change it.
 */
export function rootFirst<T extends RootCandidate>(templates: readonly T[]): T[] {
  const keyed = templates.map((item) => {
    let firstMinute = Number.POSITIVE_INFINITY;
    let errorTyped = false;
    for (const part of item.parts) {
      if (part.first !== undefined) firstMinute = Math.min(firstMinute, Math.floor(part.first.timeMs / 60_000));
      if (part.errorTypes.size > 0) errorTyped = true;
    }
    errorTyped &&= !item.request;
    const cause = !item.request && (errorTyped || CAUSE_WORDS.test(item.template));
    return { item, firstMinute, errorTyped, cause, specificity: item.request ? -1 : constantWords(item.template).length };
  });
  // Minutes, not milliseconds: the window's first minute may open on the second line of an event.
  keyed.sort(
    (a, b) =>
      Number(b.cause) - Number(a.cause) ||
      Number(b.errorTyped) - Number(a.errorTyped) ||
      Number(a.item.request) - Number(b.item.request) ||
      a.firstMinute - b.firstMinute ||
      (a.item.line ?? Number.POSITIVE_INFINITY) - (b.item.line ?? Number.POSITIVE_INFINITY) ||
      b.specificity - a.specificity ||
      (a.item.fingerprint < b.item.fingerprint ? -1 : a.item.fingerprint > b.item.fingerprint ? 1 : 0),
  );
  return keyed.map((key) => key.item);
}

type Union = (a: number, b: number, reason: string) => void;

/** Same function: the rarer template's minutes inside the other's, or the same count in the same minutes. */
function followUps(facts: readonly Facts[], indexes: readonly number[], rules: ProblemRules, windowMinutes: number, union: Union): void {
  const byScope = new Map<string, number[]>();
  for (const index of indexes) {
    const item = facts[index] as Facts;
    const scope = item.candidate.scope;
    if (scope.request !== undefined || (scope.module === undefined && scope.function === undefined)) continue;
    const list = byScope.get(item.candidate.scopeKey);
    if (list === undefined) byScope.set(item.candidate.scopeKey, [index]);
    else list.push(index);
  }
  for (const list of byScope.values()) {
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const a = facts[list[i] as number] as Facts;
        const b = facts[list[j] as number] as Facts;
        if (a.minutes.size === 0 || b.minutes.size === 0) continue;
        const shared = sharedMinutes(a, b);
        const [rare, often] = a.minutes.size < b.minutes.size || (a.minutes.size === b.minutes.size && a.count <= b.count) ? [a, b] : [b, a];
        const activeShare = often.minutes.size / Math.max(windowMinutes, 1);
        if (shared >= rules.followUpMinuteShare * rare.minutes.size && activeShare <= rules.followUpMaxActiveShare) {
          union(
            a.index,
            b.index,
            `${label(rare)} follows ${label(often)} in the same function: ${shared} of its ${rare.minutes.size} active minute${rare.minutes.size === 1 ? "" : "s"} are minutes of the other (${percent(often.minutes.size, windowMinutes)} of the window)`,
          );
          continue;
        }
        let same = 0;
        for (const [minute, n] of a.minutes) if (b.minutes.get(minute) === n) same += 1;
        const all = a.minutes.size + b.minutes.size - shared;
        if (same >= rules.sameCountMinMinutes && same >= rules.sameCountMinuteShare * all) {
          union(a.index, b.index, `${label(a)} and ${label(b)} are logged together in the same function: the same number of entries in ${same} of their ${all} active minutes`);
        }
      }
    }
  }
}

/** The same template text in two scopes of one service, one of them with an httpRequest. */
function sameMessages(facts: readonly Facts[], indexes: readonly number[], union: Union): void {
  const byText = new Map<string, number[]>();
  for (const index of indexes) {
    const item = facts[index] as Facts;
    if (item.candidate.scope.request !== undefined) continue;
    for (const template of new Set(item.candidate.templates)) {
      if (constantWords(template).length < 3) continue;
      const list = byText.get(template);
      if (list === undefined) byText.set(template, [index]);
      else if (!list.includes(index)) list.push(index);
    }
  }
  for (const [template, list] of byText) {
    if (list.length < 2) continue;
    const withHttp = list.filter((index) => (facts[index] as Facts).withHttp);
    const without = list.filter((index) => !(facts[index] as Facts).withHttp);
    const anchor = withHttp[0] ?? list[0];
    if (anchor === undefined || withHttp.length === 0) continue;
    for (const other of [...withHttp.slice(1), ...without]) {
      union(anchor, other, `"${template.length > 60 ? `${template.slice(0, 57)}...` : template}" is one message logged with and without an httpRequest (${(facts[anchor] as Facts).candidate.scopeKey.split("|").pop()} and ${(facts[other] as Facts).candidate.scopeKey.split("|").pop()})`);
    }
  }
}

/** Request logs of one status on many routes in the same minutes; returns each storm's union root and status. */
function stormsOf(facts: readonly Facts[], indexes: readonly number[], rules: ProblemRules, union: Union): Map<number, string> {
  const byStatus = new Map<string, number[]>();
  for (const index of indexes) {
    const item = facts[index] as Facts;
    if (item.candidate.scope.request === undefined) continue;
    for (const status of item.statuses) {
      const list = byStatus.get(status);
      if (list === undefined) byStatus.set(status, [index]);
      else list.push(index);
    }
  }
  const out = new Map<number, string>();
  for (const [status, list] of byStatus) {
    if (list.length < rules.stormRoutes) continue;
    const routesInMinute = new Map<number, number>();
    for (const index of list) for (const minute of (facts[index] as Facts).minutes.keys()) routesInMinute.set(minute, (routesInMinute.get(minute) ?? 0) + 1);
    const joined = list.filter((index) => {
      const item = facts[index] as Facts;
      let inStorm = 0;
      for (const minute of item.minutes.keys()) if ((routesInMinute.get(minute) ?? 0) >= rules.stormRoutes) inStorm += 1;
      return item.minutes.size > 0 && inStorm >= rules.stormMinuteShare * item.minutes.size;
    });
    if (joined.length < rules.stormRoutes) continue;
    let stormMinutes = 0;
    for (const routes of routesInMinute.values()) if (routes >= rules.stormRoutes) stormMinutes += 1;
    const [first, ...rest] = joined;
    for (const other of rest) {
      union(first as number, other, `${label(facts[other] as Facts)} is part of a ${status} storm: ${joined.length} routes answered ${status} in the same ${stormMinutes} minute${stormMinutes === 1 ? "" : "s"} (${rules.stormRoutes} or more routes a minute)`);
    }
    out.set(first as number, status);
    for (const other of rest) out.set(other, status);
  }
  return out;
}

/** Bursts that start with a burst stating a cause, inside its incident and on its instances, are its symptoms. */
function cascades(facts: readonly Facts[], indexes: readonly number[], rules: ProblemRules, windowMinutes: number, union: Union): void {
  const bursts = indexes.filter((index) => {
    const item = facts[index] as Facts;
    return item.count >= rules.cascadeMinEntries && item.minutes.size > 0;
  });
  const causes = bursts
    .filter((index) => {
      const item = facts[index] as Facts;
      return item.statesCause && item.lastMinute - item.firstMinute + 1 <= rules.cascadeMaxSpanShare * windowMinutes;
    })
    .sort((a, b) => compareRoots(facts[a] as Facts, facts[b] as Facts));
  for (const causeIndex of causes) {
    const cause = facts[causeIndex] as Facts;
    const from = cause.firstMinute - rules.cascadeStartMinutes;
    const to = cause.lastMinute + rules.cascadeTailMinutes;
    for (const index of bursts) {
      if (index === causeIndex) continue;
      const item = facts[index] as Facts;
      if (Math.abs(item.firstMinute - cause.firstMinute) > rules.cascadeStartMinutes) continue;
      let inside = 0;
      for (const minute of item.minutes.keys()) if (minute >= from && minute <= to) inside += 1;
      if (inside < rules.cascadeInsideShare * item.minutes.size) continue;
      const sameInstances = intersects(item.instances, cause.instances);
      const unknownInstances = item.instances.size === 0 || cause.instances.size === 0;
      if (!sameInstances && !(unknownInstances && intersects(item.revisions, cause.revisions))) continue;
      union(
        causeIndex,
        index,
        `${label(item)} is a symptom of ${label(cause)}: it started within ${rules.cascadeStartMinutes} minutes of it, ${percent(inside, item.minutes.size)} of its minutes are in the incident, on ${sameInstances ? "the same instances" : "the same revision"}`,
      );
    }
  }
}
