/**
 * Templates into issue clusters: mined entries in, issue clusters out. It streams (per-template figures and
 * co-occurrence counts, bounded), and decides the grouping once, at `finish`, when every template
 * is final. Pure: no clock, no I/O.
 */
import type { ClusterConfig } from "../config/sections/cluster.js";
import type { ClusterTemplate, IssueCluster } from "../model/cluster.js";
import { maxSeverity, type Severity } from "../model/severity.js";
import type { CountedFigures } from "../model/counted.js";
import type { LogEntry, SourceLocation } from "../model/entry.js";
import type { MinedEntry, TemplateInfo } from "../model/template.js";
import { WILDCARD } from "../mine/tokenise.js";
import { exactTemplateFingerprint, templateFingerprint } from "./fingerprint.js";
import { CoOccurrence, groupTemplates, type GroupMember } from "./templates-merge.js";
import { miningInput, miningScope, problemLocation, type MiningScope } from "./mining-input.js";
import { mergeStats, TemplateStats } from "./stats.js";

export type ClusterOptions = ClusterConfig;

export interface ClusterAccumulator {
  add(mined: MinedEntry): void;
  /** A group a query engine counted, mined from its samples (see TemplateStats.addCounted). */
  addCounted(counted: { readonly templateId: string; readonly scope: string; readonly figures: CountedFigures; readonly samples: readonly LogEntry[] }): void;
  /** Entries of template `from` that a query engine found beside entries of `to` (the co-occurrence rule's counts). */
  addCountedPair(from: string, to: string, entries: number): void;
  finish(templates: ReadonlyMap<string, TemplateInfo> | ((id: string) => TemplateInfo | undefined)): IssueCluster[];
}

interface TemplateRecord {
  readonly templateId: string;
  readonly scopeKey: string;
  readonly scope: MiningScope;
  /** The first text mined into it, in case the miner no longer holds the template (LRU eviction). */
  readonly firstText: string;
  /** The location with the lowest line seen (code moves between revisions). */
  source: SourceLocation | undefined;
  logger: string | undefined;
  readonly stats: TemplateStats;
}

/** Names are for skimming a list; the full template is in the issue. */
const NAME_LENGTH = 80;

export function createClusterAccumulator(options: ClusterOptions): ClusterAccumulator {
  const limits = {
    maxDistinctIds: options.maxDistinctIds,
    exampleIds: options.exampleIds,
    tracesPerCluster: options.tracesPerCluster,
    samplesPerCluster: options.samplesPerCluster,
  };
  const records = new Map<string, TemplateRecord>();
  const coOccurrence = new CoOccurrence(options);

  return {
    add(mined) {
      const { entry, templateId } = mined;
      let record = records.get(templateId);
      if (record === undefined) {
        record = {
          templateId,
          scopeKey: mined.scope,
          scope: miningScope(entry),
          firstText: miningInput(entry).text,
          source: problemLocation(entry),
          logger: entry.logger,
          stats: new TemplateStats(limits),
        };
        records.set(templateId, record);
      } else if (entry.source?.line !== undefined && (record.source?.line === undefined || entry.source.line < record.source.line)) {
        // the lowest line seen (code moves between revisions); an exception's location comes from its stack
        const location = problemLocation(entry);
        if (location?.line !== undefined && (record.source?.line === undefined || location.line < record.source.line)) record.source = location;
      }
      record.stats.add(entry);
      coOccurrence.add(mined.scope, templateId, entry);
    },

    addCounted({ templateId, scope, figures, samples }) {
      const entry = samples[0];
      if (entry === undefined) return;
      let record = records.get(templateId);
      if (record === undefined) {
        record = { templateId, scopeKey: scope, scope: miningScope(entry), firstText: miningInput(entry).text, source: problemLocation(entry), logger: entry.logger, stats: new TemplateStats(limits) };
        records.set(templateId, record);
      }
      for (const sample of samples) {
        const location = problemLocation(sample);
        if (location?.line !== undefined && (record.source?.line === undefined || location.line < record.source.line)) record.source = location;
      }
      record.stats.addCounted(figures, samples);
    },

    addCountedPair(from, to, entries) {
      if (from !== to) coOccurrence.credit(from, to, entries);
    },

    finish(templates) {
      coOccurrence.close();
      const lookup = typeof templates === "function" ? templates : (id: string) => templates.get(id);
      // The miner may have merged templates since it handed out an id: records that now name one
      // template become one, so a template is never counted (or fingerprinted) twice.
      const currentId = (id: string): string => lookup(id)?.templateId ?? id;
      coOccurrence.renameTemplates(currentId);
      const merged = mergeRecords(records.values(), currentId);
      const built = new Map<string, { record: TemplateRecord; parts: readonly TemplateStats[]; template: ClusterTemplate; member: GroupMember }>();
      const firstTemplates = new Map<string, { info: TemplateInfo | undefined; firstTemplate: string; fingerprint: string }>();
      const holders = new Map<string, number>();
      for (const { record } of merged) {
        const info = lookup(record.templateId);
        // A request scope holds one request line (route already masked): it is the template, whatever the miner masked in it.
        const firstTemplate = record.scope.request ?? info?.firstTemplate ?? record.firstText;
        const fingerprint = templateFingerprint({ ...record.scope, firstTemplate });
        firstTemplates.set(record.templateId, { info, firstTemplate, fingerprint });
        holders.set(fingerprint, (holders.get(fingerprint) ?? 0) + 1);
      }
      for (const { record, parts } of merged) {
        const { info, firstTemplate, fingerprint: canonical } = firstTemplates.get(record.templateId) as { info: TemplateInfo | undefined; firstTemplate: string; fingerprint: string };
        const request = record.scope.request;
        const fingerprint = (holders.get(canonical) ?? 0) > 1 ? exactTemplateFingerprint({ ...record.scope, firstTemplate }) : canonical;
        const count = parts.reduce((sum, part) => sum + part.count, 0);
        const template: ClusterTemplate = {
          templateId: record.templateId,
          fingerprint,
          template: request ?? info?.template ?? firstTemplate,
          firstTemplate,
          count,
          maxSeverity: parts.reduce<Severity>((max, part) => maxSeverity(max, part.maxSeverity), "DEFAULT"),
          ...(record.source === undefined ? {} : { source: record.source }),
        };
        const member: GroupMember = {
          templateId: record.templateId,
          scope: record.scopeKey,
          fingerprint,
          template: template.template,
          count,
          ...(record.source?.line === undefined ? {} : { line: record.source.line }),
        };
        built.set(record.templateId, { record, parts, template, member });
      }
      const groups = groupTemplates(
        [...built.values()].map((item) => item.member),
        coOccurrence,
        options,
        options.coOccurrenceMs,
      );
      const clusters = groups.map((group): IssueCluster => {
        const items = group.members.map((member) => built.get(member.templateId) as NonNullable<ReturnType<typeof built.get>>);
        const primary = items[0] as (typeof items)[number];
        const { stats, samples } = mergeStats(
          items.flatMap((item) => item.parts),
          limits,
        );
        const scope = primary.record.scope;
        return {
          fingerprint: primary.template.fingerprint,
          aliases: items.map((item) => item.template.fingerprint).sort(),
          kind: scope.kind,
          ...(scope.service === undefined ? {} : { service: scope.service }),
          name: clusterName(namingTemplate(items.map((item) => item.template.template)), scope),
          ...(primary.record.source === undefined ? {} : { source: primary.record.source }),
          ...(primary.record.logger === undefined ? {} : { logger: primary.record.logger }),
          templates: items.map((item) => item.template),
          stats,
          samples,
          mergeReasons: group.mergeReasons,
        };
      });
      return clusters.sort((a, b) => b.stats.count - a.stats.count || (a.fingerprint < b.fingerprint ? -1 : 1));
    },
  };
}

/**
 * One record per current template id, in first-seen order. The record kept is the one whose id is
 * the current one (else the first seen); the location is the lowest line among them.
 */
function mergeRecords(records: Iterable<TemplateRecord>, currentId: (id: string) => string): { record: TemplateRecord; parts: TemplateStats[] }[] {
  const byId = new Map<string, { record: TemplateRecord; parts: TemplateStats[] }>();
  for (const record of records) {
    const id = currentId(record.templateId);
    const existing = byId.get(id);
    if (existing === undefined) {
      byId.set(id, { record: { ...record, templateId: id }, parts: [record.stats] });
      continue;
    }
    existing.parts.push(record.stats);
    const keep = record.templateId === id ? { ...record, templateId: id } : existing.record;
    const lowest = [existing.record.source, record.source].filter((s): s is SourceLocation => s?.line !== undefined).sort((a, b) => (a.line ?? 0) - (b.line ?? 0))[0];
    existing.record = { ...keep, source: lowest ?? keep.source };
  }
  return [...byId.values()];
}

/**
 * The template a cluster is named after: the primary one, unless it is a data dump (a JSON context
 * block) and a merged sibling says the problem in words: `Message loop error: WebSocket is not
 * connected` names the problem, `LOOP ERROR CONTEXT: {"connection_id": …` does not.
 */
export function namingTemplate(templates: readonly string[]): string {
  const readable = templates.find((template) => !/\{\s*"|"\s*:\s*"/.test(template));
  return readable ?? templates[0] ?? "";
}

const OPENER: Readonly<Record<string, string>> = { ")": "(", "]": "[", "}": "{" };

/** Whether `text` has more openers than closers of this bracket. */
function isOpen(text: string, closer: string): boolean {
  const opener = OPENER[closer] ?? "";
  let depth = 0;
  for (const character of text) {
    if (character === opener) depth += 1;
    else if (character === closer) depth -= 1;
  }
  return depth > 0;
}

/**
 * A name to skim: the template without its variables, whitespace collapsed, cut at a word near
 * 80 characters; the function is added when the name leaves room for it.
 */
export function clusterName(template: string, scope: MiningScope): string {
  if (scope.request !== undefined) return scope.request;
  const words: string[] = [];
  for (const word of template.split(/\s+/)) {
    if (word === "") continue;
    if (!word.includes(WILDCARD)) {
      words.push(word);
      continue;
    }
    // a variable goes, but a bracket it closed stays with the word before: `[Errno <*>]` → `[Errno]`
    for (const closer of word.replace(/[^)\]}]/g, "")) {
      if (words.length > 0 && isOpen(words.join(" "), closer)) words[words.length - 1] += closer;
    }
  }
  let name = "";
  for (const word of words) {
    const next = name === "" ? word : `${name} ${word}`;
    if (next.length > NAME_LENGTH) {
      name = `${name}…`;
      break;
    }
    name = next;
  }
  if (name === "") name = scope.logger ?? scope.function ?? "(variable message)";
  if (scope.function !== undefined && name.length <= NAME_LENGTH - 20 && !name.includes(scope.function)) name = `${name} (in ${scope.function})`;
  return name;
}
