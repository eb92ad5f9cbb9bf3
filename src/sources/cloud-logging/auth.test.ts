import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { AuthError } from "../../model/errors.js";
import { createAccessTokenProvider, refusedCredentialsError } from "./auth.js";

const dir = mkdtempSync(join(tmpdir(), "lg-auth-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function authFailure(provider: () => Promise<string>): Promise<string> {
  try {
    await provider();
  } catch (error) {
    assert.ok(error instanceof AuthError, `expected AuthError, got ${String(error)}`);
    assert.equal(error.exitCode, 2);
    assert.doesNotMatch(error.message, /\n/, "one line");
    return error.message;
  }
  assert.fail("expected the provider to fail");
}

test("--access-token-file gives its token, trimmed", async () => {
  const provider = createAccessTokenProvider({ accessTokenFile: file("token", "ya29.abc\n"), env: { CLOUD_LOGGING_ACCESS_TOKEN: "from-env" } });
  assert.equal(await provider(), "ya29.abc");
});

test("CLOUD_LOGGING_ACCESS_TOKEN is used when no file is given", async () => {
  assert.equal(await createAccessTokenProvider({ env: { CLOUD_LOGGING_ACCESS_TOKEN: " ya29.env " } })(), "ya29.env");
});

const failures: ReadonlyArray<readonly [string, () => () => Promise<string>, RegExp]> = [
  ["a token file that does not exist", () => createAccessTokenProvider({ accessTokenFile: join(dir, "missing"), env: {} }), /^cannot read --access-token-file .*missing \(ENOENT\): write one with 'gcloud auth print-access-token > /],
  ["an empty token file", () => createAccessTokenProvider({ accessTokenFile: file("empty", "\n"), env: {} }), /does not hold one token/],
  ["a token file with two words in it", () => createAccessTokenProvider({ accessTokenFile: file("two", "a b"), env: {} }), /does not hold one token/],
  ["an empty CLOUD_LOGGING_ACCESS_TOKEN", () => createAccessTokenProvider({ env: { CLOUD_LOGGING_ACCESS_TOKEN: "" } }), /CLOUD_LOGGING_ACCESS_TOKEN is set but empty/],
  [
    "GOOGLE_APPLICATION_CREDENTIALS naming a file that does not exist",
    () => createAccessTokenProvider({ env: { GOOGLE_APPLICATION_CREDENTIALS: join(dir, "no-such-key.json") } }),
    /^GOOGLE_APPLICATION_CREDENTIALS names .*no-such-key\.json, which does not exist: fix the path, or run 'gcloud auth application-default login'/,
  ],
  [
    "GOOGLE_APPLICATION_CREDENTIALS naming a file that is not a credential",
    () => createAccessTokenProvider({ env: { GOOGLE_APPLICATION_CREDENTIALS: file("bad.json", '{"type":"nonsense"}') } }),
    /^Google credentials could not give a token \(.*\): run 'gcloud auth application-default login'/,
  ],
];
for (const [name, make, message] of failures) {
  test(`${name} is one AuthError line saying how to fix it`, async () => assert.match(await authFailure(make()), message));
}

test("API refusals name the fix", () => {
  assert.deepEqual(
    [
      refusedCredentialsError(401, "UNAUTHENTICATED", "p").message,
      refusedCredentialsError(403, "PERMISSION_DENIED", "p").message,
      refusedCredentialsError(403, "PERMISSION_DENIED", "p", "Cloud Logging API has not been used in project 123 before or it is disabled.").message,
    ],
    [
      "Cloud Logging refused the credentials (401 UNAUTHENTICATED): run 'gcloud auth application-default login' or pass --access-token-file",
      "Cloud Logging refused access to projects/p (403 PERMISSION_DENIED): the account needs roles/logging.viewer there; run 'gcloud auth application-default login' as one that has it, or pass --access-token-file",
      "the Cloud Logging API is not enabled for projects/p (403 PERMISSION_DENIED): run 'gcloud services enable logging.googleapis.com --project p'",
    ],
  );
});
