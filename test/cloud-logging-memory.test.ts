// A Cloud Logging answer of 1 GB, generated as it is sent, to a real CLI process: the answer is read
// as a stream and given up on at cloudLogging.maxResponseBytes, so the process's peak RSS stays near
// that of a small read, and the outcome is "query failed" (exit 3, reports written, the worklog says why).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { closeLoopback, listenOnLoopback, readBody } from "./fakes/loopback.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runMeasuredChild } from "../bench/measured-child.js";
import { cloudRunEntry } from "./fakes/fake-cloud-logging.js";
import { REPO_ROOT } from "./run-cli.js";

const SINCE = "2026-11-01T00:00:00Z";
const UNTIL = "2026-11-01T06:00:00Z";
const HUGE_BYTES = 1024 ** 3;
/** cloudLogging.maxResponseBytes's default. */
const CAP = 16 * 1024 * 1024;

const scratch = mkdtempSync(join(tmpdir(), "lg-cloud-memory-"));
after(() => rmSync(scratch, { recursive: true, force: true }));
writeFileSync(join(scratch, "token"), "fake-token\n");

function entryJson(i: number): string {
  return JSON.stringify(cloudRunEntry({ insertId: `e${i}`, timestamp: new Date(Date.parse(SINCE) + i).toISOString(), message: `Database connection to db-${i % 5} timed out after ${100 + (i % 900)} ms ${"·".repeat(400)}` }));
}

/** entries:list answering every request with a page of `small` entries, or with a 1 GB page sent chunk by chunk (no Content-Length). */
async function startServer(mode: "small" | "huge") {
  const pageSizes: number[] = [];
  let bytesSent = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((text) => {
      pageSizes.push((JSON.parse(text) as { pageSize: number }).pageSize);
      res.on("error", () => undefined);
      res.writeHead(200, { "content-type": "application/json; charset=UTF-8" });
      if (mode === "small") {
        res.end(`{"entries":[${Array.from({ length: 200 }, (_, i) => entryJson(i)).join(",")}]}`);
        return;
      }
      let sent = 0;
      let i = 0;
      const pump = (): void => {
        while (sent < HUGE_BYTES && !res.destroyed) {
          const piece = `${i === 0 ? '{"entries":[' : ","}${entryJson(i)}`;
          i += 1;
          sent += piece.length;
          bytesSent += piece.length;
          if (!res.write(piece)) return void res.once("drain", pump);
        }
        if (!res.destroyed) res.end("]}");
      };
      pump();
    });
  });
  const base = await listenOnLoopback(server);
  return {
    url: `${base}/`,
    pageSizes,
    bytesSent: () => bytesSent,
    close: () => closeLoopback(server),
  };
}

async function runAgainst(mode: "small" | "huge") {
  const server = await startServer(mode);
  const out = join(scratch, mode);
  try {
    const args = ["--import", "tsx", join(REPO_ROOT, "src/cli/main.ts"), "run", "--gcp-project", "p", "--service", "api", "--access-token-file", join(scratch, "token"), "--logging-endpoint", server.url, "--since", SINCE, "--until", UNTIL, "--out", out, "--json", join(out, "r.json"), "--no-state", "--quiet"];
    const child = await runMeasuredChild(args, { cwd: REPO_ROOT, pollMs: 20 });
    return { ...child, out, pageSizes: server.pageSizes, bytesSent: server.bytesSent() };
  } finally {
    await server.close();
  }
}

test("a 1 GB entries:list answer is capped: peak RSS stays near a small read's, and the read is query failed at page size 1", async () => {
  const small = await runAgainst("small");
  assert.equal(small.code, 0, small.stderr);
  const huge = await runAgainst("huge");
  assert.equal(huge.code, 3, huge.stderr);
  assert.match(huge.stderr, /^log-gardener: incomplete read from cloud-logging:projects\/p; the reports say what is missing$/m);
  assert.doesNotMatch(huge.stderr, /internal error|\n\s+at /);
  // Asked again at half the page size each time, down to one entry, never retried at the same size.
  assert.deepEqual(huge.pageSizes, [1000, 500, 250, 125, 62, 31, 15, 7, 3, 1]);
  const worklog = readdirSync(huge.out).find((f) => f.endsWith(".md"));
  assert.ok(worklog, readdirSync(huge.out).join(", "));
  assert.match(readFileSync(join(huge.out, worklog), "utf8"), /query failed: one entry alone is over cloudLogging\.maxResponseBytes \(16,777,216 bytes\) even at page size 1/);
  const report = JSON.parse(readFileSync(join(huge.out, "r.json"), "utf8")) as { sources: Array<{ completeness: { kind: string } }> };
  assert.equal(report.sources[0]?.completeness.kind, "query_failed");

  assert.ok(small.peakKiB !== undefined && huge.peakKiB !== undefined, "peak RSS read from /proc");
  const growthMiB = (huge.peakKiB - small.peakKiB) / 1024;
  console.log(`whole-process peak RSS: small read ${(small.peakKiB / 1024).toFixed(0)} MiB, 1 GB answer ${(huge.peakKiB / 1024).toFixed(0)} MiB (growth ${growthMiB.toFixed(0)} MiB); ${(huge.bytesSent / 2 ** 20).toFixed(0)} MiB sent over ${huge.pageSizes.length} requests before the client hung up`);
  // The cap bounds what one answer holds: its chunks and the values parsed from them, plus garbage the
  // collector has not taken yet (measured 64–110 MiB over a small read for a 16 MiB cap, the higher
  // figure with other tests running). Buffering the answer would take over 1 GB.
  assert.ok(growthMiB < (12 * CAP) / 2 ** 20, `peak RSS grew by ${growthMiB.toFixed(0)} MiB`);
  // Each request stopped near the cap: far less than the 1 GB offered per request was sent.
  assert.ok(huge.bytesSent < huge.pageSizes.length * 4 * CAP, `${huge.bytesSent} bytes sent`);
});
