import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { AuthError } from "../model/errors.js";
import { enterpriseHost, resolveGitHubToken, runGhAuthToken, type GhAuthToken } from "./github-token.js";

const noGh: GhAuthToken = () => Promise.resolve(undefined);

describe("resolveGitHubToken", () => {
  test("GITHUB_TOKEN comes first", async () => {
    assert.deepEqual(await resolveGitHubToken({ GITHUB_TOKEN: "a", GH_TOKEN: "b" }, () => Promise.resolve("c")), { token: "a", source: "GITHUB_TOKEN" });
  });
  test("GH_TOKEN when GITHUB_TOKEN is unset or blank", async () => {
    assert.deepEqual(await resolveGitHubToken({ GITHUB_TOKEN: "  ", GH_TOKEN: "b\n" }, noGh), { token: "b", source: "GH_TOKEN" });
  });
  test("gh auth token when neither is set", async () => {
    assert.deepEqual(await resolveGitHubToken({}, () => Promise.resolve("c\n")), { token: "c", source: "gh auth token" });
  });
  test("asks gh for the Enterprise host named by GITHUB_API_URL", async () => {
    let asked: string | undefined;
    await resolveGitHubToken({ GITHUB_API_URL: "https://ghe.example.com/api/v3" }, ({ hostname }) => ((asked = hostname), Promise.resolve("t")));
    assert.equal(asked, "ghe.example.com");
  });
  test("no token anywhere is an AuthError naming all three ways", async () => {
    await assert.rejects(resolveGitHubToken({}, noGh), (error: unknown) => error instanceof AuthError && /GITHUB_TOKEN or GH_TOKEN/.test(error.message) && /gh auth login/.test(error.message));
  });
});

describe("enterpriseHost", () => {
  for (const [url, host] of [
    [undefined, undefined],
    ["https://api.github.com", undefined],
    ["https://ghe.example.com/api/v3", "ghe.example.com"],
    ["not a url", undefined],
  ] as const) {
    test(`${String(url)} → ${String(host)}`, () => assert.equal(enterpriseHost(url), host));
  }
});

describe("runGhAuthToken runs gh from PATH", () => {
  const bin = mkdtempSync(join(tmpdir(), "lg-gh-"));
  after(() => rmSync(bin, { recursive: true, force: true }));

  test("prints gh's token, passing --hostname through", async () => {
    const gh = join(bin, "gh");
    writeFileSync(gh, '#!/bin/sh\n[ "$1 $2" = "auth token" ] || exit 2\n[ "$3" = "--hostname" ] && { echo "token-for-$4"; exit 0; }\necho "gho_from_keyring"\n');
    chmodSync(gh, 0o755);
    assert.equal(await runGhAuthToken({ env: { PATH: bin } }), "gho_from_keyring");
    assert.equal(await runGhAuthToken({ hostname: "ghe.example.com", env: { PATH: bin } }), "token-for-ghe.example.com");
  });

  test("gh not logged in (exit 1) or not installed gives no token", async () => {
    const loggedOut = mkdtempSync(join(bin, "out-"));
    writeFileSync(join(loggedOut, "gh"), "#!/bin/sh\necho 'no oauth token found for github.com' >&2\nexit 1\n");
    chmodSync(join(loggedOut, "gh"), 0o755);
    assert.equal(await runGhAuthToken({ env: { PATH: loggedOut } }), undefined);
    assert.equal(await runGhAuthToken({ env: { PATH: mkdtempSync(join(bin, "empty-")) } }), undefined);
  });
});
