import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { writeFileAtomic } from "./write.js";

let dir = "";
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "lg-write-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("creates missing directories and writes the content as UTF-8", async () => {
  const path = join(dir, "a", "b", "worklog.md");
  await writeFileAtomic(path, "# 🔑 ok\n");
  assert.equal(await readFile(path, "utf8"), "# 🔑 ok\n");
});

test("replaces an existing file and leaves no temporary file behind", async () => {
  const path = join(dir, "replace.md");
  await writeFile(path, "old");
  await writeFileAtomic(path, "new");
  assert.equal(await readFile(path, "utf8"), "new");
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith(".tmp")), []);
});

test("a failed write removes its temporary file and keeps the old one", async () => {
  const target = join(dir, "is-a-directory");
  await writeFileAtomic(join(target, "inner.md"), "x");
  await assert.rejects(writeFileAtomic(target, "cannot replace a directory"));
  assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith(".tmp")), []);
  assert.equal(await readFile(join(target, "inner.md"), "utf8"), "x");
});

test("content given in pieces is written as their concatenation, across runs of the write buffer", async () => {
  const path = join(dir, "pieces.json");
  // ~2.3 MiB in pieces of mixed sizes, with multi-byte characters on both sides of each run's end
  const pieces = Array.from({ length: 3_000 }, (_, index) => `${"é🔑".repeat(index % 7)}${"x".repeat(800)}\n`);
  await writeFileAtomic(path, pieces);
  assert.equal(await readFile(path, "utf8"), pieces.join(""));
  await writeFileAtomic(path, (function* () {})());
  assert.equal(await readFile(path, "utf8"), "");
});
