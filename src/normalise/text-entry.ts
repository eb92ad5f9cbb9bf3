import { collapseEmbeddedJson } from "./embedded-json.js";
import type { EntryFields, FieldLimits } from "./gcp-entry.js";
import { extractIdentifiers } from "./identifiers.js";
import { refineMessageLine } from "./line-prefix.js";
import { inferSeverityFromText } from "./severity.js";
import { errorFromText, sourceFromStack, splitMessage } from "./stack-trace.js";
import { leadingTimestamp, type UtcTime } from "./time.js";

export interface TextFields extends EntryFields {
  /** Set when the line starts with a timestamp: repeats of the line are then the same event. */
  readonly stampedAt?: UtcTime;
}

/**
 * A plain-text entry (a line and its continuation lines): the leading timestamp is read off the first
 * line, the rest of that line is the message, the lines after it the stack trace when they are one,
 * and the severity is inferred from the text (DEFAULT when it states none).
 */
export function readTextEntry(text: string, limits: FieldLimits): TextFields {
  const collapsed = collapseEmbeddedJson(text);
  const newline = collapsed.indexOf("\n");
  const firstLine = newline < 0 ? collapsed : collapsed.slice(0, newline);
  const stamped = leadingTimestamp(firstLine);
  const body = stamped ? stamped.rest + (newline < 0 ? "" : collapsed.slice(newline)) : collapsed;
  const split = splitMessage(body);
  const { stackTrace } = split;
  const { message, logger, http, source: stated } = refineMessageLine(split.message);
  const inferred = inferSeverityFromText(stamped ? stamped.rest : firstLine, stackTrace, limits.levelScanChars);
  const error = errorFromText(message, stackTrace);
  const source = stated ?? (stackTrace ? sourceFromStack(stackTrace) : undefined);
  const ids = extractIdentifiers([collapsed], [], limits.maxIdsPerEntry);
  return {
    severity: inferred?.severity ?? "DEFAULT",
    ...(inferred?.reason ? { severityReason: inferred.reason } : {}),
    ...(stamped ? { timestamp: stamped.time.timestamp, timeMs: stamped.time.timeMs, stampedAt: stamped.time } : {}),
    labels: {},
    ...(logger ? { logger } : {}),
    ...(http ? { http } : {}),
    message,
    ...(stackTrace ? { stackTrace } : {}),
    ...(error ? { error } : {}),
    ...(source ? { source } : {}),
    users: ids.users,
    connections: ids.connections,
  };
}
