/** What a run gets from the outside world: the clock, standard input, the environment, and where to say progress. */
export interface RunContext {
  /** Wall clock; pure stages receive `now` from here as an argument. */
  readonly now: () => Date;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly progress: ProgressSink;
  readonly signal?: AbortSignal;
}

/** Long work reports through this; the CLI decides how (a live line on a terminal, plain lines otherwise, nothing with --quiet). */
export interface ProgressSink {
  /** A phase begins, e.g. "reading", "mining", "tracker". */
  phase(name: string): void;
  /** Running counters of the current phase; called often, the sink throttles. */
  update(counters: Readonly<Record<string, number | string>>): void;
  /** A line worth keeping (a skipped input, a retry given up). */
  note(line: string): void;
}

export const silentProgress: ProgressSink = {
  phase: () => undefined,
  update: () => undefined,
  note: () => undefined,
};
