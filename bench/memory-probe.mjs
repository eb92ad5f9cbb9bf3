// @ts-check
// In-process memory of a benchmarked child, loaded with `--import`: polls
// process.memoryUsage() and, at exit, writes the peaks as JSON to $LG_BENCH_MEMORY_PROBE. The
// whole-process figure is measured-child.ts's VmHWM; these say what inside the process it was: the V8
// heap (what the gardener's own JavaScript holds) and the rest of the RSS (native memory: DuckDB's
// buffer pool when DuckDB runs in the process, Node's runtime, Buffers).
import { writeFileSync } from "node:fs";
import { PerformanceObserver, constants } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";

const out = process.env["LG_BENCH_MEMORY_PROBE"];
if (out !== undefined && out !== "") {
  const peaks = { heapUsed: 0, heapTotal: 0, external: 0, rss: 0, rssBeyondHeap: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peaks.heapUsed = Math.max(peaks.heapUsed, m.heapUsed);
    peaks.heapTotal = Math.max(peaks.heapTotal, m.heapTotal);
    peaks.external = Math.max(peaks.external, m.external);
    peaks.rss = Math.max(peaks.rss, m.rss);
    peaks.rssBeyondHeap = Math.max(peaks.rssBeyondHeap, m.rss - m.heapTotal);
  };
  setInterval(sample, 50).unref();
  // What is live, not what V8 has yet to collect: the heap used just after each full (mark-compact)
  // collection. The peak of heapUsed above also holds garbage, and how much depends on when V8 chose to
  // collect (one full collection more or less moved it by tens of MiB between 1M and 3M rows).
  const live = { liveAfterFullGc: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (/** @type {{ readonly detail?: { readonly kind?: number } }} */ (entry).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) live.liveAfterFullGc = Math.max(live.liveAfterFullGc, getHeapStatistics().used_heap_size);
    }
  }).observe({ entryTypes: ["gc"] });
  process.on("exit", () => {
    sample();
    writeFileSync(out, JSON.stringify({ ...peaks, ...live }));
  });
}
