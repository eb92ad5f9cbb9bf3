/** The time window a run covers, in UTC. */
export interface RunWindow {
  /** RFC 3339; absent when neither a flag nor the data gave one. */
  readonly start?: string;
  readonly end?: string;
  /** How the window was chosen: from flags, or the span of the data read. */
  readonly basis: "flags" | "data";
  /** Human label for file names and headers, e.g. `last-2h` or `20250914T1830Z-20250914T1930Z`. */
  readonly label: string;
  /** Length in minutes used for rates; at least 1. */
  readonly minutes: number;
}
