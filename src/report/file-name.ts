// Worklog and JSON report file names: made from the window, so the same input gives the same name.
import type { RunWindow } from "../model/window.js";

const PREFIX = "GCP-LOG-GARDENER-WORKLOG";

/** `2025-09-15T01:52:25.002Z` → `20250915T015225Z` (UTC, seconds; no colons, so it is a valid name on every OS). */
export function compactTimestamp(rfc3339: string): string | undefined {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/** Letters, digits, `.`, `_` and `-` only; anything else becomes `-`. */
function safeLabel(label: string): string {
  const safe = label.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/-{2,}/g, "-").replace(/^[-.]+|[-.]+$/g, "");
  return safe.length > 0 ? safe.slice(0, 80) : "window";
}

function baseName(window: RunWindow): string {
  const end = (window.end && compactTimestamp(window.end)) ?? (window.start && compactTimestamp(window.start));
  // entries without timestamps still have problems: the label (`undated`) names them, not "no-data"
  return end === undefined ? `${PREFIX}-${safeLabel(window.label)}` : `${PREFIX}-${safeLabel(window.label)}-${end}`;
}

/** `GCP-LOG-GARDENER-WORKLOG-last-1h-20250915T015225Z.md`, from the window's label and end. */
export function worklogFileName(window: RunWindow): string {
  return `${baseName(window)}.md`;
}

/** The JSON report beside the worklog: the same name with `.json`. */
export function jsonReportFileName(window: RunWindow): string {
  return `${baseName(window)}.json`;
}
