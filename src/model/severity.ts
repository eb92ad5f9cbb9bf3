/** Cloud Logging's LogSeverity names in rank order; DEFAULT ranks below every named level. */
export const SEVERITIES = [
  "DEFAULT",
  "DEBUG",
  "INFO",
  "NOTICE",
  "WARNING",
  "ERROR",
  "CRITICAL",
  "ALERT",
  "EMERGENCY",
] as const;

export type Severity = (typeof SEVERITIES)[number];

/** The proto numbers (0, 100 … 800), so ranks compare the way Cloud Logging's `severity>=` does. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) * 100;
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}
