import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { CountedGroup } from "../model/counted.js";
import type { LogEntry } from "../model/entry.js";

/**
 * `--assignments FILE`: one NDJSON line per kept entry with its cluster's fingerprint. Fingerprints
 * are final only after the whole input (clusters merge at the end), so lines are spooled with the
 * template id and resolved in a second pass: memory stays flat whatever the input size.
 *
 * A group a query engine counted (`--bigquery-table`, `--duckdb`) has no entries here, only its
 * figures: it is one line `{"group": …, "input": …, "entries": n, "firstSeen": …, "lastSeen": …,
 * "fingerprint": …}`, every entry of that group assigned to that problem.
 */
export class AssignmentWriter {
  private readonly spoolPath: string;
  private readonly spool: WriteStream;

  constructor(private readonly path: string) {
    this.spoolPath = `${path}.spool-${process.pid}`;
    this.spool = createWriteStream(this.spoolPath, { encoding: "utf8" });
  }

  static async open(path: string): Promise<AssignmentWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new AssignmentWriter(path);
  }

  record(entry: LogEntry, templateId: string): void {
    const where = entry.insertId !== undefined
      ? `"insertId":${JSON.stringify(entry.insertId)}`
      : `"input":${JSON.stringify(entry.input)},"position":${entry.position}`;
    this.spool.write(`${templateId}\t${where}\n`);
  }

  recordGroup(group: CountedGroup, templateId: string, input: string): void {
    const figures = `"group":${JSON.stringify(group.key)},"input":${JSON.stringify(input)},"entries":${group.count},"firstSeen":${JSON.stringify(new Date(group.firstMs).toISOString())},"lastSeen":${JSON.stringify(new Date(group.lastMs).toISOString())}`;
    this.spool.write(`${templateId}\t${figures}\n`);
  }

  /** Resolves template ids to fingerprints and writes the final file. */
  async finish(fingerprintOf: (templateId: string) => string | undefined): Promise<void> {
    this.spool.end();
    await once(this.spool, "finish");
    const out = createWriteStream(this.path, { encoding: "utf8" });
    const lines = createInterface({ input: createReadStream(this.spoolPath, { encoding: "utf8" }), crlfDelay: Infinity });
    for await (const line of lines) {
      const tab = line.indexOf("\t");
      const fingerprint = fingerprintOf(line.slice(0, tab)) ?? null;
      if (!out.write(`{${line.slice(tab + 1)},"fingerprint":${JSON.stringify(fingerprint)}}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    await rm(this.spoolPath, { force: true });
  }

  async abort(): Promise<void> {
    this.spool.destroy();
    await rm(this.spoolPath, { force: true });
  }
}
