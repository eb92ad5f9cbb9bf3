// The package as a user gets it: `npm pack` (prepack builds dist/), then `npm install --omit=dev`
// of the tarball into an empty folder, then the installed `log-gardener` on the built-in sample.
// Packing happens in a copy of the package's own files so the checkout's dist/ is left alone.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { listenOnLoopback } from "./fakes/loopback.js";
import { REPO_ROOT } from "./run-cli.js";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
/** Building with tsc and installing ~90 packages on a busy 2-core machine takes minutes, not hours. */
const STEP_TIMEOUT_MS = 600_000;

const scratch = mkdtempSync(join(tmpdir(), "lg-package-"));
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string>; files: string[] };
let prebuildHost: Server;
const prebuildRequests: string[] = [];
let installDir: string;
let bin: string;

/**
 * better-sqlite3 installs a prebuilt binary with prebuild-install (from GitHub releases, which CI
 * cannot reach) or compiles for minutes. A loopback mirror, as companies run one, serves the
 * binary this checkout already built, in prebuild's own tarball layout; the install scripts run
 * exactly as they do for a user.
 */
async function startPrebuildMirror(): Promise<string> {
  const sqliteVersion = (JSON.parse(readFileSync(join(REPO_ROOT, "node_modules/better-sqlite3/package.json"), "utf8")) as { version: string }).version;
  const staged = join(scratch, "prebuild");
  mkdirSync(join(staged, "build/Release"), { recursive: true });
  cpSync(join(REPO_ROOT, "node_modules/better-sqlite3/build/Release/better_sqlite3.node"), join(staged, "build/Release/better_sqlite3.node"));
  const tarball = join(scratch, "prebuild.tar.gz");
  await run("tar", ["-czf", tarball, "-C", staged, "build"]);
  const body = readFileSync(tarball);
  const name = `better-sqlite3-v${sqliteVersion}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  prebuildHost = createServer((req, res) => {
    prebuildRequests.push(req.url ?? "");
    if (req.url === `/v${sqliteVersion}/${name}`) res.writeHead(200, { "content-type": "application/gzip", "content-length": body.length }).end(body);
    else res.writeHead(404).end();
  });
  return listenOnLoopback(prebuildHost);
}

before(async () => {
  // What `npm pack` needs: the package's files, its sources and build config; node_modules linked.
  const source = join(scratch, "source");
  mkdirSync(source);
  for (const entry of ["package.json", "package-lock.json", "README.md", "tsconfig.json", "tsconfig.build.json", "src", "bin", "docs", "action.yml"]) {
    if (existsSync(join(REPO_ROOT, entry))) cpSync(join(REPO_ROOT, entry), join(source, entry), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(source, "node_modules"), "dir");
  const packed = await run(npm, ["pack", "--json", "--pack-destination", scratch], { cwd: source, timeout: STEP_TIMEOUT_MS });
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as [{ filename: string }];
  const mirror = await startPrebuildMirror();
  installDir = join(scratch, "empty");
  mkdirSync(installDir);
  // --prefer-offline: the npm cache `npm ci` filled answers; the registry only for what it lacks.
  await run(npm, ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--no-save", join(scratch, filename)], {
    cwd: installDir,
    timeout: STEP_TIMEOUT_MS,
    env: { ...process.env, npm_config_better_sqlite3_binary_host: mirror },
  });
  bin = join(installDir, "node_modules/.bin/log-gardener");
});

after(async () => {
  await new Promise<void>((resolve) => (prebuildHost ? prebuildHost.close(() => resolve()) : resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

test("the tarball holds the compiled program, not the sources or tests", () => {
  const installed = join(installDir, "node_modules/log-gardener");
  assert.ok(existsSync(join(installed, "dist/cli/main.js")));
  assert.ok(!existsSync(join(installed, "src")));
  assert.ok(!existsSync(join(installed, "test")));
  assert.ok(!existsSync(join(installed, "samples")));
  const files = readdirSync(join(installed, "dist"), { recursive: true }).map(String);
  assert.deepEqual(files.filter((f) => f.endsWith(".test.js") || f.endsWith(".map") || f.endsWith(".ts")), []);
});

test("production dependencies only: no tsx or TypeScript installed, better-sqlite3 from the prebuilt binary", () => {
  const modules = join(installDir, "node_modules");
  for (const dev of ["tsx", "typescript", "esbuild", "dependency-cruiser", "fast-check"]) assert.ok(!existsSync(join(modules, dev)), `${dev} is installed`);
  for (const dep of Object.keys(pkg.dependencies)) assert.ok(existsSync(join(modules, dep, "package.json")), `${dep} is missing`);
  assert.ok(prebuildRequests.some((url) => url.endsWith(".tar.gz")), `prebuild-install never asked the mirror: ${prebuildRequests.join(", ")}`);
});

test("the installed log-gardener --version prints the package version", async () => {
  const { stdout } = await run(bin, ["--version"], { cwd: installDir });
  assert.equal(stdout.trim(), pkg.version);
});

test("the installed log-gardener run works on the built-in sample", async () => {
  const out = join(scratch, "out");
  // No node_modules/tsx anywhere above the install folder can help: NODE_PATH cleared, cwd outside the checkout.
  const result = await run(bin, ["run", "--input", join(REPO_ROOT, "samples/cloud-run/window-1.json"), "--out", out, "--state", join(scratch, "state.db"), "-q"], {
    cwd: installDir,
    env: { ...process.env, NODE_PATH: "" },
    timeout: STEP_TIMEOUT_MS,
  });
  assert.equal(result.stderr, "");
  const worklogs = readdirSync(out).filter((f) => f.endsWith(".md"));
  assert.equal(worklogs.length, 1);
  const worklog = readFileSync(join(out, worklogs[0] ?? ""), "utf8");
  assert.match(worklog, /netra-backend-staging/);
  const report = JSON.parse(readFileSync(join(out, worklogs[0]?.replace(/\.md$/, ".json") ?? ""), "utf8")) as { clusters: unknown[]; tool: { version: string } };
  assert.ok(report.clusters.length > 10, `${report.clusters.length} clusters`);
  assert.equal(report.tool.version, pkg.version);
});
