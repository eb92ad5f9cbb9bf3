import { relative } from "node:path";
import { PRIORITIES } from "../model/judgement.js";
import type { NotificationOutcome } from "../model/notify.js";
import type { Severity } from "../model/severity.js";
import { filterReasonWords, totalOf, type FilterReason, type StageStats } from "../model/stats.js";
import { renderTrackerPlan, type RunResult } from "../pipeline/run.js";

/** The short final summary: what was read, what was found, where the files are. */
export function printRunSummary(
  result: RunResult,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; quiet: boolean; stateless?: boolean },
): void {
  const { report, files } = result;
  const { totals } = report;
  const skipped = totalOf(totals.skipped);
  for (const sample of totals.skippedSamples) {
    io.stderr.write(`log-gardener: skipped ${sample.input} #${sample.position}: ${sample.reason}${sample.detail ? ` (${sample.detail})` : ""}\n`);
  }
  if (io.quiet) return;
  const incomplete = report.sources.filter((s) => s.completeness.kind === "query_failed" || s.completeness.kind === "truncated");
  const lines = [
    `${readLine(totals, skipped, report.query.minSeverity)}${incomplete.length > 0 ? " (INCOMPLETE read)" : ""}`,
    findingsLine(report.clusters, totals, report.query.minSeverity),
    `worklog: ${shortPath(files.worklog)}`,
  ];
  const tracker = report.tracker;
  if (tracker) {
    if (tracker.dryRun) {
      lines.push(renderTrackerPlan(tracker));
    } else {
      const done = (kind: string) => tracker.actions.filter((a) => a.kind === kind && a.status === "done").length;
      const failed = tracker.actions.filter((a) => a.status === "failed").length;
      const deferred = tracker.actions.filter((a) => a.status === "deferred").length;
      // Without state the local tracker lives in memory for this run only: say so, or "created" misleads.
      const forgotten = tracker.tracker === "local" && io.stateless === true ? " (not kept: --no-state)" : "";
      lines.push(
        `${tracker.tracker === "github" ? `GitHub ${tracker.repo ?? ""}${tracker.tokenSource ? ` (token from ${tracker.tokenSource})` : ""}` : "local tracker"}: ${done("create")} created, ${done("comment") + done("edit-comment")} updated with evidence, ${done("update")} retitled/relabelled, ${done("reopen")} reopened, ${deferred} deferred${failed > 0 ? `, ${failed} FAILED` : ""}${forgotten}`,
      );
    }
  }
  for (const n of report.notifications ?? []) lines.push(notificationLine(n));
  if (files.json) lines.push(`json: ${shortPath(files.json)}`);
  if (files.html) lines.push(`html: ${shortPath(files.html)}`);
  if (files.assignments) lines.push(`assignments: ${shortPath(files.assignments)}`);
  io.stdout.write(`${lines.join("\n")}\n`);
}

const count = (n: number): string => n.toLocaleString("en-US");

/** One line per sink; a dry run's preview follows, indented. A failure is said here and the run still exits 0. */
export function notificationLine(n: NotificationOutcome): string {
  const who = `notify ${n.sink} ${n.name}`;
  switch (n.status) {
    case "sent":
      return `${who}: sent (${n.events} ${n.events === 1 ? "problem" : "problems"}${n.attempts > 1 ? `, ${n.attempts} attempts` : ""})`;
    case "failed":
      return `${who}: FAILED${n.attempts > 0 ? ` after ${n.attempts} attempts` : ""}: ${n.error ?? "unknown error"} (the run goes on)`;
    case "preview":
      return `${who} (dry run, nothing sent):\n${(n.preview ?? "").split("\n").map((l) => `  ${l}`).join("\n")}`;
    case "nothing-to-send":
      return `${who}: nothing to send`;
  }
}

/** `read 2,887 entries, kept 2,701, skipped 0, filtered 186 (186 below WARNING)`. */
export function readLine(totals: StageStats, skipped: number, minSeverity: Severity): string {
  const filtered = totalOf(totals.filtered);
  const why = (Object.entries(totals.filtered) as [FilterReason, number | undefined][])
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${count(n ?? 0)} ${filterReasonWords(reason, minSeverity)}`);
  return `read ${count(totals.read)} ${totals.read === 1 ? "entry" : "entries"}, kept ${count(totals.kept)}, skipped ${count(skipped)}, filtered ${count(filtered)}${why.length > 0 ? ` (${why.join(", ")})` : ""}`;
}

/** What was found; an empty result says why it is empty, since "no data" and "no warnings" mean different things. */
export function findingsLine(clusters: readonly { readonly priority: string }[], totals: StageStats, minSeverity: Severity): string {
  if (totals.read === 0) return "no data: the input held no entries (this is not the same as no errors)";
  if (totals.kept === 0) return `0 entries at ${minSeverity} or above, so no clusters`;
  const byPriority = PRIORITIES.map((p) => `${p} ${clusters.filter((c) => c.priority === p).length}`).join(", ");
  return `${count(clusters.length)} ${clusters.length === 1 ? "cluster" : "clusters"}: ${byPriority}`;
}

/** Relative to the working directory when inside it, else absolute. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}
