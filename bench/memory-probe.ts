// In-process memory of a benchmarked child, loaded with `--import` beside tsx: polls
// process.memoryUsage() and, at exit, writes the peaks as JSON to $LG_BENCH_MEMORY_PROBE. The
// whole-process figure is measured-child.ts's VmHWM; these say what inside the process it was: the V8
// heap (what the gardener's own JavaScript holds) and the rest of the RSS (native memory: DuckDB's
// buffer pool when DuckDB runs in the process, Node's runtime, Buffers).
import { writeFileSync } from "node:fs";

const out = process.env["LG_BENCH_MEMORY_PROBE"];
if (out !== undefined && out !== "") {
  const peaks = { heapUsed: 0, heapTotal: 0, external: 0, rss: 0, rssBeyondHeap: 0 };
  const sample = (): void => {
    const m = process.memoryUsage();
    peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
    peaks.heapTotal = Math.max(peaks.heapTotal, m.heapTotal);
    peaks.external = Math.max(peaks.external, m.external);
    peaks.rss = Math.max(peaks.rss, m.rss);
    peaks.rssBeyondHeap = Math.max(peaks.rssBeyondHeap, m.rss - m.heapTotal);
  };
  setInterval(sample, 50).unref();
  process.on("exit", () => {
    sample();
    writeFileSync(out, JSON.stringify(peaks));
  });
}
