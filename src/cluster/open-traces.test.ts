import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { OpenTraces } from "./open-traces.js";

test("open traces behave as a Map with delete-then-set on every touch, evictions included", () => {
  const operation = fc.oneof(
    fc.record({ kind: fc.constant("set" as const), hash: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 53 - 1 })), value: fc.integer() }),
    fc.record({ kind: fc.constant("shift" as const) }),
  );
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 400 }), (operations) => {
      const traces = new OpenTraces<number>();
      const reference = new Map<number, number>();
      for (const op of operations) {
        if (op.kind === "set") {
          assert.equal(traces.get(op.hash), reference.get(op.hash));
          reference.delete(op.hash);
          reference.set(op.hash, op.value);
          traces.set(op.hash, op.value);
        } else {
          const oldest = reference.entries().next();
          if (oldest.done !== true) reference.delete(oldest.value[0]);
          assert.equal(traces.shiftOldest(), oldest.done === true ? undefined : oldest.value[1]);
        }
        assert.equal(traces.size, reference.size);
      }
      assert.deepEqual([...traces.values()], [...reference.values()]);
      for (const hash of reference.keys()) assert.equal(traces.get(hash), reference.get(hash));
    }),
    { numRuns: 300 },
  );
});
