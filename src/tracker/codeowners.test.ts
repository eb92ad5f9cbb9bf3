import assert from "node:assert/strict";
import { test } from "node:test";
import { codeownersReader, ownersOf, parseCodeowners, patternGlobs } from "./codeowners.js";
import type { Tracker } from "./tracker.js";

// GitHub's own example file (docs: "About code owners"), cut to the rules that differ in how they match.
const GITHUB_EXAMPLE = `# This is a comment.
*       @global-owner1 @global-owner2
*.js    @js-owner #This is an inline comment.
*.go docs@example.com
/build/logs/ @doctocat
docs/*  docs@example.com
apps/ @octocat
/docs/ @doctocat
/scripts/ @doctocat @octocat
**/logs @octocat
/apps/ @octocat
/apps/github
/src/payments/ @acme/payments @carol
`;

const file = parseCodeowners(GITHUB_EXAMPLE, ".github/CODEOWNERS");
const owners = (path: string) => ownersOf(file, path);

const cases: ReadonlyArray<readonly [path: string, pattern: string | undefined, logins: readonly string[], unassignable: readonly string[]]> = [
  ["README.md", "*", ["global-owner1", "global-owner2"], []],
  ["src/app/main.js", "*.js", ["js-owner"], []],
  ["cmd/server/main.go", "*.go", [], ["docs@example.com"]],
  ["build/logs/today.txt", "**/logs", ["octocat"], []],
  ["docs/getting-started.md", "/docs/", ["doctocat"], []],
  // `docs/*` matches only files directly in docs/; `/docs/` (later) matches nested ones anyway
  ["docs/build-app/troubleshooting.md", "/docs/", ["doctocat"], []],
  ["lib/apps/x.txt", "apps/", ["octocat"], []],
  ["deep/down/logs/a.txt", "**/logs", ["octocat"], []],
  ["apps/web/index.ts", "/apps/", ["octocat"], []],
  // a rule with no owners clears ownership: matched, nobody to assign
  ["apps/github/index.ts", "/apps/github", [], []],
  ["src/payments/charge.py", "/src/payments/", ["carol"], ["@acme/payments"]],
];
for (const [path, pattern, logins, unassignable] of cases) {
  test(`CODEOWNERS: ${path} is owned by the last matching rule (${pattern})`, () => {
    assert.deepEqual(owners(path), pattern === undefined ? undefined : { pattern, logins, unassignable });
  });
}

test("no matching rule is no verdict, not an empty one", () => {
  assert.equal(ownersOf(parseCodeowners("/api/ @alice\n", "CODEOWNERS"), "web/page.ts"), undefined);
});

test("patterns anchor as gitignore does, and `dir/*` stops at the directory's own files", () => {
  assert.deepEqual(
    ["*.js", "/build/logs/", "docs/*", "apps/", "/apps/github", "src/a.py"].map(patternGlobs),
    [["**/*\\.js", "**/*\\.js/**"], ["build/logs/**"], ["docs/*"], ["**/apps/**"], ["apps/github", "apps/github/**"], ["src/a\\.py", "src/a\\.py/**"]],
  );
  const rules = parseCodeowners("docs/* @a\n", "CODEOWNERS");
  assert.deepEqual([ownersOf(rules, "docs/a.md")?.logins, ownersOf(rules, "docs/a/b.md")], [["a"], undefined]);
  // anchored by its inner slash: not matched deeper down
  assert.equal(ownersOf(parseCodeowners("src/api @a\n", "CODEOWNERS"), "vendor/src/api/x.ts"), undefined);
});

test("what glob syntax CODEOWNERS lacks is literal or skipped, as GitHub treats it", () => {
  const parsed = parseCodeowners("* @all\n!*.md @nobody\n*.[ch] @c-owner\nweb/{a,b}.ts @brace\nlib/a(b|c).py @group\n", "CODEOWNERS");
  assert.deepEqual(parsed.invalidLines, [2, 3]);
  assert.deepEqual(ownersOf(parsed, "README.md")?.logins, ["all"]);
  assert.deepEqual(ownersOf(parsed, "x.c")?.logins, ["all"]);
  assert.deepEqual(ownersOf(parsed, "web/a.ts")?.logins, ["all"]);
  assert.deepEqual(ownersOf(parsed, "web/{a,b}.ts")?.logins, ["brace"]);
  assert.deepEqual(ownersOf(parsed, "lib/ab.py")?.logins, ["all"]);
  assert.deepEqual(ownersOf(parsed, "lib/a(b|c).py")?.logins, ["group"]);
});

test("dot files and directories match like any other", () => {
  const parsed = parseCodeowners("*.yml @ci\n/.github/ @infra\n", "CODEOWNERS");
  assert.deepEqual([ownersOf(parsed, ".github/workflows/ci.yml")?.logins, ownersOf(parsed, "deploy/.env.yml")?.logins], [["infra"], ["ci"]]);
});

/** A tracker whose repository holds these files; counts reads. */
function trackerWith(files: Readonly<Record<string, string>>, repo = "acme/api"): Tracker & { reads: string[] } {
  const reads: string[] = [];
  return {
    kind: "github",
    repo,
    reads,
    readFile: (path: string) => {
      reads.push(path);
      return Promise.resolve(files[path]);
    },
  } as unknown as Tracker & { reads: string[] };
}

test("the reader takes the first file in GitHub's order, and reads a repository once per run", async () => {
  const read = codeownersReader();
  const both = trackerWith({ "CODEOWNERS": "* @root\n", "docs/CODEOWNERS": "* @docs\n" });
  const [first, second] = await Promise.all([read(both), read(both)]);
  assert.equal(first?.path, "CODEOWNERS");
  assert.equal(second, first);
  assert.deepEqual(both.reads, [".github/CODEOWNERS", "CODEOWNERS"]);
  const other = trackerWith({ ".github/CODEOWNERS": "* @gh\n", "CODEOWNERS": "* @root\n" }, "acme/web");
  assert.deepEqual(ownersOf((await read(other))!, "x")?.logins, ["gh"]);
  const none = trackerWith({}, "acme/empty");
  assert.equal(await read(none), undefined);
  assert.equal(await read(none), undefined);
  assert.deepEqual(none.reads, [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]);
});

test("a failed read is tried again by the next problem, not remembered as no file", async () => {
  let fail = true;
  const tracker = {
    kind: "github",
    repo: "acme/api",
    readFile: () => (fail ? Promise.reject(new Error("HTTP 502")) : Promise.resolve("* @alice\n")),
  } as unknown as Tracker;
  const read = codeownersReader();
  await assert.rejects(read(tracker), /502/);
  fail = false;
  assert.deepEqual(ownersOf((await read(tracker))!, "a.ts")?.logins, ["alice"]);
});

test("the local tracker has no files: no CODEOWNERS", async () => {
  assert.equal(await codeownersReader()({ kind: "local" } as unknown as Tracker), undefined);
});
