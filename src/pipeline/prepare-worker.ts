/** A worker thread of prepare-pool.ts: builds the normaliser from plain options, then prepares batches. */
import { parentPort, workerData } from "node:worker_threads";
import { createNormaliser } from "../normalise/normalise.js";
import { createRedactor } from "../normalise/redact.js";
import { prepareElement, prepareEntry, setSampleText, type ElementResult, type PreparedEntry } from "./prepare.js";
import type { BatchMessage, BatchResult, PrepareWorkerOptions } from "./prepare-pool.js";

const options = workerData as PrepareWorkerOptions;
const normalise = createNormaliser({ redactor: createRedactor(options.redaction), limits: options.limits });
const port = parentPort;
if (port === null) throw new Error("prepare-worker runs as a worker thread");

port.on("message", (message: BatchMessage) => {
  let result: BatchResult;
  try {
    const bytes = new Uint8Array(message.bytes);
    const prepared: ElementResult[] = message.items.map((item) =>
      "raw" in item
        ? withSampleText(prepareEntry(item.raw, normalise))
        : prepareElement({ input: item.input, position: item.position, where: item.where, bytes: bytes.subarray(item.start, item.end) }, normalise, "text"),
    );
    result = { id: message.id, prepared };
  } catch (error) {
    result = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(result);
});
port.postMessage("ready");

function withSampleText(prepared: PreparedEntry): PreparedEntry {
  if (prepared.kind === "entry") setSampleText(prepared, JSON.stringify(prepared.entry.sample));
  return prepared;
}
