import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ClusterFixture, fixtureWindow, historyOf, runsAtRates } from "../../test/builders/report-builder.js";
import { JudgeConfigSchema } from "../config/sections/judge.js";
import { emptyHistory } from "../model/history.js";
import { PRIORITIES } from "../model/judgement.js";
import { SEVERITIES } from "../model/severity.js";
import { comparePriority } from "./explain.js";
import { judgeClusters } from "./judge.js";

const config = JudgeConfigSchema.parse({});
const window = fixtureWindow();
const now = new Date("2025-09-15T02:00:00Z");
const severity = fc.constantFrom(...SEVERITIES.filter((s) => s !== "DEFAULT"));

test("within the cooldown the published priority is never lowered, whatever the figures", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...PRIORITIES),
      fc.integer({ min: 0, max: 23 }), // inside the 24 h cooldown
      fc.integer({ min: 1, max: 5_000 }),
      severity,
      fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { maxLength: 8 }),
      (last, hoursAgo, count, sev, rates) => {
        const fp = "lgfp00000000000000c1";
        const history = historyOf([{ fingerprint: fp, runs: runsAtRates(rates), lastPriority: last, lastPriorityAt: new Date(now.getTime() - hoursAgo * 3_600_000).toISOString() }]);
        const [judged] = judgeClusters([new ClusterFixture().withFingerprint(fp).withCount(count, sev).build()], history, { now, window, totalKept: count, config });
        assert.ok(judged && comparePriority(judged.priority, last) <= 0, `${judged?.priority} is below ${last}`);
      },
    ),
    { numRuns: 200 },
  );
});

test("the order of the result does not depend on the order of the input", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 999 }), count: fc.integer({ min: 1, max: 500 }), sev: severity }), { selector: (c) => c.id, minLength: 1, maxLength: 12 }),
      (specs) => {
        const clusters = specs.map((s) => new ClusterFixture().withFingerprint(`lgfp${String(s.id).padStart(16, "0")}`).withCount(s.count, s.sev).build());
        const total = specs.reduce((a, s) => a + s.count, 0);
        const forward = judgeClusters(clusters, emptyHistory(), { now, window, totalKept: total, config }).map((j) => j.cluster.fingerprint);
        const backward = judgeClusters([...clusters].reverse(), emptyHistory(), { now, window, totalKept: total, config }).map((j) => j.cluster.fingerprint);
        assert.deepEqual(forward, backward);
      },
    ),
    { numRuns: 100 },
  );
});
