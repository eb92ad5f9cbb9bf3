/**
 * The template miner: a streaming, Drain-class miner with one configuration for every log type,
 * whose templates depend on the set of lines it was given and not on their order.
 *
 * Per line (online, O(1)): split on whitespace and mask variable shapes (masking.ts); the masked
 * line is the line's shape, counted in a Map bounded by an LRU (cluster-cache.ts). The id a line
 * gets is its shape's id, a hash of scope and shape, the same in every run and every order.
 * When templates are read (at the end of a run, or whenever asked after new shapes arrived), the
 * shapes are grouped into templates by rules that look only at the set (grouping.ts): same-length
 * shapes that differ only in a value's shape join, a position with enough distinct plain words
 * becomes `<*>`, and templates of different lengths join where a variable of variable length sits.
 * Measured in bench/mine.bench.ts (GA/FGA/PA/FTA on every Loghub ground truth over shuffled orders,
 * lines/s, peak RSS, a million distinct templates).
 */
import type { MineOutcome, TemplateInfo } from "../model/template.js";
import { LruOrder, type LruNode } from "./cluster-cache.js";
import { groupShapes, type Grouping, type Shape } from "./grouping.js";
import { maskCalendarWords, maskWord } from "./masking.js";
import { extractParameters, templatePattern } from "./parameters.js";
import { MINER_SNAPSHOT_VERSION, parseMinerSnapshot, type MinerSnapshot } from "./snapshot.js";
import { templateIdFor } from "./template-id.js";
import { tokenise } from "./tokenise.js";

// hot functions held locally: imported bindings cost a getter call per use under tsx (bench/mine.bench.ts)
const maskOneWord = maskWord;
const maskDates = maskCalendarWords;
const splitLine = tokenise;

export interface MinerOptions {
  /** LRU bound on distinct masked shapes held; the least recently used is evicted and counted. */
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
  /** Templates compared per shape (the newest of those with its first word): bounds the work per shape. */
  maxCandidates: number;
}

export const DEFAULT_MINER_OPTIONS: Readonly<MinerOptions> = {
  maxClusters: 50_000,
  maxTokensPerLine: 128,
  maxLineLength: 4096,
  maxDifferenceRatio: 0.3,
  minDistinctWords: 3,
  maxGapTokens: 5,
  maxCandidates: 256,
};

export interface MinerStats {
  readonly lines: number;
  /** Templates the held shapes group into. */
  readonly clusters: number;
  /** Distinct masked shapes held (bounded by `maxClusters`). */
  readonly shapes: number;
  /** Shapes first seen (each needed a place in the templates). */
  readonly created: number;
  /** Shapes pushed out by the LRU bound; their lines' ids no longer resolve. */
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
  /** Cheap: counts only; `clusters` groups the shapes if new ones arrived since the last read. */
  stats(): MinerStats;
  /** Distinct shapes held, without grouping (for progress lines). */
  readonly shapeCount: number;
}


/**
 * A masked shape as the online side holds it: as little as the grouping needs, since every shape a
 * million distinct lines bring is held until the LRU bound pushes it out (and is then garbage).
 */
interface HeldShape extends LruNode {
  readonly id: string;
  readonly scope: string;
  /** The masked line: its words joined by single spaces. */
  readonly text: string;
  readonly firstTemplate: string;
  size: number;
  /** The words, kept only when `text` cannot be split back into them (a quoted word holds a space). */
  readonly ownTokens: readonly string[] | undefined;
  /** The shared answer for a line of this shape, made when a second line arrives. */
  unchanged: MineResult | undefined;
}

/** Whether splitting the joined words on spaces would not give them back. */
function needsOwnTokens(tokens: readonly string[]): boolean {
  if (tokens.length === 0) return true;
  for (const token of tokens) if (token === "" || token.includes(" ")) return true;
  return false;
}

function tokensOf(shape: HeldShape): readonly string[] {
  return shape.ownTokens ?? shape.text.split(" ");
}

class DrainMiner implements TemplateMiner {
  readonly #options: MinerOptions;
  /** scope → masked line → shape: two lookups of strings already made, not one of their concatenation (hashed anew every line) */
  readonly #shapes = new Map<string, Map<string, HeldShape>>();
  readonly #byId = new Map<string, HeldShape>();
  readonly #lru = new LruOrder<HeldShape>();
  /** ids from an older snapshot (templates folded into another) → the shape they stand for */
  readonly #aliases = new Map<string, HeldShape>();
  readonly #patterns = new Map<string, { template: string; pattern: RegExp }>();
  /** The templates of the shapes held; dropped by every line (counts take part), rebuilt when read. */
  #grouping: Grouping | undefined;
  #lines = 0;
  #created = 0;
  #evictions = 0;
  #truncatedLines = 0;
  #truncatedTokens = 0;

  constructor(options: MinerOptions, snapshot?: MinerSnapshot) {
    this.#options = options;
    if (snapshot !== undefined) {
      const state = parseMinerSnapshot(snapshot);
      for (const row of state.clusters) {
        const text = row.tokens.join(" ");
        if (this.#shapes.get(row.scope)?.has(text) === true || this.#byId.has(row.id)) continue;
        this.#insert(this.#shape(row.id, row.scope, row.tokens, text, row.firstTemplate, row.size));
      }
      for (const { id, target } of state.aliases) {
        const shape = this.#byId.get(target);
        if (shape !== undefined && !this.#byId.has(id)) this.#aliases.set(id, shape);
      }
    }
  }

  get shapeCount(): number {
    return this.#byId.size;
  }

  add(text: string, scope = ""): MineResult {
    this.#lines += 1;
    const line = splitLine(text, this.#options.maxLineLength, this.#options.maxTokensPerLine, maskOneWord);
    if (line.lineTruncated) this.#truncatedLines += 1;
    if (line.tokensTruncated) this.#truncatedTokens += 1;
    const tokens = line.words;
    maskDates(tokens);
    const shapeText = tokens.join(" ");
    const known = this.#shapes.get(scope)?.get(shapeText);
    if (known !== undefined) {
      known.size += 1;
      this.#lru.touch(known);
      // counts order the grouping, so they are part of what it was computed from
      this.#grouping = undefined;
      return (known.unchanged ??= Object.freeze({ templateId: known.id, outcome: "unchanged" }));
    }
    const baseId = templateIdFor(scope, shapeText);
    let id = baseId;
    for (let suffix = 2; this.#byId.has(id); suffix += 1) id = `${baseId}-${suffix}`;
    this.#insert(this.#shape(id, scope, tokens, shapeText, shapeText, 1));
    this.#created += 1;
    while (this.#lru.size > this.#options.maxClusters) this.#evictOldest();
    return { templateId: id, outcome: "created" };
  }

  #shape(id: string, scope: string, tokens: readonly string[], text: string, firstTemplate: string, size: number): HeldShape {
    const ownTokens = needsOwnTokens(tokens) ? [...tokens] : undefined;
    return { id, scope, text, firstTemplate, size, ownTokens, unchanged: undefined };
  }

  #insert(shape: HeldShape): void {
    const inScope = this.#shapes.get(shape.scope);
    if (inScope === undefined) this.#shapes.set(shape.scope, new Map([[shape.text, shape]]));
    else inScope.set(shape.text, shape);
    this.#byId.set(shape.id, shape);
    this.#lru.touch(shape);
    this.#grouping = undefined;
  }

  #evictOldest(): void {
    const oldest = this.#lru.takeOldest();
    if (oldest === undefined) return;
    const inScope = this.#shapes.get(oldest.scope);
    inScope?.delete(oldest.text);
    if (inScope?.size === 0) this.#shapes.delete(oldest.scope);
    this.#byId.delete(oldest.id);
    this.#grouping = undefined;
    this.#evictions += 1;
    // aliases of an evicted shape are dropped when looked up (the map is keyed by old id)
  }

  #grouped(): Grouping {
    if (this.#grouping === undefined) {
      const shapes: Shape[] = [];
      for (const held of this.#byId.values()) {
        shapes.push({ id: held.id, scope: held.scope, tokens: tokensOf(held), text: held.text, size: held.size, firstTemplate: held.firstTemplate });
      }
      this.#grouping = groupShapes(shapes, this.#options);
      this.#patterns.clear();
    }
    return this.#grouping;
  }

  /** The template an id stands for now: its shape's group. */
  #lookup(templateId: string): TemplateInfo | undefined {
    let shape = this.#byId.get(templateId);
    if (shape === undefined) {
      const aliased = this.#aliases.get(templateId);
      if (aliased === undefined) return undefined;
      if (this.#byId.get(aliased.id) !== aliased) {
        this.#aliases.delete(templateId);
        return undefined;
      }
      shape = aliased;
    }
    return this.#grouped().of(shape.id);
  }

  template(templateId: string): TemplateInfo | undefined {
    return this.#lookup(templateId);
  }

  templates(): TemplateInfo[] {
    return this.#grouped().templates();
  }

  parameters(templateId: string, text: string): string[] | undefined {
    const info = this.#lookup(templateId);
    if (info === undefined) return undefined;
    const template = info.template;
    let cached = this.#patterns.get(info.templateId);
    if (cached === undefined || cached.template !== template) {
      cached = { template, pattern: templatePattern(template) };
      this.#patterns.set(info.templateId, cached);
    }
    const prefix = text.length > this.#options.maxLineLength ? text.slice(0, this.#options.maxLineLength) : text;
    return extractParameters(template, prefix, cached.pattern);
  }

  toSnapshot(): MinerSnapshot {
    const clusters = [...this.#lru.values()].map((shape) => ({
      id: shape.id,
      scope: shape.scope,
      tokens: [...tokensOf(shape)],
      firstTemplate: shape.firstTemplate,
      size: shape.size,
    }));
    const aliases: { id: string; target: string }[] = [];
    for (const [id, shape] of this.#aliases) if (this.#byId.get(shape.id) === shape) aliases.push({ id, target: shape.id });
    return { version: MINER_SNAPSHOT_VERSION, clusters, aliases };
  }

  stats(): MinerStats {
    return {
      lines: this.#lines,
      clusters: this.#grouped().templates().length,
      shapes: this.#byId.size,
      created: this.#created,
      evictions: this.#evictions,
      truncatedLines: this.#truncatedLines,
      truncatedTokens: this.#truncatedTokens,
    };
  }
}

export function createMiner(options?: Partial<MinerOptions>, snapshot?: MinerSnapshot): TemplateMiner {
  const defined = Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined));
  return new DrainMiner({ ...DEFAULT_MINER_OPTIONS, ...defined }, snapshot);
}
