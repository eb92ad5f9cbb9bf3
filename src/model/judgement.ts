import type { IssueCluster } from "./cluster.js";
import type { ProblemLinks } from "./links.js";

export const PRIORITIES = ["P0", "P1", "P2", "P3"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CATEGORIES = ["new", "regression", "active-dev", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Rate compared with the cluster's baseline over earlier runs. */
export type Trend =
  | { readonly kind: "new" }
  | { readonly kind: "no_baseline" }
  | { readonly kind: "rising"; readonly baselineRate: number; readonly factor: number }
  | { readonly kind: "steady"; readonly baselineRate: number; readonly factor: number }
  | { readonly kind: "falling"; readonly baselineRate: number; readonly factor: number };

export interface JudgedCluster {
  readonly cluster: IssueCluster;
  readonly priority: Priority;
  /** One line: which rule gave the priority, e.g. `P1: ERROR at 4.2/min (rule error-rate)`. */
  readonly priorityReason: string;
  readonly category: Category;
  readonly categoryReason: string;
  readonly trend: Trend;
  /** Share of kept entries in the run, 0..1. */
  readonly share: number;
  readonly ratePerMinute: number;
  /** Set when the priority is higher than the one last published. */
  readonly escalation?: { readonly from: Priority; readonly reason: string };
  /** Set when the rules would lower the priority but the cooldown holds it. */
  readonly heldPriority?: { readonly rulesSaid: Priority; readonly until: string };
  /** Every rule that fired, in order, for the explanation. */
  readonly reasons: readonly string[];
  /** Logs Explorer, trace and source links, computed once by the pipeline for every renderer. */
  readonly links?: ProblemLinks;
}
