/**
 * `generateCloudRunExport` yields a window of Cloud Run log entries for two services, each with the
 * id of the problem that wrote it (kept apart from the entry: tests compare grouping with it).
 * Deterministic: the same options give the same entries, byte for byte.
 */
import { buildEntry } from "./cloud-run.js";
import { PROBLEMS, type Problem, type RateSpec, type Scenario, type ServiceKey } from "./problems.js";
import { createRandom, type Random } from "./random.js";

export interface GenerateOptions {
  readonly seed: string;
  /** Which window of the story: rates, rollouts and which problems are present. */
  readonly scenario: Scenario;
  /** Window start, epoch milliseconds (whole minute). */
  readonly startMs: number;
  readonly minutes: number;
  /** Multiplies every rate (1 = a few thousand entries an hour). */
  readonly scale?: number;
}

export interface LabelledEntry {
  readonly entry: Record<string, unknown>;
  /** The problem id; `insertId` links it to the entry. */
  readonly label: string;
}

interface Revision {
  readonly name: string;
  readonly instances: readonly string[];
}

interface Deployment {
  readonly service: string;
  readonly before: Revision;
  /** Absent when the window has no rollout. */
  readonly after?: Revision;
  readonly rolloutMinute: number;
}

const PROJECT = "netra-staging";
const LOCATION = "us-central1";
/** Old and new revisions both serve for this long after a rollout starts. */
const ROLLOUT_OVERLAP_MINUTES = 2;

function instanceIds(rng: Random, count: number): string[] {
  // Cloud Run instance ids: 180 hex characters, all sharing the zone prefix.
  return Array.from({ length: count }, () => `0069c7a988${rng.hex(170)}`);
}

function deployments(seed: string, scenario: Scenario): Record<ServiceKey, Deployment> {
  const rng = createRandom(`${seed}/deployments`);
  const rev = (name: string, count: number): Revision => ({ name, instances: instanceIds(rng, count) });
  const r611 = rev("netra-backend-staging-00611-b7m", 3);
  const r612 = rev("netra-backend-staging-00612-67q", 3);
  const r613 = rev("netra-backend-staging-00613-q2n", 3);
  const auth = rev("netra-auth-service-00087-xk2", 2);
  const backend: Deployment =
    scenario === "window-1"
      ? { service: "netra-backend-staging", before: r611, after: r612, rolloutMinute: 24 }
      : { service: "netra-backend-staging", before: r612, after: r613, rolloutMinute: 21 };
  return { backend, auth: { service: "netra-auth-service", before: auth, rolloutMinute: Number.POSITIVE_INFINITY } };
}

function pickRevision(rng: Random, deployment: Deployment, minute: number, restriction: RateSpec["revisions"]): Revision | undefined {
  const { before, after, rolloutMinute } = deployment;
  if (after === undefined) return restriction === "after-rollout" ? undefined : before;
  const beforeServes = minute < rolloutMinute + ROLLOUT_OVERLAP_MINUTES;
  const afterServes = minute >= rolloutMinute;
  if (restriction === "before-rollout") return beforeServes ? before : undefined;
  if (restriction === "after-rollout") return afterServes ? after : undefined;
  if (beforeServes && afterServes) return rng.chance(0.5) ? before : after;
  return afterServes ? after : before;
}

function poisson(rng: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * (rng.next() + rng.next() + rng.next() - 1.5) * 2));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

interface ProblemState {
  readonly problem: Problem;
  readonly spec: RateSpec;
  readonly rng: Random;
  /** Periodic problems: the next firing, epoch microseconds. */
  nextTickUs: number;
}

/** Occurrence times (epoch µs) of one problem within one minute, and whether each is a burst one. */
function occurrenceTimes(state: ProblemState, minute: number, minuteStartUs: number, scale: number): { timeUs: number; burst: boolean }[] {
  const { spec, rng } = state;
  const times: { timeUs: number; burst: boolean }[] = [];
  if (spec.minutes !== undefined && (minute < spec.minutes[0] || minute >= spec.minutes[1])) return times;
  const rate = spec.perMinute * scale;
  if (spec.arrival === "periodic") {
    const periodUs = 60_000_000 / rate;
    if (state.nextTickUs < minuteStartUs) state.nextTickUs = minuteStartUs + rng.next() * periodUs;
    while (state.nextTickUs < minuteStartUs + 60_000_000) {
      times.push({ timeUs: Math.floor(state.nextTickUs), burst: false });
      state.nextTickUs += periodUs * (0.9 + rng.next() * 0.2);
    }
  } else {
    for (let n = poisson(rng, rate); n > 0; n--) times.push({ timeUs: minuteStartUs + rng.int(0, 59_999_999), burst: false });
  }
  const burst = spec.burst;
  if (burst !== undefined && minute >= burst.minute && minute < burst.minute + burst.minutes) {
    for (let n = poisson(rng, rate * burst.factor); n > 0; n--) times.push({ timeUs: minuteStartUs + rng.int(0, 59_999_999), burst: true });
  }
  return times;
}

/** Entries of one minute, in time order (follow-ups may run a few µs past the minute's end). */
function* minuteEntries(
  states: readonly ProblemState[],
  deploys: Record<ServiceKey, Deployment>,
  minute: number,
  startMs: number,
  scale: number,
): Generator<LabelledEntry & { timeUs: number }> {
  const minuteStartUs = (startMs + minute * 60_000) * 1000;
  const out: (LabelledEntry & { timeUs: number })[] = [];
  for (const state of states) {
    const deployment = deploys[state.problem.service];
    for (const { timeUs, burst } of occurrenceTimes(state, minute, minuteStartUs, scale)) {
      const revision = pickRevision(state.rng, deployment, minute, state.spec.revisions);
      if (revision === undefined) continue;
      // A spike lands on one instance (the first of the revision); otherwise any instance.
      const instanceId = burst || state.spec.oneInstance === true ? (revision.instances[0] as string) : state.rng.pick(revision.instances);
      const occurrence = state.problem.occur(state.rng, timeUs);
      const occurrenceTrace = occurrence.traced ? state.rng.hex(32) : undefined;
      for (const { offsetUs, line, ownTrace, label } of occurrence.lines) {
        const trace = ownTrace === true ? state.rng.hex(32) : occurrenceTrace;
        const at = timeUs + offsetUs;
        const entry = buildEntry(
          line,
          { project: PROJECT, service: deployment.service, location: LOCATION, revision: revision.name, instanceId, timeUs: at, ...(trace === undefined ? {} : { trace }) },
          state.rng,
        );
        out.push({ entry, label: label ?? state.problem.id, timeUs: at });
      }
    }
  }
  out.sort((a, b) => a.timeUs - b.timeUs || String(a.entry.insertId).localeCompare(String(b.entry.insertId)));
  yield* out;
}

function problemStates(seed: string, scenario: Scenario): ProblemState[] {
  const states: ProblemState[] = [];
  for (const problem of PROBLEMS) {
    const spec = problem.rates[scenario];
    if (spec === undefined) continue;
    states.push({ problem, spec, rng: createRandom(`${seed}/${scenario}/${problem.id}`), nextTickUs: 0 });
  }
  return states;
}

/** Entries oldest first, streamed minute by minute: memory holds one minute, whatever `minutes` is. */
export function* streamCloudRunExport(options: GenerateOptions): Generator<LabelledEntry> {
  const states = problemStates(options.seed, options.scenario);
  const deploys = deployments(options.seed, options.scenario);
  for (let minute = 0; minute < options.minutes; minute++) {
    for (const { entry, label } of minuteEntries(states, deploys, minute, options.startMs, options.scale ?? 1)) yield { entry, label };
  }
}

/** A whole window newest first, the order `gcloud logging read` returns by default. */
export function generateCloudRunExport(options: GenerateOptions): LabelledEntry[] {
  const all = [...streamCloudRunExport(options)];
  const endMs = options.startMs + options.minutes * 60_000;
  return all
    .filter(({ entry }) => Date.parse(String(entry.timestamp)) < endMs)
    .sort((a, b) => String(b.entry.timestamp).localeCompare(String(a.entry.timestamp)) || String(b.entry.insertId).localeCompare(String(a.entry.insertId)));
}

/** The two committed windows of the built-in sample. */
export const SAMPLE_WINDOWS = [
  { file: "window-1", scenario: "window-1", startMs: Date.UTC(2025, 8, 14, 18, 0), minutes: 60 },
  { file: "window-2", scenario: "window-2", startMs: Date.UTC(2025, 8, 15, 1, 0), minutes: 60 },
] as const satisfies readonly { file: string; scenario: Scenario; startMs: number; minutes: number }[];

export const SAMPLE_SEED = "netra-staging-2025-09";
