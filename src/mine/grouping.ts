/**
 * Templates from the set of masked shapes the miner holds, decided on the set and never on arrival
 * order: the shapes are taken most frequent first (ties by scope and text), and each one joins the
 * best template of its scope and word count whose differing positions differ only in a value's shape
 * (drain.ts), or starts a new one. A new template then (1) folds with others that differ from it
 * only in one plain word once enough distinct words are seen there (families.ts), and (2) joins a
 * template of another length when they differ only where a variable of variable length sits
 * (alignment.ts). Counts and text are properties of the set, so any order of the same lines gives
 * the same templates, ids and sizes.
 *
 * Candidates are looked up by the first word (a message's first word names its event: `Accepted`
 * and `Failed` never meet), and at most `maxCandidates` templates are compared per shape, so a
 * million distinct templates cost a million bounded searches, not a quadratic scan.
 */
import type { TemplateInfo } from "../model/template.js";
import { alignTemplates } from "./alignment.js";
import { absorb, bestMatch, covers, generaliseToken, isPlainWord, type Cluster } from "./drain.js";
import { ClusterFamilies, type Family } from "./families.js";

/** Same as tokenise.ts WILDCARD; local because imported bindings cost a getter call per use under tsx. */
const WILDCARD = "<*>";
const SCOPE_SEPARATOR = "\u0000";
/** The first-word key of templates whose first word holds a variable or a digit. */
const VARIABLE_FIRST = "\u0001";
/** A template whose first word is a variable checks at most this many lists' newest templates for ones it now covers. */
const COVER_BUDGET_LISTS = 4;
/** Members already in a group are realigned without a gap limit (each was within it when it joined). */
const UNBOUNDED_GAP = { maxGapTokens: Number.MAX_SAFE_INTEGER };

/** One distinct masked shape and how many lines had it. */
export interface Shape {
  readonly id: string;
  readonly scope: string;
  readonly tokens: readonly string[];
  /** The masked line (without the scope): the shape's identity. */
  readonly text: string;
  readonly size: number;
  /** The template as first mined, when the shape came from an older snapshot that stored one. */
  readonly firstTemplate?: string;
}

export interface GroupingRules {
  readonly maxDifferenceRatio: number;
  readonly minDistinctWords: number;
  readonly maxGapTokens: number;
  readonly maxCandidates: number;
}

/** The templates of a set of shapes, and which template each shape is in. */
export interface Grouping {
  /** The template a shape id is in, undefined for an id not in the set. */
  of(shapeId: string): TemplateInfo | undefined;
  /** Every template, in the order they were formed. */
  templates(): TemplateInfo[];
}

/** The order the shapes are taken in: most lines first, then by scope and text, so only the set decides. */
export function canonicalOrder(a: Shape, b: Shape): number {
  if (a.size !== b.size) return b.size - a.size;
  if (a.scope !== b.scope) return a.scope < b.scope ? -1 : 1;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

/** The first-word key: the word itself when it is a plain word, else one shared key. */
function firstKey(tokens: readonly string[]): string {
  const first = tokens[0] ?? "";
  return isPlainWord(first) ? first : VARIABLE_FIRST;
}

interface Ranked extends Cluster {
  /** Formation order, for ties (the earlier template wins). */
  rank: number;
  indexKey: string;
  /** Whether the template holds a `<*>` (two templates without one never align across lengths). */
  variable: boolean;
}

function holdsVariable(tokens: readonly string[]): boolean {
  for (const token of tokens) if (token.includes(WILDCARD)) return true;
  return false;
}

export function groupShapes(shapes: readonly Shape[], rules: GroupingRules): Grouping {
  return new ShapeGrouping(rules).build(shapes);
}

class ShapeGrouping implements Grouping {
  readonly #rules: GroupingRules;
  /** scope + token count → first-word key → templates, oldest first */
  readonly #buckets = new Map<string, Map<string, Ranked[]>>();
  readonly #families: ClusterFamilies;
  readonly #shapeCluster = new Map<string, Ranked>();
  readonly #formed: Ranked[] = [];
  readonly #shapes = new Map<string, Shape>();
  #infos: Map<Cluster, TemplateInfo> | undefined;
  #rank = 0;

  constructor(rules: GroupingRules) {
    this.#rules = rules;
    this.#families = new ClusterFamilies(rules.minDistinctWords);
  }

  /**
   * Each template is named by the member shape whose text sorts first (its id and first template):
   * which shapes exist decides, not their counts, so a problem keeps its fingerprint from one window
   * to the next while its most frequent variant changes.
   */
  #named(): Map<Cluster, TemplateInfo> {
    if (this.#infos !== undefined) return this.#infos;
    const names = new Map<Cluster, Shape>();
    for (const [shapeId, cluster] of this.#shapeCluster) {
      const root = this.#rootOf(cluster);
      const shape = this.#shapes.get(shapeId) as Shape;
      const held = names.get(root);
      if (held === undefined || shape.text < held.text || (shape.text === held.text && shape.id < held.id)) names.set(root, shape);
    }
    this.#infos = new Map();
    for (const cluster of this.#formed) {
      const name = names.get(cluster);
      if (name === undefined) continue;
      const members = cluster.groupMembers ?? [];
      this.#infos.set(cluster, {
        templateId: name.id,
        scope: cluster.scope,
        template: (cluster.groupTokens ?? cluster.tokens).join(" "),
        firstTemplate: name.firstTemplate ?? name.text,
        size: members.reduce((total, member) => total + member.size, cluster.size),
      });
    }
    return this.#infos;
  }

  #rootOf(cluster: Cluster): Cluster {
    let current = cluster;
    while (current.mergedInto !== undefined) current = current.mergedInto;
    // shorten the chain for the next lookup: folds into folds would otherwise be walked once per shape
    for (let step = cluster; step.mergedInto !== undefined && step.mergedInto !== current; ) {
      const next: Cluster = step.mergedInto;
      step.mergedInto = current;
      step = next;
    }
    return current.group ?? current;
  }

  of(shapeId: string): TemplateInfo | undefined {
    const found = this.#shapeCluster.get(shapeId);
    return found === undefined ? undefined : this.#named().get(this.#rootOf(found));
  }

  templates(): TemplateInfo[] {
    return [...this.#named().values()];
  }

  build(shapes: readonly Shape[]): this {
    for (const shape of shapes) this.#shapes.set(shape.id, shape);
    const ordered = [...shapes].sort(canonicalOrder);
    for (const shape of ordered) this.#place(shape);
    return this;
  }

  #place(shape: Shape): void {
    const tokens = shape.tokens;
    const bucketKey = shape.scope + SCOPE_SEPARATOR + tokens.length;
    const match = this.#bestMatch(bucketKey, tokens);
    if (match === undefined) {
      const cluster = this.#create(shape, bucketKey);
      this.#shapeCluster.set(shape.id, cluster);
      const family = this.#families.register(bucketKey, cluster);
      const survivor = family === undefined ? cluster : this.#fold(family, bucketKey);
      if (survivor === cluster) this.#joinRelative(cluster);
      return;
    }
    this.#shapeCluster.set(shape.id, match);
    match.size += shape.size;
    if (absorb(match, tokens)) {
      this.#reindex(match, bucketKey);
      this.#foldCovered(match, bucketKey);
      this.#refreshGroup(match.group ?? match);
    }
  }

  /** The templates a line could join: those with its first word, and those whose first word is a variable. */
  #candidates(bucketKey: string, tokens: readonly string[]): Ranked[] {
    const bucket = this.#buckets.get(bucketKey);
    if (bucket === undefined) return [];
    const key = firstKey(tokens);
    const cap = this.#rules.maxCandidates;
    const own = bucket.get(key) ?? [];
    const variable = key === VARIABLE_FIRST ? [] : (bucket.get(VARIABLE_FIRST) ?? []);
    // the newest `cap` of each list: a bound on work per shape however many templates share a first word
    return [...(own.length > cap ? own.slice(-cap) : own), ...(variable.length > cap ? variable.slice(-cap) : variable)];
  }

  #bestMatch(bucketKey: string, tokens: readonly string[]): Ranked | undefined {
    const candidates = this.#candidates(bucketKey, tokens);
    if (candidates.length === 0) return undefined;
    // bestMatch keeps the first of equal scores: oldest first over both lists
    if (candidates.length > 1) candidates.sort((a, b) => a.rank - b.rank);
    return bestMatch(candidates, tokens, this.#rules) as Ranked | undefined;
  }

  #create(shape: Shape, bucketKey: string): Ranked {
    const cluster: Ranked = {
      id: shape.id,
      scope: shape.scope,
      tokens: [...shape.tokens],
      firstTemplate: shape.text,
      size: shape.size,
      evicted: false,
      rank: this.#rank++,
      indexKey: firstKey(shape.tokens),
      variable: holdsVariable(shape.tokens),
    };
    this.#listFor(bucketKey, cluster.indexKey).push(cluster);
    this.#formed.push(cluster);
    return cluster;
  }

  #listFor(bucketKey: string, key: string): Ranked[] {
    let bucket = this.#buckets.get(bucketKey);
    if (bucket === undefined) this.#buckets.set(bucketKey, (bucket = new Map()));
    let list = bucket.get(key);
    if (list === undefined) bucket.set(key, (list = []));
    return list;
  }

  /** A template whose first word became a variable moves to that list, keeping formation order. */
  #reindex(cluster: Ranked, bucketKey: string): void {
    cluster.variable = holdsVariable(cluster.tokens);
    const key = firstKey(cluster.tokens);
    if (key === cluster.indexKey) return;
    this.#unlist(cluster, bucketKey);
    cluster.indexKey = key;
    const list = this.#listFor(bucketKey, key);
    let at = list.length;
    while (at > 0 && (list[at - 1] as Ranked).rank > cluster.rank) at -= 1;
    list.splice(at, 0, cluster);
  }

  #unlist(cluster: Ranked, bucketKey: string): void {
    const bucket = this.#buckets.get(bucketKey);
    const list = bucket?.get(cluster.indexKey);
    if (bucket === undefined || list === undefined) return;
    // lists are in formation order: a binary search, not a scan of a list that may hold every template of a first word
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((list[middle] as Ranked).rank < cluster.rank) low = middle + 1;
      else high = middle;
    }
    if (list[low] === cluster) list.splice(low, 1);
    if (list.length === 0) bucket.delete(cluster.indexKey);
  }

  /** Folds a family into its oldest member, which keeps its id; the others resolve to it. */
  #fold(family: Family, bucketKey: string): Cluster {
    const members = [...family.members].sort((a, b) => (a as Ranked).rank - (b as Ranked).rank) as Ranked[];
    const [survivor, ...others] = members;
    if (survivor === undefined) throw new Error("empty family");
    // `user=root`, `user=admin`, `user=guest` fold to `user=<*>`, not to a bare `<*>`
    let generalised = survivor.tokens[family.position] as string;
    for (const other of others) generalised = generaliseToken(generalised, other.tokens[family.position] as string);
    survivor.tokens[family.position] = generalised;
    for (const other of others) this.#foldInto(survivor, other, bucketKey);
    this.#reindex(survivor, bucketKey);
    this.#foldCovered(survivor, bucketKey);
    return survivor;
  }

  #foldInto(survivor: Ranked, other: Ranked, bucketKey: string): void {
    if (absorb(survivor, other.tokens)) this.#reindex(survivor, bucketKey);
    survivor.size += other.size;
    other.mergedInto = survivor;
    this.#unlist(other, bucketKey);
    // group links pass to the survivor
    if (other.group !== undefined) {
      const formerRoot = other.group;
      this.#leaveGroup(other);
      if (survivor.group === undefined && survivor.groupMembers === undefined && formerRoot !== survivor) this.#link(formerRoot, survivor);
    }
    const root = survivor.group ?? survivor;
    for (const member of other.groupMembers ?? []) if (member !== root && member.group === other) this.#link(root, member);
    other.groupMembers = undefined;
    other.groupTokens = undefined;
    this.#refreshGroup(root);
  }

  /**
   * After a template generalises, other templates of its bucket that it now covers are folded into
   * it. A template with a plain first word covers only templates with that word.
   */
  #foldCovered(survivor: Ranked, bucketKey: string): void {
    const bucket = this.#buckets.get(bucketKey);
    if (bucket === undefined) return;
    const lists = survivor.indexKey === VARIABLE_FIRST ? bucket.values() : [bucket.get(survivor.indexKey) ?? []];
    const covered: Ranked[] = [];
    // a template whose first word is a variable may cover any first word's: the lists it reads are bounded too
    let budget = COVER_BUDGET_LISTS * this.#rules.maxCandidates;
    for (const list of lists) {
      const recent = list.length > this.#rules.maxCandidates ? list.slice(-this.#rules.maxCandidates) : list;
      for (const other of recent) if (other !== survivor && covers(survivor.tokens, other.tokens)) covered.push(other);
      budget -= recent.length;
      if (budget <= 0) break;
    }
    covered.sort((a, b) => a.rank - b.rank);
    for (const other of covered) this.#foldInto(survivor, other, bucketKey);
  }

  /**
   * A new template joins a template of another length that it aligns with (see `alignTemplates`),
   * so a variable that spans one or several words stays one template.
   */
  #joinRelative(cluster: Ranked): void {
    const length = cluster.tokens.length;
    // two templates without a variable never align (a gap must hold or touch one)
    const variable = cluster.variable;
    for (let distance = 1; distance <= this.#rules.maxGapTokens; distance += 1) {
      for (const other of [length - distance, length + distance]) {
        if (other <= 0) continue;
        const candidates = this.#candidates(cluster.scope + SCOPE_SEPARATOR + other, cluster.tokens);
        if (candidates.length > 1) candidates.sort((a, b) => a.rank - b.rank);
        for (const candidate of candidates) {
          if (!variable && !candidate.variable && candidate.group === undefined && candidate.groupTokens === undefined) continue;
          const root = candidate.group ?? candidate;
          // the first word names the event (as in families.ts): a cheap filter before the alignment
          const first = root.tokens[0] ?? "";
          const newFirst = cluster.tokens[0] ?? "";
          if (first !== newFirst && !first.includes(WILDCARD) && !newFirst.includes(WILDCARD)) continue;
          // a full group takes no more members: its template is realigned over every member when one changes
          if ((root.groupMembers?.length ?? 0) >= this.#rules.maxCandidates) continue;
          const aligned = alignTemplates(root.groupTokens ?? root.tokens, cluster.tokens, this.#rules);
          if (aligned !== undefined) {
            this.#link(root, cluster);
            // the same as realigning every member: the template so far, then the newest member (the
            // gap limit only refuses an alignment, so this one is also the unbounded one)
            root.groupTokens = aligned;
            return;
          }
        }
      }
    }
  }

  #link(root: Cluster, member: Cluster): void {
    member.group = root;
    (root.groupMembers ??= []).push(member);
  }

  #leaveGroup(member: Cluster): void {
    const root = member.group;
    if (root === undefined) return;
    member.group = undefined;
    root.groupMembers = (root.groupMembers ?? []).filter((other) => other !== member);
    this.#refreshGroup(root);
  }

  /** Recomputes the template that covers a group's members. */
  #refreshGroup(root: Cluster): void {
    if (root.groupMembers === undefined || root.groupMembers.length === 0) {
      root.groupMembers = undefined;
      root.groupTokens = undefined;
      return;
    }
    let merged: string[] = [...root.tokens];
    for (const member of root.groupMembers) merged = alignTemplates(merged, member.tokens, UNBOUNDED_GAP) ?? merged;
    root.groupTokens = merged;
  }
}

