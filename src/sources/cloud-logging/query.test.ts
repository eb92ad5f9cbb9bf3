import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { UsageError } from "../../model/errors.js";
import { buildFilter, formatTimestamp, MAX_FILTER_CHARS, type FilterSpec } from "./query.js";

const BASE: FilterSpec = {
  resourceType: "cloud_run_revision",
  services: [],
  minSeverity: "WARNING",
  since: new Date("2026-11-01T00:00:00Z"),
  until: new Date("2026-11-01T01:00:00Z"),
};
const WINDOW = 'timestamp>="2026-11-01T00:00:00Z" AND timestamp<"2026-11-01T01:00:00Z"';

describe("buildFilter", () => {
  const cases: ReadonlyArray<readonly [string, Partial<FilterSpec>, string]> = [
    ["no services: resource type, severity and both bounds", {}, `resource.type="cloud_run_revision" AND severity>=WARNING AND ${WINDOW}`],
    ["one service", { services: ["api"] }, `resource.type="cloud_run_revision" AND resource.labels.service_name="api" AND severity>=WARNING AND ${WINDOW}`],
    [
      "several services in one OR group",
      { services: ["api", "auth"] },
      `resource.type="cloud_run_revision" AND (resource.labels.service_name="api" OR resource.labels.service_name="auth") AND severity>=WARNING AND ${WINDOW}`,
    ],
    ["a service named twice is asked for once", { services: ["api", "api"] }, `resource.type="cloud_run_revision" AND resource.labels.service_name="api" AND severity>=WARNING AND ${WINDOW}`],
    ["DEFAULT severity adds no severity clause", { minSeverity: "DEFAULT" }, `resource.type="cloud_run_revision" AND ${WINDOW}`],
    ["ERROR severity", { minSeverity: "ERROR" }, `resource.type="cloud_run_revision" AND severity>=ERROR AND ${WINDOW}`],
    ["another resource type uses its own service label", { resourceType: "cloud_function", services: ["fn"] }, `resource.type="cloud_function" AND resource.labels.function_name="fn" AND severity>=WARNING AND ${WINDOW}`],
    ["Cloud Run jobs", { resourceType: "cloud_run_job", services: ["nightly"] }, `resource.type="cloud_run_job" AND resource.labels.job_name="nightly" AND severity>=WARNING AND ${WINDOW}`],
    ["milliseconds are kept when there are some", { since: new Date("2026-11-01T00:00:00.250Z") }, `resource.type="cloud_run_revision" AND severity>=WARNING AND timestamp>="2026-11-01T00:00:00.250Z" AND timestamp<"2026-11-01T01:00:00Z"`],
    ["an RFC 3339 string bound keeps its nanoseconds", { since: "2026-11-01T00:00:00.123456789Z" }, `resource.type="cloud_run_revision" AND severity>=WARNING AND timestamp>="2026-11-01T00:00:00.123456789Z" AND timestamp<"2026-11-01T01:00:00Z"`],
    ["an extra expression is ANDed in parentheses", { extra: 'textPayload:"timeout" OR httpRequest.status>=500' }, `resource.type="cloud_run_revision" AND severity>=WARNING AND ${WINDOW} AND (textPayload:"timeout" OR httpRequest.status>=500)`],
    ["a blank extra expression is ignored", { extra: "  " }, `resource.type="cloud_run_revision" AND severity>=WARNING AND ${WINDOW}`],
    ["quotes and backslashes in a service name are escaped", { services: ['a"b\\c'] }, `resource.type="cloud_run_revision" AND resource.labels.service_name="a\\"b\\\\c" AND severity>=WARNING AND ${WINDOW}`],
    ["lower-case words inside a quoted string are fine", { extra: 'textPayload:"read and write"' }, `resource.type="cloud_run_revision" AND severity>=WARNING AND ${WINDOW} AND (textPayload:"read and write")`],
    ["a field path that contains an operator word is fine", { extra: 'jsonPayload.or="x"' }, `resource.type="cloud_run_revision" AND severity>=WARNING AND ${WINDOW} AND (jsonPayload.or="x")`],
  ];
  for (const [name, spec, expected] of cases) {
    test(name, () => assert.equal(buildFilter({ ...BASE, ...spec }), expected));
  }

  const rejected: ReadonlyArray<readonly [string, Partial<FilterSpec>, RegExp]> = [
    ["lower-case and in --filter", { extra: 'severity>=ERROR and textPayload:"x"' }, /lower-case "and".*write AND/],
    ["lower-case or in --filter", { extra: "a=1 or b=2" }, /lower-case "or"/],
    ["unbalanced parentheses", { extra: "(a=1" }, /without a matching '\)'/],
    ["a stray closing parenthesis", { extra: "a=1)" }, /'\)' without a matching '\('/],
    ["an unterminated string", { extra: 'textPayload:"x' }, /unterminated string/],
    ["an empty window", { since: new Date("2026-11-01T01:00:00Z") }, /window is empty/],
    ["a window that ends before it starts, with sub-millisecond bounds", { since: "2026-11-01T00:00:00.5Z", until: "2026-11-01T00:00:00.499999Z" }, /window is empty/],
    ["a resource type that cannot be a resource type", { resourceType: 'x" OR "1' }, /invalid resource type/],
    ["services for a resource type without a known service label", { resourceType: "gce_instance", services: ["vm"] }, /--service is not supported for resource type gce_instance/],
    ["a string bound that is not RFC 3339 UTC", { since: "2026-11-01 00:00" }, /not an RFC 3339 UTC timestamp/],
    ["a query longer than the API allows", { extra: `textPayload:"${"x".repeat(MAX_FILTER_CHARS)}"` }, /the API allows 20000/],
  ];
  for (const [name, spec, message] of rejected) {
    test(`rejects ${name}`, () => assert.throws(() => buildFilter({ ...BASE, ...spec }), (error: unknown) => error instanceof UsageError && message.test(error.message)));
  }

  test("accepts a query of exactly the maximum length", () => {
    const bare = buildFilter({ ...BASE, extra: 'textPayload:""' });
    const padding = MAX_FILTER_CHARS - bare.length;
    assert.equal(buildFilter({ ...BASE, extra: `textPayload:"${"x".repeat(padding)}"` }).length, MAX_FILTER_CHARS);
  });
});

test("formatTimestamp drops .000 and keeps any other fraction", () => {
  assert.deepEqual(
    [new Date("2026-11-01T00:00:00Z"), new Date("2026-11-01T00:00:00.001Z"), "2026-11-01T00:00:00.000001Z"].map(formatTimestamp),
    ["2026-11-01T00:00:00Z", "2026-11-01T00:00:00.001Z", "2026-11-01T00:00:00.000001Z"],
  );
});
