/**
 * Worker threads that prepare entries (prepare.ts: parse, repair, redact, read fields) while the
 * main thread mines, clusters and counts. Batches go out with their element bytes packed in one
 * transferred ArrayBuffer (no copy), and come back in the order they went out; each worker builds
 * the same normaliser from the same plain options, so a worker's entry is the main thread's entry.
 *
 * The worker file is resolved beside this one: `prepare-worker.js` in dist/, or `prepare-worker.ts`
 * run through tsx's loader when the CLI runs from the sources (tests, `npm run demo`).
 */
import { Worker } from "node:worker_threads";
import { SampleText, type RawEntry } from "../model/entry.js";
import type { NormaliserOptions } from "../normalise/normalise.js";
import type { SourceItem } from "../model/source.js";
import type { ElementResult } from "./prepare.js";

/** What a worker needs to build its normaliser: plain, cloneable options. */
export type PrepareWorkerOptions = NormaliserOptionsData;

/** The normaliser's options with the redactor as its options (a compiled redactor cannot cross threads). */
export interface NormaliserOptionsData {
  readonly redaction: Parameters<typeof import("../normalise/redact.js").createRedactor>[0];
  readonly limits: NonNullable<NormaliserOptions["limits"]>;
}

/** What is prepared ahead of the split-line join: a source's item as it came, a raw entry or an element it left unparsed. */
export type AheadInput = Extract<SourceItem, { kind: "entry" } | { kind: "unparsed" }>;

/** One batch as it crosses to a worker: raw entries as they are, unparsed elements as ranges of one buffer. */
export interface BatchMessage {
  readonly id: number;
  readonly items: readonly ({ readonly raw: RawEntry } | ElementRange)[];
  readonly bytes: ArrayBuffer;
}

interface ElementRange {
  readonly input: string;
  readonly position: number;
  readonly where: string;
  readonly start: number;
  readonly end: number;
}

export interface BatchResult {
  readonly id: number;
  readonly prepared?: readonly ElementResult[];
  readonly error?: string;
}

export interface PreparePool {
  readonly batchSize: number;
  /** Batches out at once before the main thread waits for the oldest (bounds memory). */
  readonly maxBatchesInFlight: number;
  /** Raw entries are prepared; elements are parsed, and prepared unless the join must see them first (prepare.ts prepareElement). */
  prepare(batch: readonly AheadInput[]): Promise<readonly ElementResult[]>;
  /** Workers started so far, and the share of their time since they started that they were busy (0–1, their mean). */
  utilisation(): { readonly workers: number; readonly busy: number };
  close(): Promise<void>;
}

/**
 * Each prepared entry's sample crosses back as its JSON text (prepare.ts `samples: "text"`), cloned as
 * one string instead of field by field, and is wrapped on this side (SampleText).
 */
function samplesFromText(prepared: readonly ElementResult[]): readonly ElementResult[] {
  for (const result of prepared) if (result.kind === "entry") (result.entry as { sample: unknown }).sample = new SampleText(result.entry.sample as string);
  return prepared;
}

/** Entries per batch: large enough that a message's fixed cost is small, small enough to keep both sides busy. */
const BATCH_SIZE = 256;

interface Pending {
  readonly resolve: (prepared: readonly ElementResult[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Workers start at the first batch, not here: a run that reads less than `input.parallelAfterEntries`
 * prepares everything on this thread and never pays for starting them. A worker that cannot start
 * fails that first batch, and so the run.
 */
export function openPreparePool(workerCount: number, options: PrepareWorkerOptions): PreparePool {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  let started: Promise<readonly Worker[]> | undefined;
  let running: readonly Worker[] = [];
  const start = async (): Promise<readonly Worker[]> => {
    const workers = await Promise.all(Array.from({ length: workerCount }, () => startWorker(options)));
    running = workers;
    for (const worker of workers) {
      worker.on("message", (result: BatchResult) => {
        const waiting = pending.get(result.id);
        pending.delete(result.id);
        if (result.error !== undefined) waiting?.reject(new Error(`entry worker: ${result.error}`));
        else waiting?.resolve(samplesFromText(result.prepared ?? []));
      });
      worker.on("error", (error) => {
        failure = error;
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
      });
    }
    return workers;
  };
  return {
    batchSize: BATCH_SIZE,
    maxBatchesInFlight: workerCount * 2,
    prepare(batch) {
      if (failure !== undefined) return Promise.reject(failure);
      const message = packBatch(nextId++, batch);
      started ??= start();
      return started.then(
        (workers) =>
          new Promise((resolve, reject) => {
            if (failure !== undefined) return reject(failure);
            pending.set(message.id, { resolve, reject });
            (workers[message.id % workers.length] as Worker).postMessage(message, [message.bytes]);
          }),
      );
    },
    utilisation() {
      // a worker's event loop is busy while it prepares a batch and idle while it waits for the next
      const busy = running.map((worker) => worker.performance.eventLoopUtilization().utilization);
      return { workers: busy.length, busy: busy.length === 0 ? 0 : busy.reduce((sum, share) => sum + share, 0) / busy.length };
    },
    async close() {
      // a start that failed has no workers to stop; its error reached the batch that started it
      const workers = await started?.catch(() => []);
      await Promise.all((workers ?? []).map((worker) => worker.terminate()));
    },
  };
}

function packBatch(id: number, batch: readonly AheadInput[]): BatchMessage {
  let size = 0;
  for (const item of batch) if (item.kind === "unparsed") size += item.unparsed.bytes.length;
  const bytes = new Uint8Array(size);
  let offset = 0;
  const items = batch.map((item) => {
    if (item.kind === "entry") return { raw: item.entry };
    const { input, position, where } = item.unparsed;
    const start = offset;
    bytes.set(item.unparsed.bytes, offset);
    offset += item.unparsed.bytes.length;
    return { input, position, where, start, end: offset };
  });
  return { id, items, bytes: bytes.buffer };
}

/** The worker beside this file: compiled JS, or TypeScript through tsx's loader registered in the worker. */
function workerUrl(): URL {
  const compiled = import.meta.url.endsWith(".js");
  return new URL(compiled ? "./prepare-worker.js" : "./prepare-worker.ts", import.meta.url);
}

/** `--cpu-prof` and `--heap-prof` with their directory and interval, as `=value` or as the next argument. */
const PROFILING_FLAG = /^--(?:cpu|heap)-prof(?:-dir|-interval)?(?:=|$)/;
const PROFILING_FLAG_WITH_VALUE = /^--(?:cpu|heap)-prof-(?:dir|interval)$/;

/**
 * Of the parent's Node flags, those that profile: `node --cpu-prof` then writes a profile for each
 * worker too (Node names each file by thread). Not `--cpu-prof-name` (every thread would write the
 * one file), and not `--import`/`--require` (a loader, a benchmark's memory probe): the worker
 * loads what it needs itself.
 */
export function profilingFlags(parentArgv: readonly string[]): string[] {
  const flags: string[] = [];
  for (let index = 0; index < parentArgv.length; index += 1) {
    const flag = parentArgv[index] as string;
    if (!PROFILING_FLAG.test(flag)) continue;
    flags.push(flag);
    const value = parentArgv[index + 1];
    if (PROFILING_FLAG_WITH_VALUE.test(flag) && value !== undefined) {
      flags.push(value);
      index += 1;
    }
  }
  return flags;
}

async function startWorker(options: PrepareWorkerOptions): Promise<Worker> {
  const target = workerUrl();
  let worker: Worker;
  const execArgv = profilingFlags(process.execArgv);
  if (target.pathname.endsWith(".js")) worker = new Worker(target, { workerData: options, execArgv });
  else {
    // tsx's loader is registered per thread; a data: URL module registers it, then loads the worker
    const tsx = import.meta.resolve("tsx/esm/api");
    const code = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(target.href)});`;
    worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: options, execArgv });
  }
  // a worker that cannot start fails the run at once, not at the first batch
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    worker.once("error", onError);
    worker.once("message", (ready: unknown) => {
      worker.off("error", onError);
      if (ready === "ready") resolve();
      else reject(new Error(`entry worker did not start: ${String(ready)}`));
    });
  });
  worker.unref();
  return worker;
}
