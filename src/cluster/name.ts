// A problem's name: the words of its template with each variable part shown as a typed placeholder
// (`Container called exit(<n>)`, `from <ip>`, `timed out after <duration>`), the exception rather
// than a traceback's header, never starting with punctuation, and short enough for a table cell.
import { WILDCARD } from "../mine/tokenise.js";
import { trimInvisible } from "../model/invisible.js";
import type { NamePlaceholder } from "../model/placeholder.js";
import type { MiningScope } from "./mining-input.js";

/** Longest name, ellipsis included: a table cell on GitHub and a line in a terminal stay readable. */
export const NAME_MAX_CHARS = 79;

/** Python's logging machinery, not the application: `(in callHandlers)` says nothing about the problem. */
const FRAMEWORK_FUNCTIONS = new Set(["callHandlers", "handle", "emit", "_log", "log", "error", "warning", "exception", "critical", "info", "debug", "<module>", "<anonymous>"]);

const PLACEHOLDER_TYPES: readonly (readonly [placeholder: NamePlaceholder, test: RegExp])[] = [
  ["<time>", /^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/],
  ["<ip>", /^(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?$|^\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?(?::\d+)?$|^<ip(?:v[46])?(?::[0-9a-f]+)?>$/i],
  ["<duration>", /^\d+(?:[.,]\d+)?\s?(?:ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)$/i],
  ["<n>", /^[-+]?\d+(?:[.,]\d+)*%?$/],
  ["<uuid>", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i],
  ["<email>", /^[^\s@]+@[^\s@]+\.[a-z]{2,}$|^<email(?::[0-9a-f]+)?>$/i],
  ["<url>", /^[a-z][a-z0-9+.-]*:\/\/\S+$/i],
  ["<path>", /^(?:\/[^\s/]*)+\/?(?:\?\S*)?$|^[A-Za-z]:\\\S*$/],
  ["<redacted>", /^\[?REDACTED\]?$|^<[a-z0-9_-]+:[0-9a-f]+>$/],
  ["<id>", /^[0-9a-f]{8,}$|^(?=.*\d)[A-Za-z0-9]+(?:[-_.:][A-Za-z0-9]+)+$|^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9]{6,}$/i],
];

// Redaction masks (`<ip:1a2b3c>`, `<email:…>`) and the miner's view of them (`<ip:<*>>`): the kind is what a name needs.
const MASK = /<([a-z0-9_-]+):(?:<\*>|[0-9a-f]+)>/g;
const MASK_PLACEHOLDER = /\u0000mask:([a-z0-9_-]+)\u0000(?:\u0001<[a-z]+>)?/g;

/** Marks each mask before the wildcards are typed, so `<ip:<*>>` becomes `<ip>`, not `<ip:<id>>`. */
function withMasksTyped(text: string): string {
  // the mask's own wildcard is counted as a variable (it is one in the template), then dropped with the mask
  return text.replace(MASK, (whole, kind: string) => `\u0000mask:${kind}\u0000${whole.includes(WILDCARD) ? `\u0001${WILDCARD}` : ""}`);
}

function maskPlaceholder(kind: string): NamePlaceholder {
  if (kind === "ip" || kind === "ipv4" || kind === "ipv6") return "<ip>";
  if (kind === "email") return "<email>";
  return "<redacted>";
}

/** Words after which an unknown value is a number: `Errno <n>`, `attempt <n>`, `size <n>`. */
const NUMBER_BEFORE = /(?:errno|code|status|size|limit|overflow|attempt|retry|retries|port|line|count|of)\W*$/i;

/** The placeholder for one variable's value; `<value>` when its kind is not recognised or not known. */
export function placeholderFor(value: string | undefined, before = ""): NamePlaceholder {
  if (value === undefined) return NUMBER_BEFORE.test(before) ? "<n>" : "<value>";
  const core = value.trim().replace(/^['"`([{]+|['"`)\]},;.]+$/g, "");
  if (core === "") return "<value>";
  for (const [placeholder, test] of PLACEHOLDER_TYPES) if (test.test(core)) return placeholder;
  return "<value>";
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Each variable's value in `message` when it fits the template, else undefined. */
export function variableValues(template: string, message: string): string[] | undefined {
  const pieces = template.split(WILDCARD);
  if (pieces.length === 1 || pieces.length > 40) return undefined;
  const pattern = pieces.map((piece) => escapeRegExp(piece.trim()).replace(/\s+/g, "\\s+")).map((piece, index) => (index === 0 ? piece : `\\s*([\\s\\S]*?)\\s*${piece}`));
  const match = new RegExp(`^\\s*${pattern.join("")}\\s*$`).exec(message);
  return match === null ? undefined : match.slice(1).map((value) => value ?? "");
}

/** The message of a sample entry (a parsed Cloud Logging entry, a LogEntry or a text line). */
export function sampleMessage(sample: unknown): string | undefined {
  if (typeof sample === "string") return sample;
  if (typeof sample !== "object" || sample === null) return undefined;
  const entry = sample as Record<string, unknown>;
  const payload = entry["jsonPayload"];
  const candidates = [entry["message"], typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>)["message"] : undefined, entry["textPayload"]];
  return candidates.find((value): value is string => typeof value === "string" && value !== "");
}

const EXCEPTION_LINE = /\b((?:[A-Za-z_][\w]*\.)*[A-Z][\w]*(?:Error|Exception|Exit|Interrupt|Timeout|Failure|Fault))\b(?::\s*(.*))?$/;

/**
 * The part of a template that says what happened: for a traceback the exception line
 * (`TimeoutError: Query timed out after <*>`), not `Traceback (most recent call last):`; for any
 * other text spanning lines, its first line.
 */
export function headline(template: string): string {
  const lines = template.split(/\n|\\n/).map((line) => line.trim()).filter((line) => line !== "");
  const first = lines[0] ?? "";
  if (lines.length > 1 || TRACEBACK_HEADER.test(first)) {
    for (let index = lines.length - 1; index >= 0; index -= 1) {
      const line = lines[index] ?? "";
      if (FRAME_LINE.test(line)) continue;
      const match = EXCEPTION_LINE.exec(line);
      if (match !== null) return line.slice(match.index);
    }
  }
  if (TRACEBACK_HEADER.test(first)) {
    // one line with the frames run together: the last exception named in it
    const named = [...first.matchAll(EXCEPTION_NAME)].pop();
    if (named?.index !== undefined) return first.slice(named.index);
    return lines.find((line) => !TRACEBACK_HEADER.test(line)) ?? first.replace(TRACEBACK_HEADER, "").trim();
  }
  return first;
}

const TRACEBACK_HEADER = /^Traceback \(most recent call last\):?/;
const FRAME_LINE = /^(?:File |at |Traceback |During handling|The above exception)/;
const EXCEPTION_NAME = /\b(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)\b/g;

/** Leading punctuation, symbols and variables go; a leading `[TAG]` with words keeps its words: `MAIN MODE: …`. */
function withoutLeadingPunctuation(name: string): string {
  let out = trimInvisible(name);
  for (let guard = 0; guard < 8; guard += 1) {
    const tag = /^\[([^\]]*)\]\s*/.exec(out);
    if (tag !== null) {
      const words = (tag[1] ?? "").trim();
      out = /\p{L}{2,}/u.test(words) && !words.startsWith("<") ? `${words}: ${out.slice(tag[0].length)}` : out.slice(tag[0].length);
      continue;
    }
    const lead = /^(?:<[a-z]+>|[\p{P}\p{S}\s])+/u.exec(out);
    if (lead === null || lead[0] === "") break;
    // `⚠️ failed`: the ⚠ goes as a symbol, and its variation selector, drawing nothing alone, with it
    out = trimInvisible(out.slice(lead[0].length));
  }
  return trimInvisible(out);
}

/** Cut at a word so that the name, ellipsis included, fits `NAME_MAX_CHARS`. */
function cut(name: string): string {
  if (name.length <= NAME_MAX_CHARS) return name;
  const room = name.slice(0, NAME_MAX_CHARS - 1);
  const space = room.lastIndexOf(" ");
  return `${(space > NAME_MAX_CHARS / 2 ? room.slice(0, space) : room).replace(/[\s\p{P}]+$/u, "")}…`;
}

/**
 * A name to skim, from the template and, when one fits it, a sample message that types each
 * variable. HTTP problems are named by their request line (`GET /favicon.ico 404`).
 */
export function clusterName(template: string, scope: MiningScope, samples: readonly unknown[] = []): string {
  if (scope.request !== undefined) return scope.request;
  const text = headline(template.replace(/\s*\n\s*/g, "\n"));
  const start = template.indexOf(text);
  const before = template.slice(0, Math.max(0, start)).split(WILDCARD).length - 1;
  let values: string[] | undefined;
  // where the headline cannot be found again its variables cannot be told apart: left untyped
  for (const sample of start < 0 ? [] : samples) {
    const message = sampleMessage(sample);
    values = message === undefined ? undefined : variableValues(template, message);
    if (values !== undefined) break;
  }
  let index = before;
  const typed = withMasksTyped(text)
    .split(WILDCARD)
    .reduce((out, piece, position) => (position === 0 ? piece : `${out}${placeholderFor(values?.[index++], out)}${piece}`), "")
    .replace(MASK_PLACEHOLDER, (_whole, kind: string) => maskPlaceholder(kind))
    .replace(/\s+/g, " ");
  let name = withoutLeadingPunctuation(typed).replace(/<ip>:<n>/g, "<ip>:<port>");
  if (name === "" || !/\p{L}{2,}/u.test(name.replace(/<[a-z]+>/g, ""))) {
    const where = scope.logger ?? scope.function ?? scope.module;
    name = where === undefined ? "Message with only variable parts" : `Message from ${where.replace(/^stream:/, "")}`;
  }
  // a short or vague name gains its function, unless that is the logging library's own
  const literalWords = name.replace(/<[a-z]+>/g, "").split(/\s+/).filter((word) => /\p{L}{2,}/u.test(word)).length;
  const fn = scope.function;
  if (fn !== undefined && literalWords < 3 && !FRAMEWORK_FUNCTIONS.has(fn) && !name.includes(fn) && name.length + fn.length + 6 <= NAME_MAX_CHARS) name = `${name} (in ${fn})`;
  return cut(name);
}
