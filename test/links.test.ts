// Every problem's Logs Explorer link decodes to a query that selects exactly that problem's entries
// (evaluated by the fake Cloud Logging's query engine); traces and source lines link where known.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parseFilter, type FakeLogEntry } from "./fakes/fake-cloud-logging.js";
import { runCli } from "./run-cli.js";

const PROJECT = "proj-links";
const START = Date.parse("2026-11-03T10:00:00Z");
const TRACE = "0af7651916cd43dd8448eb211c80319c";
const COMMIT = "9fceb02d0ae598e95dc970b74767f19372d61af8";
const scratch = mkdtempSync(join(tmpdir(), "lg-links-"));

function entry(i: number, fields: Record<string, unknown>): FakeLogEntry {
  const timestamp = new Date(START + i * 7_000).toISOString();
  return {
    insertId: `l${i}`,
    logName: `projects/${PROJECT}/logs/run.googleapis.com%2Fstderr`,
    resource: { type: "cloud_run_revision", labels: { project_id: PROJECT, service_name: "api", revision_name: "api-00007-xyz", location: "europe-west1", configuration_name: "api" } },
    timestamp,
    receiveTimestamp: timestamp,
    severity: "ERROR",
    ...fields,
  };
}

/** Three log problems in text and JSON payloads, a request-log problem, and look-alikes that must stay out. */
const entries: FakeLogEntry[] = [];
for (let i = 0; i < 240; i++) {
  const kind = i % 6;
  if (kind === 0) entries.push(entry(i, { textPayload: `Database connection to db-${i % 4} timed out after ${100 + i} ms` }));
  if (kind === 1)
    entries.push(
      entry(i, {
        severity: "WARNING",
        trace: `projects/${PROJECT}/traces/${TRACE}`,
        labels: { commit_sha: COMMIT },
        sourceLocation: { file: "/workspace/api/payments/provider.py", line: "42", function: "charge" },
        jsonPayload: { message: `Payment provider answered 502 for order o${i} after ${i} retries` },
      }),
    );
  if (kind === 2) entries.push(entry(i, { textPayload: `User u${i} not found in tenant t${i % 7}` }));
  if (kind === 3) entries.push(entry(i, { logName: `projects/${PROJECT}/logs/run.googleapis.com%2Frequests`, severity: "WARNING", httpRequest: { requestMethod: "POST", requestUrl: `https://api.example.com/ws/beacon`, status: 405 } }));
  // Same words at INFO, and in another service: the queries must not select them.
  if (kind === 4) entries.push(entry(i, { severity: "INFO", textPayload: `Database connection to db-${i % 4} opened after ${i} ms` }));
  if (kind === 5) entries.push(entry(i, { resource: { type: "cloud_run_revision", labels: { project_id: PROJECT, service_name: "worker", revision_name: "worker-00001-abc" } }, textPayload: `Database connection to db-1 timed out after ${i} ms` }));
}

interface JsonCluster {
  fingerprint: string;
  name: string;
  count: number;
  links: { logs: { url: string; project: string; query: string } | null; trace: { url: string; traceId: string } | null; source: { url: string; commit: string; path: string; line: number | null } | null };
}

let clusters: JsonCluster[];
let assigned: Map<string, Set<string>>;

/** The Logs Explorer link's parts, decoded as the console reads them. */
function decodeLogsUrl(url: string): { origin: string; project: string; query: string; timeRange: string } {
  const parsed = new URL(url);
  const [path = "", ...params] = parsed.pathname.split(";");
  const matrix = new Map(params.map((p) => [p.slice(0, p.indexOf("=")), decodeURIComponent(p.slice(p.indexOf("=") + 1))]));
  assert.equal(path, "/logs/query");
  return { origin: parsed.origin, project: parsed.searchParams.get("project") ?? "", query: matrix.get("query") ?? "", timeRange: matrix.get("timeRange") ?? "" };
}

before(async () => {
  writeFileSync(join(scratch, "export.json"), JSON.stringify(entries, null, 2));
  writeFileSync(join(scratch, "config.yaml"), `links:\n  source:\n    repository: https://github.com/acme/api\n    commitField: labels.commit_sha\n`);
  const result = await runCli([
    "run", "--input", join(scratch, "export.json"), "--service", "api", "--since", new Date(START).toISOString(), "--until", new Date(START + 240 * 7_000).toISOString(),
    "--config", join(scratch, "config.yaml"), "--state", join(scratch, "state.db"), "--out", join(scratch, "out"), "--json", join(scratch, "report.json"), "--html", join(scratch, "report.html"),
    "--assignments", join(scratch, "assignments.ndjson"), "--max-new-issues", "10", "-q",
  ]);
  assert.equal(result.code, 0, result.stderr);
  clusters = (JSON.parse(readFileSync(join(scratch, "report.json"), "utf8")) as { clusters: JsonCluster[] }).clusters;
  assigned = new Map();
  for (const line of readFileSync(join(scratch, "assignments.ndjson"), "utf8").split("\n").filter(Boolean)) {
    const { insertId, fingerprint } = JSON.parse(line) as { insertId: string; fingerprint: string };
    assigned.set(fingerprint, (assigned.get(fingerprint) ?? new Set()).add(insertId));
  }
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe("Logs Explorer links", () => {
  test("four problems, each with a link to the project and window", () => {
    assert.equal(clusters.length, 4, clusters.map((c) => c.name).join(" | "));
    for (const c of clusters) {
      assert.ok(c.links.logs, c.name);
      const decoded = decodeLogsUrl(c.links.logs.url);
      assert.equal(decoded.origin, "https://console.cloud.google.com");
      assert.equal(decoded.project, PROJECT);
      assert.equal(decoded.query, c.links.logs.query);
      assert.equal(decoded.timeRange, `${new Date(START).toISOString()}/${new Date(START + 240 * 7_000).toISOString()}`);
    }
  });

  test("each decoded query selects exactly the entries of its problem, no look-alike", () => {
    for (const c of clusters) {
      const query = decodeLogsUrl(c.links.logs?.url ?? "").query;
      const selected = new Set(entries.filter(parseFilter(query)).map((e) => String(e.insertId)));
      assert.deepEqual([...selected].sort(), [...(assigned.get(c.fingerprint) ?? [])].sort(), `${c.name}\n${query}`);
      assert.equal(selected.size, c.count);
    }
  });

  test("the query names the resource, the service, the severity and the template's text", () => {
    const timeout = clusters.find((c) => /timed out/.test(c.name));
    assert.equal(
      timeout?.links.logs?.query,
      [
        'resource.type="cloud_run_revision"',
        'resource.labels.service_name="api"',
        "severity>=ERROR",
        `timestamp>="${new Date(START).toISOString()}"`,
        `timestamp<="${new Date(START + 240 * 7_000).toISOString()}"`,
        'textPayload:"Database connection to db-" AND textPayload:"timed out after"',
      ].join("\n"),
    );
    const beacon = clusters.find((c) => /beacon/.test(c.name));
    assert.match(beacon?.links.logs?.query ?? "", /httpRequest\.requestMethod="POST"\nhttpRequest\.status=405\nhttpRequest\.requestUrl:"\/ws\/beacon"/);
  });
});

describe("trace and source links", () => {
  test("a sample with a trace links to Cloud Trace; others have none", () => {
    const payment = clusters.find((c) => /Payment provider/.test(c.name));
    assert.deepEqual(payment?.links.trace, { url: `https://console.cloud.google.com/traces/list?project=${PROJECT}&tid=${TRACE}`, traceId: TRACE });
    assert.equal(clusters.find((c) => /timed out/.test(c.name))?.links.trace, null);
  });

  test("the source line links to the file at the commit the entry names, the image's working directory stripped", () => {
    const payment = clusters.find((c) => /Payment provider/.test(c.name));
    assert.deepEqual(payment?.links.source, { url: `https://github.com/acme/api/blob/${COMMIT}/api/payments/provider.py#L42`, commit: COMMIT, path: "api/payments/provider.py", line: 42 });
    assert.equal(clusters.find((c) => /not found/.test(c.name))?.links.source, null);
  });
});

describe("where the links are shown", () => {
  const payment = () => clusters.find((c) => /Payment provider/.test(c.name));

  test("the worklog has a Links line per problem with the same URLs", () => {
    const out = join(scratch, "out");
    const worklog = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith(".md")) ?? ""), "utf8");
    const rows = worklog.split("\n").filter((l) => l.startsWith("- **Links**: "));
    assert.equal(rows.length, clusters.length);
    const row = rows.find((r) => r.includes(payment()?.links.trace?.traceId ?? "?"));
    assert.equal(row, `- **Links**: [Logs Explorer](${payment()?.links.logs?.url}) · [Cloud Trace](${payment()?.links.trace?.url}) · [api/payments/provider.py:42 at 9fceb02](${payment()?.links.source?.url})`);
  });

  test("the issue body has a Links section", async () => {
    const shown = await runCli(["issues", "show", "1", "--state", join(scratch, "state.db")]);
    assert.equal(shown.code, 0, shown.stderr);
    const fp = /fp=(lgfp[0-9a-f]{16})/.exec(shown.stdout)?.[1];
    const cluster = clusters.find((c) => c.fingerprint === fp);
    assert.ok(cluster?.links.logs);
    assert.ok(shown.stdout.includes(`### Links\n\n[Logs Explorer](${cluster.links.logs.url})`), shown.stdout);
  });

  test("the HTML page links each problem, escaped for the attribute", () => {
    const html = readFileSync(join(scratch, "report.html"), "utf8");
    for (const c of clusters) assert.ok(html.includes(`<a href="${c.links.logs?.url}" rel="noopener noreferrer" target="_blank">Logs Explorer</a>`), c.name);
    assert.ok(html.includes(`>api/payments/provider.py:42 at 9fceb02</a>`));
  });
});
