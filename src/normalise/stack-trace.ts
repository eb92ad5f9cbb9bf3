import { isFrameworkLocation } from "./framework-frames.js";
import type { ErrorInfo, SourceLocation } from "../model/entry.js";

const PYTHON_TRACEBACK = /^\s*Traceback \(most recent call last\):\s*$/;
const PYTHON_FRAME = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$/;
const JAVA_FRAME = /^\s+at ([\w$.<>]+)\(([^:()]+)(?::(\d+))?\)\s*$/;
const JS_FRAME = /^\s+at (?:(.+?) \()?([^()\s]+?):(\d+):\d+\)?\s*$/;
const STACK_LINE = /^(\s+at\s|\s*File "|\s*Traceback \(most recent call last\)|\s*Caused by:|\s*\.\.\. \d+ more|goroutine \d+ \[)/;
/** `ValueError: msg`, `requests.exceptions.ConnectionError: msg`, `KeyboardInterrupt`. */
const PYTHON_EXCEPTION_LINE = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
/** `java.lang.IllegalStateException: msg`, `Exception in thread "main" x.Y: msg`, `TypeError: msg`. */
const EXCEPTION_HEAD = /^(?:Exception in thread "[^"]*" )?((?:[\w$]+\.)*[\w$]*(?:Error|Exception|Throwable|Fault|Failure|Panic)[\w$]*)(?::\s?(.*))?$/;
const GO_PANIC = /^(panic|fatal error): (.*)$/;
const PYTHON_NAME_START = /^[A-Za-z_]/;
const GO_GOROUTINE = /^goroutine \d+ \[[^\]]*\]:\s*$/;
const GO_FRAME_FUNCTION = /^(\S+)\([^()]*\)$/;
const GO_FRAME_FILE = /^\t(\S+?):(\d+)(?: \+0x[0-9a-f]+)?$/;

export interface SplitText {
  /** The first meaningful line: for a bare Python traceback, its exception line. */
  readonly message: string;
  readonly stackTrace?: string;
}

function isStackLike(lines: readonly string[]): boolean {
  return lines.some((line) => STACK_LINE.test(line));
}

/** The exception line of a Python traceback: the last line back at the left margin after the frames. */
function pythonExceptionLine(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const line = lines[i]!;
    // An exception line starts with the exception's name; SQLAlchemy's `[SQL: …]`, `[parameters: …]`
    // and `(Background on this error at: …)` lines come after it.
    if (line.trim() === "" || !PYTHON_NAME_START.test(line)) continue;
    if (PYTHON_TRACEBACK.test(line) || /^(During handling|The above exception)/.test(line)) return undefined;
    return line.trim();
  }
  return undefined;
}

/**
 * Splits a multi-line message into the human message (its first non-blank line) and the stack trace
 * (the lines after it, when they look like one). A text that is a bare Python traceback is named by its
 * exception line (`NameError: name 'x' is not defined`), the way Error Reporting names it. Lines after
 * the first that are not a stack trace stay only in the sample.
 */
export function splitMessage(text: string): SplitText {
  const lines = text.split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first < 0) return { message: "" };
  const head = lines[first]!.trim();
  const rest = lines.slice(first + 1);
  // A traceback whose start was cut off (a read that began mid-print) starts with a frame or a source line.
  const headless = /^\s/.test(lines[first]!) && isStackLike(lines);
  if (PYTHON_TRACEBACK.test(head) || headless) {
    const stackTrace = lines.slice(first).join("\n").trimEnd();
    return { message: pythonExceptionLine(rest) ?? head, stackTrace };
  }
  if (rest.length > 0 && isStackLike(rest)) {
    const start = rest.findIndex((line) => line.trim() !== "");
    return { message: head, stackTrace: rest.slice(start).join("\n").trimEnd() };
  }
  return { message: head };
}

/**
 * The error a stack trace (or the message line above it) names: Python's last exception line, the
 * first exception of a Java/Node trace, or a Go panic.
 */
export function errorFromText(message: string, stackTrace: string | undefined): ErrorInfo | undefined {
  if (stackTrace && /Traceback \(most recent call last\)/.test(stackTrace)) {
    const line = pythonExceptionLine(stackTrace.split("\n"));
    const match = line ? PYTHON_EXCEPTION_LINE.exec(line) : null;
    if (match?.[1]) return { type: match[1], ...(match[2] ? { value: match[2] } : {}) };
  }
  const panic = GO_PANIC.exec(message);
  if (panic?.[1]) return { type: panic[1], ...(panic[2] ? { value: panic[2] } : {}) };
  const head = EXCEPTION_HEAD.exec(message.trim());
  if (head?.[1]) return { type: head[1], ...(head[2] ? { value: head[2] } : {}) };
  return undefined;
}

/**
 * Where the error was raised, from the trace: Python's innermost frame (the last `File` line), or the
 * top frame of a Java/Node trace. Used only when the entry states no source location itself.
 */
export function sourceFromStack(stackTrace: string): SourceLocation | undefined {
  const lines = stackTrace.split("\n");
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const python = PYTHON_FRAME.exec(lines[i]!);
    if (python?.[1] && isFrameworkLocation({ file: python[1] })) continue;
    if (python?.[1]) return { file: python[1], line: Number(python[2]), ...(python[3] ? { function: python[3].trim() } : {}) };
  }
  const goroutine = lines.findIndex((line) => GO_GOROUTINE.test(line));
  if (goroutine >= 0) {
    for (let i = goroutine + 1; i + 1 < lines.length; i += 1) {
      const fn = GO_FRAME_FUNCTION.exec(lines[i]!);
      const at = GO_FRAME_FILE.exec(lines[i + 1]!);
      // the panic machinery's own frames are not where the program went wrong
      if (fn?.[1] && at?.[1] && !fn[1].startsWith("panic") && !fn[1].startsWith("runtime.") && !isFrameworkLocation({ file: at[1] })) return { function: fn[1], file: at[1], line: Number(at[2]) };
    }
  }
  for (const line of lines) {
    const java = JAVA_FRAME.exec(line);
    if (java?.[1] && isFrameworkLocation({ function: java[1] })) continue;
    if (java?.[1]) return { function: java[1], file: java[2]!, ...(java[3] ? { line: Number(java[3]) } : {}) };
    const js = JS_FRAME.exec(line);
    if (js?.[2] && isFrameworkLocation({ file: js[2] })) continue;
    if (js?.[2]) return { file: js[2], line: Number(js[3]), ...(js[1] ? { function: js[1] } : {}) };
  }
  return undefined;
}
