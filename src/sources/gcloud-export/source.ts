import type { InputConfig } from "../../config/sections/input.js";
import type { SourceItem } from "../../model/source.js";
import { readLines, type ReadEnd } from "../text/lines.js";
import { GcloudLayoutConsumer } from "./layout.js";
import { readJsonStream } from "./streaming.js";

/** How a JSON array input is laid out: gcloud's own pretty print (fast path) or anything else (streaming parser). */
export type ArrayLayout = "gcloud" | "any";

/** A JSON array of LogEntry objects, as `gcloud logging read --format=json` writes it (or any JSON array). */
export function readGcloudExport(
  chunks: AsyncIterable<Buffer>,
  input: string,
  layout: ArrayLayout,
  limits: Pick<InputConfig, "maxEntryBytes">,
  leaveUnparsed = false,
): AsyncGenerator<SourceItem, ReadEnd> {
  if (layout === "gcloud") return readLines(chunks, limits.maxEntryBytes, new GcloudLayoutConsumer(input, limits.maxEntryBytes, leaveUnparsed));
  return readJsonStream(chunks, input, "array", limits.maxEntryBytes);
}
