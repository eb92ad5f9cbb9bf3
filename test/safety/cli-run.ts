// Runs the real CLI (`log-gardener run`) in a scratch directory, for the leak and fuzz tests.
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli as runCliIn } from "../run-cli.js";

export interface CliRun {
  readonly dir: string;
  readonly status: number | null;
  readonly stderr: string;
}

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lg-${prefix}-`));
}

/** `run --input <file>` with every output option, cwd = `dir` so any state store lands there too. */
export async function runCli(dir: string, inputName: string): Promise<CliRun> {
  const result = await runCliIn(
    ["run", "--input", inputName, "--out", "out", "--json", "r.json", "--html", "r.html", "--assignments", "a.ndjson", "-q"],
    { cwd: dir, env: { NO_COLOR: "1" } },
  );
  return { dir, status: result.code, stderr: result.stderr };
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
