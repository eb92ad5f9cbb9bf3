import { relative } from "node:path";
import { PRIORITIES } from "../model/judgement.js";
import { totalOf } from "../model/stats.js";
import { renderTrackerPlan, type RunResult } from "../pipeline/run.js";

/** The short final summary: what was read, what was found, where the files are. */
export function printRunSummary(
  result: RunResult,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; quiet: boolean },
): void {
  const { report, files } = result;
  const { totals } = report;
  const skipped = totalOf(totals.skipped);
  for (const sample of totals.skippedSamples) {
    io.stderr.write(`log-gardener: skipped ${sample.input} #${sample.position}: ${sample.reason}${sample.detail ? ` (${sample.detail})` : ""}\n`);
  }
  if (io.quiet) return;
  const byPriority = PRIORITIES.map((p) => `${p} ${report.clusters.filter((c) => c.priority === p).length}`).join(", ");
  const incomplete = report.sources.filter((s) => s.completeness.kind === "query_failed" || s.completeness.kind === "truncated");
  const lines = [
    `read ${totals.read.toLocaleString("en-US")} entries, kept ${totals.kept.toLocaleString("en-US")}, skipped ${skipped.toLocaleString("en-US")}, filtered ${totalOf(totals.filtered).toLocaleString("en-US")}${incomplete.length > 0 ? " (INCOMPLETE read)" : ""}`,
    `${report.clusters.length} clusters: ${byPriority}`,
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
      lines.push(
        `${tracker.tracker === "github" ? `GitHub ${tracker.repo ?? ""}` : "local tracker"}: ${done("create")} created, ${done("comment") + done("edit-comment")} updated with evidence, ${done("update")} retitled/relabelled, ${done("reopen")} reopened, ${deferred} deferred${failed > 0 ? `, ${failed} FAILED` : ""}`,
      );
    }
  }
  if (files.json) lines.push(`json: ${shortPath(files.json)}`);
  if (files.html) lines.push(`html: ${shortPath(files.html)}`);
  if (files.assignments) lines.push(`assignments: ${shortPath(files.assignments)}`);
  io.stdout.write(`${lines.join("\n")}\n`);
}

/** Relative to the working directory when inside it, else absolute. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}
