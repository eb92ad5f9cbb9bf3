// The runner's file commands: job summary (GITHUB_STEP_SUMMARY) and step outputs (GITHUB_OUTPUT).
import { randomUUID } from "node:crypto";
import { appendFile } from "node:fs/promises";

/** GitHub shows at most 1 MiB of summary per step and drops the whole summary when it is larger. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

/** Appends Markdown to the job summary, cut at a line so the limit is never crossed. */
export async function appendSummary(path: string, markdown: string, note: string): Promise<void> {
  let text = markdown.endsWith("\n") ? markdown : `${markdown}\n`;
  const room = MAX_SUMMARY_BYTES - Buffer.byteLength(note, "utf8") - 2;
  if (Buffer.byteLength(text, "utf8") > MAX_SUMMARY_BYTES) {
    const cut = Buffer.from(text, "utf8").subarray(0, room).toString("utf8");
    text = `${cut.slice(0, cut.lastIndexOf("\n") + 1)}\n${note}\n`;
  }
  await appendFile(path, text, "utf8");
}

/** `name<<delimiter` blocks, as @actions/core writes them, so values may span lines. */
export function formatOutputs(outputs: Readonly<Record<string, string>>, delimiter = `ghadelimiter_${randomUUID()}`): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (value.includes(delimiter)) throw new Error(`output ${name} contains the delimiter`);
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
}

export async function writeOutputs(path: string, outputs: Readonly<Record<string, string>>): Promise<void> {
  await appendFile(path, formatOutputs(outputs), "utf8");
}
