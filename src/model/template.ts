import type { LogEntry } from "./entry.js";

/** What the miner says about one line it was given. */
export type MineOutcome = "created" | "updated" | "unchanged";

/** A normalised entry with the template the miner put it in. */
export interface MinedEntry {
  readonly entry: LogEntry;
  /** The miner's stable cluster id (kept across runs through the miner snapshot). */
  readonly templateId: string;
  /** The partition the miner was asked to mine in (service and code location): templates never cross it. */
  readonly scope: string;
}

/** A template as known at the end of mining. */
export interface TemplateInfo {
  readonly templateId: string;
  readonly scope: string;
  /** The current template, variables as `<*>`. */
  readonly template: string;
  /** The template as first mined: the first line with its masks applied. Never changes; fingerprints use it. */
  readonly firstTemplate: string;
  readonly size: number;
}
