/**
 * Templates into issue clusters: mined entries in, issue clusters out. It streams (per-template figures and
 * co-occurrence counts, bounded), and decides the grouping once, at `finish`, when every template
 * is final. Pure: no clock, no I/O.
 */
import type { ClusterConfig } from "../config/sections/cluster.js";
import { WILDCARD } from "../mine/tokenise.js";
import type { ClusterStats, ClusterTemplate, IssueCluster, ProblemFacts, ProblemSymptom } from "../model/cluster.js";
import { maxSeverity, type Severity } from "../model/severity.js";
import type { CountedFigures } from "../model/counted.js";
import type { LogEntry, SourceLocation } from "../model/entry.js";
import type { MinedEntry, TemplateInfo } from "../model/template.js";
import { exactTemplateFingerprint, templateFingerprint } from "./fingerprint.js";
import { CoOccurrence, groupTemplates, type GroupMember } from "./templates-merge.js";
import { miningInput, miningScope, problemLocation, type MiningScope } from "./mining-input.js";
import { mergeNamed, mergeStats, TemplateStats } from "./stats.js";
import { groupProblems, rootFirst } from "./problems.js";
import { clusterName } from "./name.js";

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

interface BuiltTemplate {
  readonly record: TemplateRecord;
  readonly parts: readonly TemplateStats[];
  readonly template: ClusterTemplate;
  readonly member: GroupMember;
}

export function createClusterAccumulator(options: ClusterOptions): ClusterAccumulator {
  const limits = {
    maxDistinctIds: options.maxDistinctIds,
    exampleIds: options.exampleIds,
    tracesPerCluster: options.tracesPerCluster,
    samplesPerCluster: options.samplesPerCluster,
    routesPerCluster: options.routesPerCluster,
    instancesListed: options.instancesListed,
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
      const built = new Map<string, BuiltTemplate>();
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
      const candidates = groups.map((group) => {
        const items = group.members.map((member) => built.get(member.templateId) as BuiltTemplate);
        const primary = items[0] as BuiltTemplate;
        return {
          items,
          mergeReasons: group.mergeReasons,
          candidate: {
            scopeKey: primary.record.scopeKey,
            scope: primary.record.scope,
            fingerprint: primary.template.fingerprint,
            templates: items.map((item) => item.template.template),
            parts: items.flatMap((item) => item.parts),
          },
        };
      });
      const problems = groupProblems(
        candidates.map((c) => c.candidate),
        options,
      );
      const clusters = problems.map((problem): IssueCluster => {
        const groupsIn = problem.members.map((index) => candidates[index] as (typeof candidates)[number]);
        const items = rootFirst(
          groupsIn.flatMap((group) => group.items).map((item) => ({
            item,
            template: item.template.template,
            request: item.record.scope.request !== undefined,
            fingerprint: item.template.fingerprint,
            ...(item.record.source?.line === undefined ? {} : { line: item.record.source.line }),
            parts: item.parts,
          })),
        ).map((ranked) => ranked.item);
        const primary = items[0] as BuiltTemplate;
        const parts = items.flatMap((item) => item.parts);
        const { stats, samples } = mergeStats(parts, limits);
        const scope = primary.record.scope;
        const storm = problem.stormStatus === undefined ? undefined : stormRoot(scope, problem.stormStatus, groupsIn.length);
        const aliases = new Set(items.map((item) => item.template.fingerprint));
        if (storm !== undefined) aliases.add(storm.fingerprint);
        const naming = namingTemplate(items.map((item) => item.template.template));
        return {
          fingerprint: storm?.fingerprint ?? primary.template.fingerprint,
          aliases: [...aliases].sort(),
          kind: scope.kind,
          ...(scope.service === undefined ? {} : { service: scope.service }),
          name: storm?.name ?? clusterName(naming, scope, samples),
          ...(primary.record.source === undefined ? {} : { source: primary.record.source }),
          ...(primary.record.logger === undefined ? {} : { logger: primary.record.logger }),
          templates: items.map((item) => item.template),
          stats,
          samples,
          mergeReasons: [...groupsIn.flatMap((group) => group.mergeReasons), ...problem.reasons],
          problem: problemFacts(items, parts, stats, problem.causeStated, options.instancesListed),
        };
      });
      return clusters.sort((a, b) => b.stats.count - a.stats.count || (a.fingerprint < b.fingerprint ? -1 : 1));
    },
  };
}

/**
 * The root of a storm of request lines: the status on any route, so tomorrow's storm on other routes
 * is the same problem (`GET /a 429` and `POST /b 429` are its symptoms).
 */
function stormRoot(scope: MiningScope, status: string, routes: number): { fingerprint: string; name: string } {
  const fingerprint = templateFingerprint({ kind: "http", ...(scope.service === undefined ? {} : { service: scope.service }), firstTemplate: `${WILDCARD} ${WILDCARD} ${status}` });
  return { fingerprint, name: `${status} on ${routes} routes` };
}

function symptomOf(item: BuiltTemplate, total: number): ProblemSymptom {
  let first: { timeMs: number; timestamp: string } | undefined;
  let last: { timeMs: number; timestamp: string } | undefined;
  for (const part of item.parts) {
    if (part.first !== undefined && (first === undefined || part.first.timeMs < first.timeMs)) first = part.first;
    if (part.last !== undefined && (last === undefined || part.last.timeMs > last.timeMs)) last = part.last;
  }
  const template = item.template;
  return {
    fingerprint: template.fingerprint,
    template: template.template,
    kind: item.record.scope.kind,
    count: template.count,
    share: template.count / Math.max(total, 1),
    maxSeverity: template.maxSeverity,
    ...(template.source === undefined ? {} : { source: template.source }),
    ...(first === undefined ? {} : { firstSeen: first.timestamp }),
    ...(last === undefined ? {} : { lastSeen: last.timestamp }),
  };
}

/** The problem as the issue and the worklog show it; `items` root first. */
function problemFacts(items: readonly BuiltTemplate[], parts: readonly TemplateStats[], stats: ClusterStats, causeStated: boolean, instancesListed: number): ProblemFacts {
  const symptoms = items.map((item) => symptomOf(item, stats.count));
  const cause = symptoms[0] as ProblemSymptom;
  return {
    cause,
    causeStated,
    symptoms: [...symptoms].sort((a, b) => b.count - a.count || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0)),
    routes: mergeNamed(parts, (part) => part.routes),
    statuses: stats.httpStatuses,
    instances: mergeNamed(parts, (part) => part.instanceNames).slice(0, instancesListed),
    revisions: stats.revisions,
    ...(stats.firstSeen === undefined ? {} : { startedAt: stats.firstSeen }),
    ...(stats.lastSeen === undefined ? {} : { stoppedAt: stats.lastSeen }),
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
