/** Exit codes the CLI maps errors to: 2 for anything the user can fix, 3 for a source that failed, 1 for a bug. */
export const EXIT_CODES = { usage: 2, source: 3, internal: 1 } as const;

/** A wrong flag, a missing file, a bad config: one line for the user, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = EXIT_CODES.usage;
  override name = "UsageError";
}

/** An input or API that could not be read at all (not a skipped entry: those are counted). */
export class SourceError extends Error {
  readonly exitCode = EXIT_CODES.source;
  override name = "SourceError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Credentials missing or refused: says how to fix it; exit code 2 because the user must act. */
export class AuthError extends Error {
  readonly exitCode = EXIT_CODES.usage;
  override name = "AuthError";
}

/** A broken invariant inside log-gardener itself. */
export class InternalError extends Error {
  readonly exitCode = EXIT_CODES.internal;
  override name = "InternalError";
}

export function assertNever(value: never, what = "value"): never {
  throw new InternalError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
