/**
 * Which templates of one scope are one problem (the rule `group.ts` applies at the end). Two templates are merged when
 *  - their entries co-occur (same trace, or for entries without a trace the same instance within
 *    `coOccurrenceMs`) in at least `coOccurrenceShare` of the occurrences of EACH of them: a warning
 *    and the follow-up the same function logs two lines later. Requiring both directions keeps a
 *    frequent template (a per-request warning) from absorbing rarer ones that happen to share
 *    requests with it; or
 *  - one template's constant words appear, in order, among the other's (at least `minContainedWords`
 *    of them): the miner split one message because a variable part changed its word count.
 * Two templates that differ in one constant word are not merged by the second rule, which is
 * what keeps `Failed to refresh token cache` and `Failed to refresh session cache` apart.
 */
import { WILDCARD } from "../mine/tokenise.js";
import { OpenTraces } from "./open-traces.js";
import { idHash } from "./stats.js";

export interface CoOccurrenceLimits {
  readonly coOccurrenceMs: number;
  /** Traces whose entries are still being collected; the oldest is folded into the counts beyond it. */
  readonly maxOpenTraces: number;
  /** Recent untraced entries remembered per scope and instance. */
  readonly maxRecentPerInstance: number;
}

interface RecentEntry {
  readonly timeMs: number;
  readonly templateId: string;
  /** Templates already credited as this entry's partners. */
  readonly partners: Set<string>;
}

const EMPTY: ReadonlyMap<string, number> = new Map();

/** Counts, per ordered pair (A, B) of templates in one scope, the entries of A that had a B beside them. */
export class CoOccurrence {
  readonly #limits: CoOccurrenceLimits;
  /**
   * trace (as its 53-bit idHash) → its one entry's template, or template → entries once it has more
   * than one, least recently used first. Hashes, not the trace names: 100k open traces held ~8 MiB of
   * names, the largest part of the live heap in a snapshot of bench/pipeline.bench.ts at 300k entries,
   * and V8 lets the heap grow to a multiple of what is live (OpenTraces keeps the rest off the heap).
   * Two traces sharing a hash (~1e-6 among 100k) would pool their templates.
   */
  readonly #traces = new OpenTraces<string | Map<string, number>>();
  readonly #recent = new Map<string, RecentEntry[]>();
  readonly #pairs = new Map<string, Map<string, number>>();

  constructor(limits: CoOccurrenceLimits) {
    this.#limits = limits;
  }

  /** `where` is the entry itself in the pipeline: only its trace, instance and time are read. */
  add(scope: string, templateId: string, where: { readonly trace?: string; readonly instanceId?: string; readonly timeMs?: number }): void {
    if (where.trace !== undefined) {
      // Keyed by trace alone: template ids are unique across scopes, and only same-scope pairs are ever merged.
      const key = idHash(where.trace);
      const open = this.#traces.get(key);
      if (open === undefined) {
        if (this.#traces.size >= this.#limits.maxOpenTraces) this.#closeOldestTrace();
        this.#traces.set(key, templateId);
        return;
      }
      // set again below: that makes it the most recently used
      if (typeof open === "string") {
        const templates = new Map([[open, 1]]);
        templates.set(templateId, (templates.get(templateId) ?? 0) + 1);
        this.#traces.set(key, templates);
      } else {
        open.set(templateId, (open.get(templateId) ?? 0) + 1);
        this.#traces.set(key, open);
      }
      return;
    }
    if (where.instanceId === undefined || where.timeMs === undefined) return;
    const key = `${scope}\u0000${where.instanceId}`;
    let recent = this.#recent.get(key);
    if (recent === undefined) {
      recent = [];
      this.#recent.set(key, recent);
    }
    const timeMs = where.timeMs;
    // Input runs oldest-first or newest-first; either way the far end of the list drops out first.
    while (recent.length > 0 && Math.abs((recent[0] as RecentEntry).timeMs - timeMs) > this.#limits.coOccurrenceMs) recent.shift();
    const entry: RecentEntry = { timeMs, templateId, partners: new Set() };
    for (const other of recent) {
      if (other.templateId === templateId || Math.abs(other.timeMs - timeMs) > this.#limits.coOccurrenceMs) continue;
      if (!other.partners.has(templateId)) {
        other.partners.add(templateId);
        this.#credit(other.templateId, templateId, 1);
      }
      if (!entry.partners.has(other.templateId)) {
        entry.partners.add(other.templateId);
        this.#credit(templateId, other.templateId, 1);
      }
    }
    recent.push(entry);
    if (recent.length > this.#limits.maxRecentPerInstance) recent.shift();
  }

  /** Entries of `from` counted elsewhere (a query engine) as having a `to` beside them. */
  credit(from: string, to: string, entries: number): void {
    this.#credit(from, to, entries);
  }

  #credit(from: string, to: string, entries: number): void {
    let row = this.#pairs.get(from);
    if (row === undefined) {
      row = new Map();
      this.#pairs.set(from, row);
    }
    row.set(to, (row.get(to) ?? 0) + entries);
  }

  #closeTrace(templates: string | Map<string, number>): void {
    if (typeof templates === "string" || templates.size < 2) return;
    for (const [a, entries] of templates) for (const b of templates.keys()) if (a !== b) this.#credit(a, b, entries);
  }

  #closeOldestTrace(): void {
    const oldest = this.#traces.shiftOldest();
    if (oldest !== undefined) this.#closeTrace(oldest);
  }

  /** Folds every open trace in; call once, at the end. */
  close(): void {
    for (const templates of this.#traces.values()) this.#closeTrace(templates);
    this.#traces.clear();
    this.#recent.clear();
  }

  /**
   * Renames template ids after the miner merged templates: counts of ids that became one are summed,
   * and what a template shared with its own merged-away half is dropped. Call after `close`.
   */
  renameTemplates(rename: (templateId: string) => string): void {
    const renamed = new Map<string, Map<string, number>>();
    for (const [from, row] of this.#pairs) {
      const newFrom = rename(from);
      for (const [to, entries] of row) {
        const newTo = rename(to);
        if (newTo === newFrom) continue;
        let target = renamed.get(newFrom);
        if (target === undefined) {
          target = new Map();
          renamed.set(newFrom, target);
        }
        target.set(newTo, (target.get(newTo) ?? 0) + entries);
      }
    }
    this.#pairs.clear();
    for (const [from, row] of renamed) this.#pairs.set(from, row);
  }

  /** Templates that had entries beside entries of `from`, with how many of `from`'s entries did. */
  partners(from: string): ReadonlyMap<string, number> {
    return this.#pairs.get(from) ?? EMPTY;
  }

  /** Entries of `from` that had an entry of `to` beside them. */
  count(from: string, to: string): number {
    return this.#pairs.get(from)?.get(to) ?? 0;
  }
}

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/**
 * The template's words that are not (and do not hold) a variable, without the punctuation at their
 * edges: a list that grew by one item ends `duplication',` where the short one ended `duplication']`.
 */
export function constantWords(template: string): string[] {
  const words: string[] = [];
  for (const word of template.split(" ")) {
    if (word === "" || word.includes(WILDCARD)) continue;
    const bare = word.replace(EDGE_PUNCTUATION, "");
    if (bare !== "") words.push(bare);
  }
  return words;
}

/** Whether `inner` appears in `outer` in order (not necessarily adjacent). */
export function isSubsequence(inner: readonly string[], outer: readonly string[]): boolean {
  let at = 0;
  for (const word of outer) if (at < inner.length && word === inner[at]) at += 1;
  return at === inner.length;
}

export interface GroupMember {
  readonly templateId: string;
  readonly scope: string;
  readonly fingerprint: string;
  readonly template: string;
  readonly count: number;
  readonly line?: number;
}

export interface GroupRules {
  readonly coOccurrenceShare: number;
  readonly minContainedWords: number;
  /** Templates per scope compared pairwise for contained words; past it only co-occurrence merges (bounds the quadratic step). */
  readonly maxTemplatesCompared: number;
}

export interface TemplateGroup {
  /** Lowest source line first, then fingerprint: the first is the primary. */
  readonly members: readonly GroupMember[];
  readonly mergeReasons: readonly string[];
}

function compareMembers(a: GroupMember, b: GroupMember): number {
  const lineA = a.line ?? Number.POSITIVE_INFINITY;
  const lineB = b.line ?? Number.POSITIVE_INFINITY;
  if (lineA !== lineB) return lineA < lineB ? -1 : 1;
  return a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / Math.max(whole, 1))}%`;
}

function describe(member: GroupMember): string {
  const words = member.template.length > 60 ? `${member.template.slice(0, 57)}...` : member.template;
  return member.line === undefined ? `"${words}"` : `line ${member.line} "${words}"`;
}

/** Splits templates into issue groups; deterministic for the same members and counts. */
export function groupTemplates(members: readonly GroupMember[], coOccurrence: CoOccurrence, rules: GroupRules, coOccurrenceMs: number): TemplateGroup[] {
  const byScope = new Map<string, GroupMember[]>();
  for (const member of [...members].sort(compareMembers)) {
    const list = byScope.get(member.scope);
    if (list === undefined) byScope.set(member.scope, [member]);
    else list.push(member);
  }
  const groups: TemplateGroup[] = [];
  for (const scoped of byScope.values()) {
    const parent = scoped.map((_, index) => index);
    const find = (index: number): number => {
      let root = index;
      while (parent[root] !== root) root = parent[root] as number;
      return root;
    };
    const reasons = new Map<number, string[]>();
    const union = (a: number, b: number, reason: string): void => {
      const rootA = find(a);
      const rootB = find(b);
      if (rootA === rootB) return;
      const [keep, drop] = rootA < rootB ? [rootA, rootB] : [rootB, rootA];
      parent[drop] = keep;
      reasons.set(keep, [...(reasons.get(keep) ?? []), ...(reasons.get(drop) ?? []), reason]);
      reasons.delete(drop);
    };
    const indexOf = new Map(scoped.map((member, index) => [member.templateId, index] as const));
    for (let i = 0; i < scoped.length; i += 1) {
      const a = scoped[i] as GroupMember;
      for (const [partner, aWithB] of coOccurrence.partners(a.templateId)) {
        const j = indexOf.get(partner);
        if (j === undefined || j <= i) continue;
        const b = scoped[j] as GroupMember;
        const bWithA = coOccurrence.count(b.templateId, a.templateId);
        if (aWithB >= rules.coOccurrenceShare * a.count && bWithA >= rules.coOccurrenceShare * b.count) {
          union(
            i,
            j,
            `${describe(b)} logged together with ${describe(a)}: ${percent(bWithA, b.count)} and ${percent(aWithB, a.count)} of their entries share a trace or an instance within ${coOccurrenceMs} ms`,
          );
        }
      }
    }
    if (scoped.length <= rules.maxTemplatesCompared) {
      const words = scoped.map((member) => constantWords(member.template));
      for (let i = 0; i < scoped.length; i += 1) {
        for (let j = i + 1; j < scoped.length; j += 1) {
          if (find(i) === find(j)) continue;
          const a = scoped[i] as GroupMember;
          const b = scoped[j] as GroupMember;
          const wordsA = words[i] as string[];
          const wordsB = words[j] as string[];
          const [inner, outer, innerMember, outerMember] = wordsA.length <= wordsB.length ? [wordsA, wordsB, a, b] : [wordsB, wordsA, b, a];
          if (inner.length >= rules.minContainedWords && isSubsequence(inner, outer)) {
            union(i, j, `${describe(outerMember)} (${outer.length} constant words) contains all ${inner.length} of ${describe(innerMember)}, in order`);
          }
        }
      }
    }
    const components = new Map<number, GroupMember[]>();
    scoped.forEach((member, index) => {
      const root = find(index);
      const list = components.get(root);
      if (list === undefined) components.set(root, [member]);
      else list.push(member);
    });
    for (const [root, list] of components) groups.push({ members: list.sort(compareMembers), mergeReasons: reasons.get(root) ?? [] });
  }
  return groups;
}
