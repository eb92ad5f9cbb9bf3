import assert from "node:assert/strict";
import { test } from "node:test";
import { CloudLoggingConfigSchema } from "../../config/sections/cloud-logging.js";
import { UsageError } from "../../model/errors.js";
import { cloudLoggingReadOptions, type CloudLoggingFlags } from "./config.js";
import { READ_DEFAULTS } from "./source.js";

const CONFIG = CloudLoggingConfigSchema.parse({});
const FLAGS: CloudLoggingFlags = { projects: ["p"], services: ["api"], minSeverity: "WARNING", since: new Date("2026-11-01T00:00:00Z"), until: new Date("2026-11-01T01:00:00Z") };

test("one read per project, limits from the config section", () => {
  const reads = cloudLoggingReadOptions({ ...FLAGS, projects: ["p", "q", "p"] }, CONFIG, {});
  assert.deepEqual(reads.map((r) => r.project), ["p", "q"]);
  assert.deepEqual(
    { endpoint: reads[0]?.endpoint, resourceType: reads[0]?.resourceType, pageSize: reads[0]?.pageSize, requestsPerMinute: reads[0]?.requestsPerMinute },
    { endpoint: "https://logging.googleapis.com", resourceType: "cloud_run_revision", pageSize: 1000, requestsPerMinute: 60 },
  );
});

const endpoints: ReadonlyArray<readonly [string, string | undefined, string | undefined, string]> = [
  ["the flag wins over the environment", "http://127.0.0.1:1/", "http://127.0.0.1:2/", "http://127.0.0.1:1/"],
  ["the environment wins over the config", undefined, "http://127.0.0.1:2/", "http://127.0.0.1:2/"],
  ["an empty environment variable is ignored", undefined, "", "https://logging.googleapis.com"],
];
for (const [name, flag, env, expected] of endpoints) {
  test(`endpoint: ${name}`, () => {
    const [read] = cloudLoggingReadOptions({ ...FLAGS, ...(flag ? { loggingEndpoint: flag } : {}) }, CONFIG, { CLOUD_LOGGING_API_URL: env });
    assert.equal(read?.endpoint, expected);
  });
}

test("flags for resource type, filter and max entries pass through", () => {
  const [read] = cloudLoggingReadOptions({ ...FLAGS, resourceType: "cloud_run_job", filter: 'textPayload:"x"', maxEntries: 10 }, CONFIG, {});
  assert.deepEqual([read?.resourceType, read?.extraFilter, read?.maxEntries], ["cloud_run_job", 'textPayload:"x"', 10]);
});

const rejected: ReadonlyArray<readonly [string, Partial<CloudLoggingFlags>, RegExp]> = [
  ["no project", { projects: [] }, /--gcp-project is required/],
  ["an endpoint that is not a URL", { loggingEndpoint: "localhost:8080x" }, /is not a URL|must be http/],
  ["an endpoint that is not http(s)", { loggingEndpoint: "ftp://example.com" }, /must be http\(s\)/],
];
for (const [name, flags, message] of rejected) {
  test(`rejects ${name}`, () => assert.throws(() => cloudLoggingReadOptions({ ...FLAGS, ...flags }, CONFIG, {}), (e: unknown) => e instanceof UsageError && message.test(e.message)));
}

test("the reader's built-in defaults are the config section's defaults", () => {
  const { retryBaseDelayMs, retryMaxDelayMs, maxQueryRestarts, maxResponseBytes } = CONFIG;
  assert.deepEqual({ retryBaseDelayMs, retryMaxDelayMs, maxQueryRestarts, maxResponseBytes }, READ_DEFAULTS);
});
