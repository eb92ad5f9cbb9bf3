/**
 * Which lines of a plain-text log belong to the entry above them: stack traces (Python, Java, Node, Go),
 * indented detail lines and pretty-printed JSON blocks. Modelled on Google's
 * fluent-plugin-detect-exceptions state machines, reduced to what a reader needs: where an entry ends.
 */

/** What the lines so far are in the middle of. */
export type TraceState =
  | { readonly kind: "none" }
  | { readonly kind: "python" } // inside `Traceback (most recent call last):` frames
  | { readonly kind: "python-done" } // after the exception line; a chained traceback may follow
  | { readonly kind: "java" } // `at ...` frames, `Caused by:`
  | { readonly kind: "go" } // `goroutine N [...]:` dumps
  | { readonly kind: "json"; readonly depth: number }; // an unclosed `{` or `[` at the end of a line

export const NO_TRACE: TraceState = { kind: "none" };

const PYTHON_TRACEBACK = /^\s*Traceback \(most recent call last\):\s*$/;
const PYTHON_FRAME = /^\s+File "[^"]*", line \d+/;
const PYTHON_CHAIN = /^\s*(During handling of the above exception, another exception occurred:|The above exception was the direct cause of the following exception:)\s*$/;
const JAVA_OR_JS_FRAME = /^\s+at\s+\S/;
const JAVA_MORE = /^\s*\.\.\. \d+ (more|common frames omitted)\s*$/;
const JAVA_CAUSE = /^\s*(Caused by|Suppressed):\s/;
const GO_GOROUTINE = /^goroutine \d+ \[[^\]]*\]:\s*$/;
const GO_PANIC_START = /^(panic: |fatal error: )/;
const GO_FUNCTION = /^(created by )?[\w./*()[\]{}-]+\(.*\)(\s+in goroutine \d+)?\s*$/;
const MAX_FRAME_CHARS = 2_000;
const GO_EXIT = /^exit status \d+\s*$/;
/** SQLAlchemy's exception message goes on under the exception line: the statement, its parameters, a link. */
const SQLALCHEMY_DETAIL = /^(\[SQL: |\[parameters: |\(Background on this error at: )/;
/** A line that says something went wrong: a Python traceback right under it is its traceback. */
const ERRORISH =
  /\b(error|errors|exception|fail|failed|failure|critical|fatal|traceback|crash|crashed|unhandled|uncaught)\b|\b(ERROR|CRITICAL|FATAL|SEVERE)\b/i;

export function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === " " || line[i] === "\t")) i += 1;
  return i;
}

/** Net `{`/`[` opened minus closed outside string literals (close enough for deciding where a block ends). */
export function bracketBalance(line: string): number {
  let balance = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i += 1;
      else if (c === quote) quote = undefined;
    } else if (c === '"') quote = c;
    else if (c === "{" || c === "[") balance += 1;
    else if (c === "}" || c === "]") balance -= 1;
  }
  return balance;
}

function opensBlock(line: string): boolean {
  const end = line.trimEnd();
  return end.endsWith("{") || end.endsWith("[");
}

/** The state after a line that starts a new entry. */
export function stateAfterFirstLine(line: string): TraceState {
  if (PYTHON_TRACEBACK.test(line)) return { kind: "python" };
  if (GO_PANIC_START.test(line)) return { kind: "go" };
  if (opensBlock(line)) return { kind: "json", depth: Math.max(1, bracketBalance(line)) };
  return NO_TRACE;
}

export interface EntrySoFar {
  readonly firstLine: string;
  readonly firstIndent: number;
  readonly continuationLines: number;
  readonly state: TraceState;
  /** Blank lines seen since the entry's last line. */
  readonly pendingBlanks: number;
}

/** Whether `line` (not blank) continues the entry, and the state after it; `undefined` starts a new entry. */
export function continueEntry(entry: EntrySoFar, line: string): TraceState | undefined {
  const { state } = entry;
  if (state.kind === "json" && entry.pendingBlanks === 0) {
    const depth = state.depth + bracketBalance(line);
    return depth > 0 ? { kind: "json", depth } : NO_TRACE;
  }
  if (JAVA_OR_JS_FRAME.test(line) || JAVA_MORE.test(line) || JAVA_CAUSE.test(line)) return { kind: "java" };
  if (PYTHON_TRACEBACK.test(line)) {
    // Chained tracebacks continue; otherwise a traceback joins the line right above it only when that
    // line reads as an error (logger.exception("...")): an uncaught exception under an unrelated line starts anew.
    if (state.kind === "python-done") return { kind: "python" };
    const attaches = entry.continuationLines === 0 && entry.pendingBlanks === 0 && ERRORISH.test(entry.firstLine);
    return attaches ? { kind: "python" } : undefined;
  }
  if (PYTHON_CHAIN.test(line)) return state.kind === "python-done" || state.kind === "python" ? { kind: "python-done" } : undefined;
  if (PYTHON_FRAME.test(line)) return { kind: "python" };
  if (state.kind === "python-done" && entry.pendingBlanks === 0 && SQLALCHEMY_DETAIL.test(line)) return state;
  if (state.kind === "python") {
    if (entry.pendingBlanks > 0) return undefined;
    // Indented lines are source and caret lines; the first line back at the margin is the exception itself.
    return indentOf(line) > 0 ? state : { kind: "python-done" };
  }
  if (GO_GOROUTINE.test(line)) return state.kind === "go" ? state : undefined;
  // (the length bound keeps GO_FUNCTION's backtracking off pathological lines; real frames are short)
  if (state.kind === "go" && ((line.length < MAX_FRAME_CHARS && GO_FUNCTION.test(line)) || line.startsWith("\t") || GO_EXIT.test(line))) return state;
  if (entry.pendingBlanks === 0 && indentOf(line) > entry.firstIndent) {
    return opensBlock(line) ? { kind: "json", depth: Math.max(1, bracketBalance(line)) } : state.kind === "none" ? NO_TRACE : state;
  }
  return undefined;
}
