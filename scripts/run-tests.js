#!/usr/bin/env node
// Finds every *.test.ts under src/, test/ and bench/ (Node 20's test runner takes no glob) and runs them with tsx.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["src", "test", "bench"];
const files = roots
  .flatMap((root) => readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".test.ts"))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no test files under ${roots.join(", ")}\n`);
  process.exit(1);
}
const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
