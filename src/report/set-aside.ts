// Problems set aside, by an ignore rule or by a person (muted): counted in every report, never hidden.
import type { JudgedCluster } from "../model/judgement.js";

export interface SetAsideCount {
  readonly problems: number;
  readonly entries: number;
}

export interface SetAside {
  readonly ignored: SetAsideCount & { readonly byRule: readonly (SetAsideCount & { readonly rule: string })[] };
  readonly muted: SetAsideCount & { readonly issues: readonly number[] };
}

/** Ignored problems and their entries by rule (most entries first, then by name), and muted ones with their issues. */
export function countSetAside(clusters: readonly JudgedCluster[]): SetAside {
  const byRule = new Map<string, { problems: number; entries: number }>();
  const issues = new Set<number>();
  let muted = { problems: 0, entries: 0 };
  for (const judged of clusters) {
    const entries = judged.cluster.stats.count;
    const verdict = judged.issue;
    if (verdict.kind === "ignored") {
      const slot = byRule.get(verdict.rule) ?? { problems: 0, entries: 0 };
      byRule.set(verdict.rule, { problems: slot.problems + 1, entries: slot.entries + entries });
    } else if (verdict.kind === "muted") {
      muted = { problems: muted.problems + 1, entries: muted.entries + entries };
      if (verdict.number !== undefined) issues.add(verdict.number);
    }
  }
  const rules = [...byRule].map(([rule, count]) => ({ rule, ...count })).sort((a, b) => b.entries - a.entries || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return {
    ignored: { problems: rules.reduce((n, r) => n + r.problems, 0), entries: rules.reduce((n, r) => n + r.entries, 0), byRule: rules },
    muted: { ...muted, issues: [...issues].sort((a, b) => a - b) },
  };
}
