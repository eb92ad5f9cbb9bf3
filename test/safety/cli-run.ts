// Runs the real CLI (`log-gardener run`) in a scratch directory, for the leak and fuzz tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const MAIN = resolve(import.meta.dirname, "../../src/cli/main.ts");
// Resolved here: the scratch directory has no node_modules of its own.
const TSX = import.meta.resolve("tsx");
/** A whole run on a small corpus takes seconds; a hang is a failure, not a wait. */
export const CLI_TIMEOUT_MS = 120_000;

export interface CliRun {
  readonly dir: string;
  readonly status: number | null;
  readonly stderr: string;
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lg-${prefix}-`));
}

/** `run --input <file>` with every output option, cwd = `dir` so any state store lands there too. */
export function runCli(dir: string, inputName: string): CliRun {
  const result = spawnSync(
    process.execPath,
    ["--import", TSX, MAIN, "run", "--input", inputName, "--out", "out", "--json", "r.json", "--html", "r.html", "--assignments", "a.ndjson", "-q"],
    { cwd: dir, encoding: "utf8", timeout: CLI_TIMEOUT_MS, env: { ...process.env, NO_COLOR: "1" } },
  );
  return { dir, status: result.status, stderr: result.stderr };
}

/** Every file the run wrote (the input excluded), read as bytes so binary stores are searched too. */
export function writtenFiles(dir: string, exclude: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (full !== join(dir, exclude)) {
        const bytes = readFileSync(full);
        out.push({ path: full, text: `${bytes.toString("utf8")}\n${bytes.toString("latin1")}` });
      }
    }
  };
  walk(dir);
  return out;
}
