import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { REPO_ROOT, runCli } from "./run-cli.js";

/** Debian's Chromium; CI installs it with apt-get. Missing means the test fails, never skips. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SAMPLE = join(REPO_ROOT, "samples/cloud-run/window-1.json");
const ARTIFACTS = join(REPO_ROOT, "artifacts");

interface JsonReport {
  clusters: { fingerprint: string; count: number; priority: string }[];
}

describe("HTML report in headless Chromium", () => {
  let dir: string;
  let browser: Browser;
  let page: Page;
  let report: JsonReport;
  const requests: string[] = [];
  let htmlUrl: string;

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium)`);
    dir = await mkdtemp(join(tmpdir(), "lg-html-"));
    const result = await runCli([
      "run", "--input", SAMPLE, "--out", dir, "--json", join(dir, "report.json"), "--html", join(dir, "report.html"),
      "--state", join(dir, "state.db"), "--quiet",
    ]);
    assert.equal(result.code, 0, result.stderr);
    report = JSON.parse(await readFile(join(dir, "report.json"), "utf8")) as JsonReport;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("request", (request) => requests.push(request.url()));
    htmlUrl = pathToFileURL(join(dir, "report.html")).href;
    await page.goto(htmlUrl);
  });

  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("shows the timeline chart and one row per cluster with a sparkline", async () => {
    assert.equal(await page.locator("svg.timeline").count(), 1);
    assert.ok((await page.locator("svg.timeline rect").count()) > 0, "timeline has bars");
    assert.ok(report.clusters.length >= 10, "the sample has a dozen or more problems");
    const fingerprints = await page.locator("tbody.cluster").evaluateAll((bodies) => bodies.map((b) => b.getAttribute("data-fingerprint")));
    assert.deepEqual([...fingerprints].sort(), report.clusters.map((c) => c.fingerprint).sort());
    assert.equal(await page.locator("tbody.cluster svg.sparkline").count(), report.clusters.length);
  });

  test("sorts by count and by trend, and back by priority", async () => {
    await page.click('button[data-sort="count"]');
    const counts = await page.locator("tbody.cluster").evaluateAll((b) => b.map((x) => Number(x.getAttribute("data-count"))));
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    await page.click('button[data-sort="trend"]');
    const trends = await page.locator("tbody.cluster").evaluateAll((b) => b.map((x) => Number(x.getAttribute("data-trend"))));
    assert.deepEqual(trends, [...trends].sort((a, b) => b - a));
    await page.click('button[data-sort="priority"]');
    const priorities = await page.locator("tbody.cluster").evaluateAll((b) => b.map((x) => Number(x.getAttribute("data-priority"))));
    assert.deepEqual(priorities, [...priorities].sort((a, b) => a - b));
  });

  test("filters by service and by severity", async () => {
    const services = await page.locator("#filter-service option").evaluateAll((o) => o.map((x) => x.getAttribute("value") ?? "").filter(Boolean));
    assert.ok(services.length >= 2, "the sample has two services");
    const service = services[0] as string;
    await page.selectOption("#filter-service", service);
    const visible = await page.locator("tbody.cluster:not([hidden])").evaluateAll((b) => b.map((x) => x.getAttribute("data-service")));
    assert.ok(visible.length > 0);
    assert.ok(visible.every((s) => s === service));
    assert.match(await page.locator("#shown-count").innerText(), new RegExp(`^${visible.length} of ${report.clusters.length}$`));
    await page.selectOption("#filter-service", "");
    await page.selectOption("#filter-severity", { index: 1 });
    const threshold = Number(await page.locator("#filter-severity").inputValue());
    const severities = await page.locator("tbody.cluster:not([hidden])").evaluateAll((b) => b.map((x) => Number(x.getAttribute("data-severity"))));
    assert.ok(severities.length > 0 && severities.every((s) => s >= threshold));
    await page.selectOption("#filter-severity", "");
    assert.equal(await page.locator("tbody.cluster:not([hidden])").count(), report.clusters.length);
  });

  test("opens a cluster's detail view with template and samples", async () => {
    const first = page.locator("tbody.cluster").first();
    assert.equal(await first.locator("tr.detail").isVisible(), false);
    await first.locator("button.toggle").click();
    assert.equal(await first.locator("tr.detail").isVisible(), true);
    assert.ok((await first.locator("pre.template").count()) >= 1);
    assert.ok((await first.locator("pre.sample").count()) >= 1);
  });

  test("fits a phone-width screen and follows the dark colour scheme", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = Number(await page.evaluate("document.documentElement.scrollWidth - window.innerWidth"));
    assert.ok(overflow <= 1, `page overflows by ${overflow}px at 390px`);
    // the issue link stays whole on a phone (it was cut to "comm" when the action word shared its cell)
    const issueCells = (await page.locator("tbody.cluster tr.row td.issue").evaluateAll((cells) =>
      cells.map((cell) => {
        const box = cell.getBoundingClientRect();
        const link = cell.querySelector("a, span:not(.action)");
        const linkBox = link?.getBoundingClientRect();
        return { text: (cell as unknown as { innerText: string }).innerText.trim(), clipped: cell.scrollWidth > cell.clientWidth + 1, right: linkBox?.right ?? box.right, width: cell.ownerDocument.documentElement.clientWidth };
      }),
    )) as { text: string; clipped: boolean; right: number; width: number }[];
    assert.ok(issueCells.length > 0);
    for (const cell of issueCells) {
      assert.match(cell.text, /^(?:#\d+|–)$/, `issue cell reads ${JSON.stringify(cell.text)} at 390px`);
      assert.ok(!cell.clipped && cell.right <= cell.width + 1, `issue cell ${cell.text} is cut off at 390px`);
    }
    const light = String(await page.evaluate("getComputedStyle(document.body).backgroundColor"));
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = String(await page.evaluate("getComputedStyle(document.body).backgroundColor"));
    assert.notEqual(light, dark);
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "html-report.png"), fullPage: true });
    assert.ok(existsSync(join(ARTIFACTS, "html-report.png")));
  });

  test("makes no request beyond loading the file itself", () => {
    assert.deepEqual([...new Set(requests)], [htmlUrl]);
  });
});
