import { relative } from "node:path";
import { PRIORITIES } from "../model/judgement.js";
import { totalOf } from "../model/stats.js";
import type { RunResult } from "../pipeline/run.js";

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
    `worklog: ${relative(process.cwd(), files.worklog) || files.worklog}`,
  ];
  if (files.json) lines.push(`json: ${relative(process.cwd(), files.json)}`);
  if (files.html) lines.push(`html: ${relative(process.cwd(), files.html)}`);
  if (files.assignments) lines.push(`assignments: ${relative(process.cwd(), files.assignments)}`);
  io.stdout.write(`${lines.join("\n")}\n`);
}
