// Hidden markers that let log-gardener find its own issues and comments again.
// An HTML comment is not rendered by GitHub; humans may edit around it, so parsing looks for the
// marker anywhere in the text and ignores keys it does not know.

const MARKER_PREFIX = "<!-- log-gardener:v1";
const MARKER_PATTERN = /<!-- log-gardener:v1(?<comment> comment)?(?<fields>[^>]*?)-->/;
const FINGERPRINT_PATTERN = /^lgfp[0-9a-f]{4,}$/;
/** Templates are kept in the marker for humans and for matching merged clusters; bounded so the marker stays small. */
const MAX_MARKER_TEMPLATE_CHARS = 300;
/** Same-day runs listed in one edited comment's marker. */
export const MAX_MARKER_RUNS = 24;

/** What an issue body's marker says. */
export interface IssueMarker {
  readonly fingerprint: string;
  readonly aliases: readonly string[];
  readonly template?: string;
  /** The priority last published on the issue, and when: the no-flapping cooldown counts from it. */
  readonly priority?: string;
  readonly priorityAt?: string;
  /** When the title last changed (category or priority): at most one retitle a day counts from it. */
  readonly titledAt?: string;
  /** The rate last published, a baseline for escalation when the local history is gone. */
  readonly ratePerMinute?: number;
  /** Digest of the evidence the body's summary shows: that evidence needs no comment. */
  readonly evidence?: string;
}

/** One run's evidence as a comment marker lists it. */
export interface MarkerRun {
  readonly digest: string;
  readonly window: string;
  readonly count: number;
}

export interface CommentMarker {
  readonly fingerprint: string;
  /** UTC day (`YYYY-MM-DD`) the comment was written: a later run that day edits it instead of adding one. */
  readonly day: string;
  /** Digest of the evidence of each run the comment reports, newest last. */
  readonly runs: readonly MarkerRun[];
}

function encodeValue(value: string): string {
  // encodeURIComponent leaves no space, no `>` and no quote, so the value can neither end the comment nor the field.
  return encodeURIComponent(value);
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function fields(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const token of text.trim().split(/\s+/)) {
    const eq = token.indexOf("=");
    if (eq > 0) out.set(token.slice(0, eq), token.slice(eq + 1));
  }
  return out;
}

export function renderIssueMarker(marker: IssueMarker): string {
  const parts = [`fp=${marker.fingerprint}`];
  const aliases = marker.aliases.filter((a) => a !== marker.fingerprint);
  if (aliases.length > 0) parts.push(`aliases=${aliases.join(",")}`);
  if (marker.priority !== undefined) parts.push(`priority=${encodeValue(marker.priority)}`);
  if (marker.priorityAt !== undefined) parts.push(`priority-at=${encodeValue(marker.priorityAt)}`);
  if (marker.titledAt !== undefined) parts.push(`titled-at=${encodeValue(marker.titledAt)}`);
  if (marker.ratePerMinute !== undefined) parts.push(`rate=${roundRate(marker.ratePerMinute)}`);
  if (marker.evidence !== undefined) parts.push(`evidence=${encodeValue(marker.evidence)}`);
  if (marker.template !== undefined) parts.push(`template=${encodeValue(Array.from(marker.template).slice(0, MAX_MARKER_TEMPLATE_CHARS).join(""))}`);
  return `${MARKER_PREFIX} ${parts.join(" ")} -->`;
}

export function parseIssueMarker(body: string | null | undefined): IssueMarker | undefined {
  const match = body ? MARKER_PATTERN.exec(body) : null;
  if (!match || match.groups?.["comment"]) return undefined;
  const f = fields(match.groups?.["fields"] ?? "");
  const fingerprint = f.get("fp");
  if (fingerprint === undefined || !FINGERPRINT_PATTERN.test(fingerprint)) return undefined;
  const rate = Number(f.get("rate"));
  return {
    fingerprint,
    aliases: (f.get("aliases") ?? "").split(",").filter((a) => FINGERPRINT_PATTERN.test(a)),
    template: f.has("template") ? decodeValue(f.get("template")!) : undefined,
    priority: f.has("priority") ? decodeValue(f.get("priority")!) : undefined,
    priorityAt: f.has("priority-at") ? decodeValue(f.get("priority-at")!) : undefined,
    titledAt: f.has("titled-at") ? decodeValue(f.get("titled-at")!) : undefined,
    ratePerMinute: Number.isFinite(rate) && f.has("rate") ? rate : undefined,
    evidence: f.has("evidence") ? decodeValue(f.get("evidence")!) : undefined,
  };
}

/** Replaces the marker in a body (or puts one at the top when a human removed it), keeping everything else. */
export function replaceIssueMarker(body: string, marker: IssueMarker): string {
  const rendered = renderIssueMarker(marker);
  const match = MARKER_PATTERN.exec(body);
  if (match && !match.groups?.["comment"]) return body.slice(0, match.index) + rendered + body.slice(match.index + match[0].length);
  return `${rendered}\n${body}`;
}

export function renderCommentMarker(marker: CommentMarker): string {
  const runs = marker.runs.slice(-MAX_MARKER_RUNS).map((r) => `${r.digest}:${encodeValue(r.window)}:${r.count}`);
  return `${MARKER_PREFIX} comment fp=${marker.fingerprint} day=${marker.day} runs=${runs.join(",")} -->`;
}

export function parseCommentMarker(body: string | null | undefined): CommentMarker | undefined {
  const match = body ? MARKER_PATTERN.exec(body) : null;
  if (!match || !match.groups?.["comment"]) return undefined;
  const f = fields(match.groups?.["fields"] ?? "");
  const fingerprint = f.get("fp");
  const day = f.get("day");
  if (fingerprint === undefined || day === undefined || !FINGERPRINT_PATTERN.test(fingerprint)) return undefined;
  const runs: MarkerRun[] = [];
  for (const item of (f.get("runs") ?? "").split(",")) {
    const [digest, window, count] = item.split(":");
    if (digest && window !== undefined && count !== undefined) runs.push({ digest, window: decodeValue(window), count: Number(count) });
  }
  return { fingerprint, day, runs };
}

/** Three significant digits, so a re-run with the same figures renders the same marker and slow rates stay above 0. */
export function roundRate(rate: number): number {
  return rate === 0 || !Number.isFinite(rate) ? 0 : Number(rate.toPrecision(3));
}
