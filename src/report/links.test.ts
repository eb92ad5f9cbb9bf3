import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { judgedCluster } from "../../test/builders/judged-cluster.js";
import { LinksConfigSchema } from "../config/sections/links.js";
import { logsExplorerUrl, problemLinks, repositoryPath, templateTerms } from "./links.js";

const config = LinksConfigSchema.parse({});

describe("templateTerms", () => {
  for (const [template, terms] of [
    ["Connection <*> failed for user <*>", ["Connection", "failed for user"]],
    ["<*> <*>", []],
    ["Login by <email:1a2b3c> refused: token <*> expired", ["Login by", "refused: token", "expired"]],
    ["a <*> bb <*> Timeout contacting upstream <*> xyz <*> qq", ["Timeout contacting upstream", "xyz"]],
    ["First line <*>\nTraceback (most recent call last):", ["First line"]],
  ] as const) {
    test(JSON.stringify(template), () => assert.deepEqual(templateTerms(template, { maxTextTerms: 3, maxTermChars: 100 }), terms));
  }
  test("keeps the three longest pieces, in template order", () => {
    assert.deepEqual(templateTerms("aaaa <*> bbbbbbb <*> cc1 <*> dddddddddd <*> eeeee", { maxTextTerms: 3, maxTermChars: 100 }), ["bbbbbbb", "dddddddddd", "eeeee"]);
  });
});

describe("repositoryPath", () => {
  for (const [file, path] of [
    ["/workspace/api/main.py", "api/main.py"],
    ["/app/src/index.js", "src/index.js"],
    ["src/index.ts", "src/index.ts"],
    ["./src/index.ts", "src/index.ts"],
    ["/usr/lib/python3.12/site-packages/starlette/routing.py", undefined],
    ["/workspace/.venv/lib/python3.12/site-packages/x.py", undefined],
    ["/opt/other/file.py", undefined],
    ["C:\\build\\app\\x.cs", undefined],
  ] as const) {
    test(`${file} → ${String(path)}`, () => assert.equal(repositoryPath(file, ["/workspace/", "/app/"]), path));
  }
});

test("the Logs Explorer URL percent-encodes every reserved character of the query", () => {
  const url = logsExplorerUrl("https://console.cloud.google.com/", "p", '(a:"x;y=z") OR b!=\'c\'*', "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z");
  assert.equal(url.split("?")[0]?.split(";").length, 3);
  assert.doesNotMatch(url.slice(url.indexOf(";query=") + 7, url.indexOf(";timeRange")), /[()!'*;="\s]/);
  assert.equal(decodeURIComponent(/;query=([^;]*)/.exec(url)?.[1] ?? ""), '(a:"x;y=z") OR b!=\'c\'*');
  assert.match(url, /;timeRange=2026-01-01T00%3A00%3A00Z%2F2026-01-01T01%3A00%3A00Z\?project=p$/);
});

describe("problemLinks", () => {
  const window = { start: "2025-09-14T18:00:00Z", end: "2025-09-14T19:00:00Z", resourceType: "cloud_run_revision" };

  test("no project known: no Logs Explorer link, rather than a link to the wrong project", () => {
    assert.equal(problemLinks(judgedCluster("lgfp0000000000000001"), { ...window, config }).logs, undefined);
  });

  test("the run's single project is used when the sample does not name one; a quote in the text is escaped", () => {
    const links = problemLinks(judgedCluster("lgfp0000000000000002", { template: 'Key "<*>" missing in cache' }), { ...window, project: "p1", config });
    assert.equal(links.logs?.project, "p1");
    assert.match(links.logs?.query ?? "", /textPayload:"Key \\"" OR jsonPayload\.message:"Key \\""\) AND \(textPayload:"\\" missing in cache"/);
  });

  test("a revision → commit mapping links the source; a GitLab template and no line are honoured", () => {
    const judged = judgedCluster("lgfp0000000000000003", { module: "app.jobs", revision: "api-00042-abc" });
    const source = LinksConfigSchema.parse({
      source: { repository: "https://gitlab.example.com/acme/api/", urlTemplate: "{repository}/-/blob/{commit}/{path}#L{line}", revisions: { "api-00042-abc": "1a2b3c4d" } },
    }).source;
    const links = problemLinks(judged, { ...window, config: { ...config, ...(source ? { source } : {}) } });
    assert.deepEqual(links.source, { url: "https://gitlab.example.com/acme/api/-/blob/1a2b3c4d/app/jobs.py#L118", commit: "1a2b3c4d", path: "app/jobs.py", line: 118 });
    const noLine = { ...judged, cluster: { ...judged.cluster, source: { file: "app/jobs.py" } } };
    assert.equal(problemLinks(noLine, { ...window, config: { ...config, ...(source ? { source } : {}) } }).source?.url, "https://gitlab.example.com/acme/api/-/blob/1a2b3c4d/app/jobs.py");
  });

  test("an unmapped revision gives no source link", () => {
    const source = LinksConfigSchema.parse({ source: { repository: "https://github.com/acme/api", revisions: { "other-1": "abcdef0" } } }).source;
    assert.equal(problemLinks(judgedCluster("lgfp0000000000000004", { module: "app.jobs" }), { ...window, config: { ...config, ...(source ? { source } : {}) } }).source, undefined);
  });
});
