import { isSeverity, SEVERITIES, type Severity } from "../model/severity.js";

/** A severity and, when it was not the entry's own field verbatim, why we chose it. */
export interface SeverityReading {
  readonly severity: Severity;
  readonly reason?: string;
}

/** Level names in the wild → Cloud Logging's (as the Ops Agent and Cloud Run map them: FATAL is CRITICAL, TRACE is DEBUG). */
const LEVEL_ALIASES: Readonly<Record<string, Severity>> = {
  EMERG: "EMERGENCY",
  PANIC: "EMERGENCY",
  CRIT: "CRITICAL",
  FATAL: "CRITICAL",
  ERR: "ERROR",
  SEVERE: "ERROR",
  WARN: "WARNING",
  INFORMATION: "INFO",
  INFORMATIONAL: "INFO",
  TRACE: "DEBUG",
  FINE: "DEBUG",
  FINER: "DEBUG",
  FINEST: "DEBUG",
};

/** pino/bunyan numeric levels. */
const NUMERIC_LEVELS: readonly (readonly [number, Severity])[] = [
  [60, "CRITICAL"],
  [50, "ERROR"],
  [40, "WARNING"],
  [30, "INFO"],
  [0, "DEBUG"],
];

export function severityFromName(name: string): Severity | undefined {
  const upper = name.trim().toUpperCase();
  if (isSeverity(upper)) return upper;
  return LEVEL_ALIASES[upper];
}

/**
 * The entry's own `severity` field: a LogSeverity name, any case or alias, or its proto number
 * (0, 100 … 800, as REST answers with numeric enums). Anything else reads as DEFAULT with a reason.
 */
export function readSeverityField(value: unknown): SeverityReading {
  if (value === undefined || value === null) return { severity: "DEFAULT" };
  if (typeof value === "number" && Number.isInteger(value) && value % 100 === 0) {
    const named = SEVERITIES[value / 100];
    if (named) return { severity: named, reason: `severity ${value} is ${named}` };
  }
  if (typeof value === "string") {
    if (isSeverity(value)) return { severity: value };
    const named = severityFromName(value);
    if (named) return { severity: named, reason: `severity "${value}" read as ${named}` };
  }
  return { severity: "DEFAULT", reason: `severity ${JSON.stringify(value)} is not a LogSeverity` };
}

/** A level an application wrote into its own JSON (`level`, `levelname`, `log.level`), for entries Cloud Logging left at DEFAULT. */
export function severityFromPayloadLevel(key: string, value: unknown): SeverityReading | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    const found = NUMERIC_LEVELS.find(([floor]) => value >= floor);
    return found ? { severity: found[1], reason: `jsonPayload.${key} is ${value}` } : undefined;
  }
  if (typeof value !== "string") return undefined;
  const named = severityFromName(value);
  return named ? { severity: named, reason: `jsonPayload.${key} is "${value}"` } : undefined;
}

const LEVEL_WORDS = "EMERGENCY|EMERG|ALERT|CRITICAL|CRIT|FATAL|ERROR|ERR|SEVERE|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE";
const STATED_LEVELS: readonly RegExp[] = [
  // level=error, severity: "ERROR", "levelname": "WARNING"
  new RegExp(`\\b(?:level|severity|lvl|loglevel|levelname|log\\.level)"?\\s*[=:]\\s*"?(${LEVEL_WORDS})\\b`, "i"),
  // [ERROR], <warn>, (Info)
  new RegExp(`[[(<]\\s*(${LEVEL_WORDS})\\s*[\\])>]`, "i"),
  // a bare upper-case level word: ERROR: …, … - WARNING - …, E.g. Python's default "ERROR:root:…".
  // ALERT and EMERGENCY only count bracketed or as key=value: bare, they are usually banner words.
  /(?:^|[\s|:[-])(CRITICAL|FATAL|ERROR|SEVERE|WARNING|WARN|NOTICE|INFO|DEBUG|TRACE)(?=[\s:|\],-]|$)/,
];
/** glog/klog: `E0914 18:32:12.545693 …`. */
const GLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}/;
const GLOG_LEVELS: Readonly<Record<string, Severity>> = { I: "INFO", W: "WARNING", E: "ERROR", F: "CRITICAL" };

const PYTHON_TRACEBACK = /^\s*Traceback \(most recent call last\):/m;
const JAVA_FRAME = /^\s+at [\w$.<>]+\(.*\)\s*$/m;
const JS_FRAME = /^\s+at \S.*(:\d+:\d+\)?|\(native\)|\(<anonymous>\))\s*$/m;
const GO_PANIC = /^(panic: |fatal error: )/m;

/**
 * For an entry without a severity: the level its text states near the start of its first line, else
 * ERROR (CRITICAL for a Go panic) when it carries a stack trace, each with the reason; else undefined
 * (the entry stays DEFAULT). The earliest stated level in the scanned prefix wins.
 */
export function inferSeverityFromText(firstLine: string, stackTrace: string | undefined, scanChars: number): SeverityReading | undefined {
  const prefix = firstLine.slice(0, scanChars);
  const glog = GLOG.exec(prefix);
  if (glog?.[1]) {
    const severity = GLOG_LEVELS[glog[1]]!;
    return { severity, reason: `text starts with glog level "${glog[1]}"` };
  }
  let earliest: { index: number; word: string; text: string } | undefined;
  for (const pattern of STATED_LEVELS) {
    const match = pattern.exec(prefix);
    if (match?.[1] && (earliest === undefined || match.index < earliest.index)) {
      earliest = { index: match.index, word: match[1], text: match[0].trim() };
    }
  }
  if (earliest) {
    const severity = severityFromName(earliest.word);
    if (severity) return { severity, reason: `text says "${earliest.text}"` };
  }
  const whole = stackTrace === undefined ? firstLine : `${firstLine}\n${stackTrace}`;
  if (GO_PANIC.test(whole)) return { severity: "CRITICAL", reason: "carries a Go panic" };
  if (PYTHON_TRACEBACK.test(whole)) return { severity: "ERROR", reason: "carries a Python traceback" };
  if (JAVA_FRAME.test(whole) || JS_FRAME.test(whole)) return { severity: "ERROR", reason: "carries a stack trace" };
  return undefined;
}
