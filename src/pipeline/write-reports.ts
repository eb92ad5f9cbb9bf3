import { join, resolve } from "node:path";
import type { Report } from "../model/report.js";
import { jsonReportFileName, worklogFileName } from "../report/file-name.js";
import { renderHtmlReport } from "../report/html.js";
import { jsonReportChunks } from "../report/json.js";
import { renderWorklog } from "../report/markdown.js";
import { writeFileAtomic } from "../report/write.js";
import type { RunRequest, RunResult } from "./request.js";

/** The worklog (named from the window), the JSON report (beside it unless --json says where) and the HTML page when asked. */
export async function writeReports(report: Report, opts: { readonly request: RunRequest; readonly cwd: string }): Promise<RunResult["files"]> {
  const { request, cwd } = opts;
  const { config } = request;
  const outDir = resolve(cwd, config.report.outDir);
  const worklog = join(outDir, worklogFileName(report.window));
  const { maxSampleChars, maxListed, busiestMinutes } = config.report;
  await writeFileAtomic(worklog, renderWorklog(report, { detail: config.report.worklog, maxBytes: config.report.worklogMaxBytes, maxSampleChars, maxListed, busiestMinutes }));
  const files: { worklog: string; json?: string; html?: string; assignments?: string } = { worklog };
  const jsonPath = request.jsonPath ? resolve(cwd, request.jsonPath) : config.report.json ? join(outDir, jsonReportFileName(report.window)) : undefined;
  if (jsonPath) {
    files.json = jsonPath;
    await writeFileAtomic(jsonPath, jsonReportChunks(report));
  }
  if (request.htmlPath) {
    files.html = resolve(cwd, request.htmlPath);
    await writeFileAtomic(files.html, renderHtmlReport(report, { maxSampleChars, maxClusters: config.report.htmlMaxClusters }));
  }
  if (request.assignmentsPath) files.assignments = resolve(cwd, request.assignmentsPath);
  return files;
}
