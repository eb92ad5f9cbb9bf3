// The worklog golden cases: one fixture each, rendered to a committed Markdown file.
import { fileURLToPath } from "node:url";
import { renderWorklog } from "../../../src/report/markdown.js";
import { ReportFixture, worklogFixture } from "../../builders/report-builder.js";

export interface WorklogGoldenCase {
  readonly name: string;
  readonly file: string;
  readonly render: () => string;
}

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

export const WORKLOG_GOLDEN_CASES: readonly WorklogGoldenCase[] = [
  { name: "one hour of a Cloud Run backend with tracker actions", file: here("cloud-run-hour.md"), render: () => renderWorklog(worklogFixture().build()) },
  { name: "the same hour with every fact (--worklog full)", file: here("cloud-run-hour-full.md"), render: () => renderWorklog(worklogFixture().build(), { detail: "full" }) },
  {
    name: "a read that failed part-way",
    file: here("incomplete-read.md"),
    render: () =>
      renderWorklog(
        worklogFixture()
          .withCompleteness({ kind: "query_failed", error: "HTTP 429 RESOURCE_EXHAUSTED: Quota exceeded for entries.list", readUntil: "2025-09-15T01:20:00Z" })
          .build(),
      ),
  },
  { name: "no data in the window", file: here("no-data.md"), render: () => renderWorklog(new ReportFixture().withCompleteness({ kind: "no_data" }).build()) },
];
