/**
 * The template miner: an online, streaming, Drain-class miner with one configuration for every log type.
 *
 * Per line: split on whitespace and mask variable shapes (masking.ts); a line whose masked shape was
 * seen before goes straight to its template (one Map lookup); otherwise it joins the best template of
 * the same scope and word count whose differing positions differ only in a value's shape (drain.ts),
 * or starts a new one. A new template then (1) folds with others that differ from it only in one
 * plain word once three distinct words are seen there (families.ts), and (2) joins a template of
 * another length when they differ only where a variable of variable length sits (alignment.ts).
 * Ids are hashes of scope and first template and never change; folded ids keep resolving.
 * Measured in bench/mine.bench.ts (GA/FGA/PA/FTA on every Loghub ground truth, lines/s, peak RSS).
 */
import type { MineOutcome, TemplateInfo } from "../model/template.js";
import { LruOrder } from "./cluster-cache.js";
import { alignTemplates } from "./alignment.js";
import { absorb, bestMatch, covers, generaliseToken, type Cluster } from "./drain.js";
import { ClusterFamilies, type Family } from "./families.js";
import { maskCalendarWords, maskWord } from "./masking.js";
import { extractParameters, templatePattern } from "./parameters.js";
import { MINER_SNAPSHOT_VERSION, parseMinerSnapshot, type MinerSnapshot } from "./snapshot.js";
import { templateIdFor } from "./template-id.js";
import { tokenise } from "./tokenise.js";

/** Same as tokenise.ts WILDCARD; local because imported bindings cost a getter call per use under tsx. */
const WILDCARD = "<*>";
// hot functions held locally for the same reason (bench/mine.bench.ts)
const maskOneWord = maskWord;
const maskDates = maskCalendarWords;
const splitLine = tokenise;

export interface MinerOptions {
  /** LRU bound on clusters held; the least recently used is evicted and counted. */
  maxClusters: number;
  /** Words compared per line; the rest of a longer line becomes one trailing `<*>`, so it still clusters on its prefix. */
  maxTokensPerLine: number;
  /** Characters of a message read; a longer message is mined on its prefix, never dropped. */
  maxLineLength: number;
  /** Share of positions whose constants may differ for a line to join a template (Drain's similarity threshold, inverted). */
  maxDifferenceRatio: number;
  /** Distinct plain words seen at one position (all else equal) before it becomes `<*>`; fewer stay separate templates. */
  minDistinctWords: number;
  /** Longest run of tokens by which two templates of different lengths may differ, where a variable of variable length sits, and still be one template. */
  maxGapTokens: number;
  /** Bound on the masked-shape → cluster lookup that lets repeated shapes skip the similarity search; cleared when full. */
  maxCachedShapes: number;
}

export const DEFAULT_MINER_OPTIONS: Readonly<MinerOptions> = {
  maxClusters: 50_000,
  maxTokensPerLine: 128,
  maxLineLength: 4096,
  maxDifferenceRatio: 0.3,
  minDistinctWords: 3,
  maxGapTokens: 5,
  maxCachedShapes: 200_000,
};

export interface MinerStats {
  readonly lines: number;
  readonly clusters: number;
  readonly created: number;
  /** Lines whose masked shape was not cached and needed the similarity search. */
  readonly searches: number;
  readonly evictions: number;
  /** Lines longer than `maxLineLength`, mined on their prefix. */
  readonly truncatedLines: number;
  /** Lines with more than `maxTokensPerLine` words, mined on their first words. */
  readonly truncatedTokens: number;
}

export interface MineResult {
  readonly templateId: string;
  readonly outcome: MineOutcome;
}

export interface TemplateMiner {
  /** Mines one message; `scope` partitions the miner (templates never merge across scopes). */
  add(text: string, scope?: string): MineResult;
  template(templateId: string): TemplateInfo | undefined;
  templates(): TemplateInfo[];
  /** The variable values of `text` under the template it was mined into; undefined if it no longer fits. */
  parameters(templateId: string, text: string): string[] | undefined;
  toSnapshot(): MinerSnapshot;
  stats(): MinerStats;
}

const SCOPE_SEPARATOR = "\u0000";

class DrainMiner implements TemplateMiner {
  readonly #options: MinerOptions;
  readonly #byId = new Map<string, Cluster>();
  /** scope + token count → clusters, oldest first */
  readonly #buckets = new Map<string, Cluster[]>();
  readonly #shapes = new Map<string, Cluster>();
  readonly #lru = new LruOrder<Cluster>();
  /** ids of clusters folded into another: old id → survivor */
  readonly #aliases = new Map<string, Cluster>();
  readonly #families: ClusterFamilies;
  readonly #patterns = new Map<string, { template: string; pattern: RegExp }>();
  #lines = 0;
  #created = 0;
  #searches = 0;
  #evictions = 0;
  #truncatedLines = 0;
  #truncatedTokens = 0;

  constructor(options: MinerOptions, snapshot?: MinerSnapshot) {
    this.#options = options;
    this.#families = new ClusterFamilies(options.minDistinctWords);
    if (snapshot !== undefined) {
      const state = parseMinerSnapshot(snapshot);
      for (const row of state.clusters) {
        this.#insert({ id: row.id, scope: row.scope, tokens: [...row.tokens], firstTemplate: row.firstTemplate, size: row.size, evicted: false });
      }
      const roots = new Set<Cluster>();
      for (const row of state.clusters) {
        const member = this.#byId.get(row.id);
        const root = row.group === undefined ? undefined : this.#byId.get(row.group);
        if (member === undefined || root === undefined || root === member || root.group !== undefined) continue;
        this.#link(root, member);
        roots.add(root);
      }
      for (const root of roots) this.#refreshGroup(root);
      for (const { id, target } of state.aliases) {
        const cluster = this.#byId.get(target);
        if (cluster !== undefined && !this.#byId.has(id)) this.#aliases.set(id, cluster);
      }
    }
  }

  add(text: string, scope = ""): MineResult {
    this.#lines += 1;
    const line = splitLine(text, this.#options.maxLineLength, this.#options.maxTokensPerLine, maskOneWord);
    if (line.lineTruncated) this.#truncatedLines += 1;
    if (line.tokensTruncated) this.#truncatedTokens += 1;
    const tokens = line.words;
    maskDates(tokens);
    // the default scope keys by the masked line alone (one string copy less per line)
    const shape = scope === "" ? tokens.join(" ") : scope + SCOPE_SEPARATOR + tokens.join(" ");

    const known = this.#shapes.get(shape);
    const live = known === undefined ? undefined : concrete(known);
    if (live !== undefined) return this.#seen(live, "unchanged");

    this.#searches += 1;
    const bucketKey = scope + SCOPE_SEPARATOR + tokens.length;
    const bucket = this.#buckets.get(bucketKey);
    const match = bucket === undefined ? undefined : bestMatch(bucket, tokens, this.#options);
    let result: MineResult;
    if (match === undefined) {
      const cluster = this.#create(scope, tokens);
      this.#remember(shape, cluster);
      // the family index shares the shape bound: cleared when full, families then restart
      if (this.#families.size >= this.#options.maxCachedShapes) this.#families.clear();
      const family = this.#families.register(bucketKey, cluster);
      const survivor = family === undefined ? cluster : this.#fold(family);
      if (survivor === cluster) this.#joinRelative(cluster);
      // the line reports the id it was created under, or its group's; either resolves to the survivor
      result = { templateId: (cluster.group ?? cluster).id, outcome: survivor === cluster && cluster.group === undefined ? "created" : "updated" };
    } else {
      const changed = absorb(match, tokens);
      if (changed) {
        this.#foldCovered(match, bucketKey);
        this.#refreshGroup(match.group ?? match);
      }
      result = this.#seen(match, changed ? "updated" : "unchanged");
      this.#remember(shape, match);
    }
    return result;
  }

  /** Folds a family into its oldest member, which keeps its id; the others become aliases of it. */
  #fold(family: Family): Cluster {
    const [survivor, ...others] = family.members;
    if (survivor === undefined) throw new Error("empty family");
    // `user=root`, `user=admin`, `user=guest` fold to `user=<*>`, not to a bare `<*>`
    let generalised = survivor.tokens[family.position] as string;
    for (const other of others) generalised = generaliseToken(generalised, other.tokens[family.position] as string);
    survivor.tokens[family.position] = generalised;
    for (const other of others) this.#foldInto(survivor, other);
    this.#foldCovered(survivor, survivor.scope + SCOPE_SEPARATOR + survivor.tokens.length);
    return survivor;
  }

  #foldInto(survivor: Cluster, other: Cluster): void {
    absorb(survivor, other.tokens);
    survivor.size += other.size;
    other.mergedInto = survivor;
    this.#aliases.set(other.id, survivor);
    this.#remove(other);
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
   * A new template of a length not seen for its shape joins a template of another length that it
   * aligns with (see `alignTemplates`), so a variable that spans one or several words stays one template.
   */
  #joinRelative(cluster: Cluster): void {
    const length = cluster.tokens.length;
    for (let distance = 1; distance <= this.#options.maxGapTokens; distance += 1) {
      for (const other of [length - distance, length + distance]) {
        const bucket = this.#buckets.get(cluster.scope + SCOPE_SEPARATOR + other);
        if (bucket === undefined) continue;
        for (const candidate of bucket) {
          const root = candidate.group ?? candidate;
          // the first word names the event (as in families.ts): a cheap filter before the alignment
          const first = root.tokens[0] ?? "";
          const newFirst = cluster.tokens[0] ?? "";
          if (first !== newFirst && !first.includes(WILDCARD) && !newFirst.includes(WILDCARD)) continue;
          if (alignTemplates(root.groupTokens ?? root.tokens, cluster.tokens, this.#options) !== undefined) {
            this.#link(root, cluster);
            this.#refreshGroup(root);
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
    for (const member of root.groupMembers) merged = alignTemplates(merged, member.tokens, { maxGapTokens: Number.MAX_SAFE_INTEGER }) ?? merged;
    root.groupTokens = merged;
  }

  /**
   * After a template generalises, other templates of its bucket that it now covers are folded into
   * it, so the grouping does not depend on which of them was seen first.
   */
  #foldCovered(survivor: Cluster, bucketKey: string): void {
    const bucket = this.#buckets.get(bucketKey);
    if (bucket === undefined || bucket.length < 2) return;
    const covered = bucket.filter((other) => other !== survivor && covers(survivor.tokens, other.tokens));
    for (const other of covered) this.#foldInto(survivor, other);
  }

  #seen(cluster: Cluster, outcome: MineOutcome): MineResult {
    cluster.size += 1;
    this.#lru.touch(cluster);
    const templateId = (cluster.group ?? cluster).id;
    if (outcome !== "unchanged") return { templateId, outcome };
    // most lines get this answer: one shared, frozen object per cluster saves an allocation per line
    const shared = cluster.unchanged;
    if (shared !== undefined && shared.templateId === templateId) return shared;
    return (cluster.unchanged = Object.freeze({ templateId, outcome }));
  }

  #remember(shape: string, cluster: Cluster): void {
    if (this.#shapes.size >= this.#options.maxCachedShapes) this.#shapes.clear();
    this.#shapes.set(shape, cluster);
  }

  #create(scope: string, tokens: string[]): Cluster {
    const firstTemplate = tokens.join(" ");
    const baseId = templateIdFor(scope, firstTemplate);
    let id = baseId;
    for (let suffix = 2; this.#byId.has(id); suffix += 1) id = `${baseId}-${suffix}`;
    const cluster: Cluster = { id, scope, tokens: [...tokens], firstTemplate, size: 1, evicted: false };
    this.#insert(cluster);
    this.#created += 1;
    while (this.#lru.size > this.#options.maxClusters) this.#evictOldest();
    return cluster;
  }

  #insert(cluster: Cluster): void {
    const bucketKey = cluster.scope + SCOPE_SEPARATOR + cluster.tokens.length;
    const bucket = this.#buckets.get(bucketKey);
    if (bucket === undefined) this.#buckets.set(bucketKey, [cluster]);
    else bucket.push(cluster);
    this.#byId.set(cluster.id, cluster);
    this.#lru.touch(cluster);
  }

  #evictOldest(): void {
    const oldest = this.#lru.takeOldest();
    if (oldest === undefined) return;
    oldest.evicted = true;
    this.#remove(oldest);
    // members of an evicted group root stand on their own again
    for (const member of oldest.groupMembers ?? []) member.group = undefined;
    oldest.groupMembers = undefined;
    if (oldest.group !== undefined) this.#leaveGroup(oldest);
    this.#evictions += 1;
  }

  #remove(cluster: Cluster): void {
    this.#byId.delete(cluster.id);
    this.#lru.delete(cluster);
    this.#patterns.delete(cluster.id);
    const bucketKey = cluster.scope + SCOPE_SEPARATOR + cluster.tokens.length;
    const bucket = this.#buckets.get(bucketKey);
    if (bucket !== undefined) {
      const remaining = bucket.filter((member) => member !== cluster);
      if (remaining.length === 0) this.#buckets.delete(bucketKey);
      else this.#buckets.set(bucketKey, remaining);
    }
  }

  /** The group root or lone cluster an id stands for now, following folds. */
  #lookup(templateId: string): Cluster | undefined {
    const found = this.#byId.get(templateId) ?? this.#aliases.get(templateId);
    return found === undefined ? undefined : resolve(found);
  }

  template(templateId: string): TemplateInfo | undefined {
    const cluster = this.#lookup(templateId);
    return cluster === undefined ? undefined : toInfo(cluster);
  }

  templates(): TemplateInfo[] {
    return [...this.#byId.values()].filter((cluster) => cluster.group === undefined).map(toInfo);
  }

  parameters(templateId: string, text: string): string[] | undefined {
    const cluster = this.#lookup(templateId);
    if (cluster === undefined) return undefined;
    const template = (cluster.groupTokens ?? cluster.tokens).join(" ");
    let cached = this.#patterns.get(cluster.id);
    if (cached === undefined || cached.template !== template) {
      cached = { template, pattern: templatePattern(template) };
      this.#patterns.set(cluster.id, cached);
    }
    const prefix = text.length > this.#options.maxLineLength ? text.slice(0, this.#options.maxLineLength) : text;
    return extractParameters(template, prefix, cached.pattern);
  }

  toSnapshot(): MinerSnapshot {
    const clusters = [...this.#lru.values()].map((cluster) => ({
      id: cluster.id,
      scope: cluster.scope,
      tokens: [...cluster.tokens],
      firstTemplate: cluster.firstTemplate,
      size: cluster.size,
      ...(cluster.group === undefined ? {} : { group: cluster.group.id }),
    }));
    const aliases: { id: string; target: string }[] = [];
    for (const [id, cluster] of this.#aliases) {
      const target = concrete(cluster);
      if (target !== undefined) aliases.push({ id, target: target.id });
    }
    return { version: MINER_SNAPSHOT_VERSION, clusters, aliases };
  }

  stats(): MinerStats {
    return {
      lines: this.#lines,
      clusters: this.#byId.size,
      created: this.#created,
      searches: this.#searches,
      evictions: this.#evictions,
      truncatedLines: this.#truncatedLines,
      truncatedTokens: this.#truncatedTokens,
    };
  }
}

/** The live cluster a reference leads to, following folds; undefined once evicted. */
function concrete(cluster: Cluster): Cluster | undefined {
  let current = cluster;
  while (current.mergedInto !== undefined) current = current.mergedInto;
  return current.evicted ? undefined : current;
}

/** The template a reference stands for: the live cluster it leads to, or that cluster's group root. */
function resolve(cluster: Cluster): Cluster | undefined {
  const current = concrete(cluster);
  return current === undefined ? undefined : (current.group ?? current);
}

function toInfo(cluster: Cluster): TemplateInfo {
  const members = cluster.groupMembers ?? [];
  return {
    templateId: cluster.id,
    scope: cluster.scope,
    template: (cluster.groupTokens ?? cluster.tokens).join(" "),
    firstTemplate: cluster.firstTemplate,
    size: members.reduce((total, member) => total + member.size, cluster.size),
  };
}

export function createMiner(options?: Partial<MinerOptions>, snapshot?: MinerSnapshot): TemplateMiner {
  const defined = Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined));
  return new DrainMiner({ ...DEFAULT_MINER_OPTIONS, ...defined }, snapshot);
}
