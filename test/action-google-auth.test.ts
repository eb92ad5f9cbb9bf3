// The Action reading Cloud Logging with what google-github-actions/auth leaves behind: a Workload
// Identity Federation credentials file (external_account) in GOOGLE_APPLICATION_CREDENTIALS and
// the project in GOOGLE_CLOUD_PROJECT. google-auth-library's own ExternalAccountClient does the
// exchange, with token_url and service_account_impersonation_url pointed at loopback fakes.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runActionStep } from "./action-step.js";
import { cloudRunEntry, startFakeCloudLogging, type FakeCloudLogging } from "./fakes/fake-cloud-logging.js";
import { FakeGitHub } from "./fakes/fake-github.js";
import { FakeGoogleSts } from "./fakes/fake-google-sts.js";

const PROVIDER = "projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo";
const SERVICE_ACCOUNT = "log-gardener@proj-a.iam.gserviceaccount.com";
const scratch = mkdtempSync(join(tmpdir(), "lg-action-wif-"));
let github: FakeGitHub;
let sts: FakeGoogleSts;
let logging: FakeCloudLogging;

before(async () => {
  github = await FakeGitHub.start();
  sts = await FakeGoogleSts.start({ audience: `//iam.googleapis.com/${PROVIDER}`, serviceAccount: SERVICE_ACCOUNT });
  const now = Date.now();
  const entries = Array.from({ length: 60 }, (_, i) =>
    cloudRunEntry({ project: "proj-a", insertId: `w${i}`, timestamp: new Date(now - (i + 1) * 20_000).toISOString(), message: `Database connection to db-${i % 3} timed out after ${100 + i} ms` }),
  );
  // Cloud Logging takes only the tokens the exchange hands out.
  logging = await startFakeCloudLogging({ entries, acceptedTokens: [sts.serviceAccountToken, sts.federatedToken] });
  writeFileSync(join(scratch, "config.yaml"), "tracker:\n  writeSpacingMs: 0\n  searchSpacingMs: 0\n");
});
after(async () => {
  await Promise.all([github.close(), sts.close(), logging.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

/** google-github-actions/auth's credentials file (gha-creds-*.json in the workspace) for a credential source. */
function credentialsFile(name: string, source: Record<string, unknown>, impersonate: boolean): string {
  const path = join(scratch, `gha-creds-${name}.json`);
  const file = {
    type: "external_account",
    audience: `//iam.googleapis.com/${PROVIDER}`,
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    token_url: sts.tokenUrl,
    credential_source: source,
    ...(impersonate ? { service_account_impersonation_url: sts.impersonationUrl(SERVICE_ACCOUNT) } : {}),
  };
  writeFileSync(path, JSON.stringify(file, null, 2));
  return path;
}

/** The url source: the runner's OIDC endpoint, with auth's audience and the request token as header. */
function urlSource(): Record<string, unknown> {
  return {
    url: `${sts.runnerTokenUrl}&audience=${encodeURIComponent(`https://iam.googleapis.com/${PROVIDER}`)}`,
    headers: { Authorization: `Bearer ${sts.runnerRequestToken}` },
    format: { type: "json", subject_token_field_name: "value" },
  };
}

/** A step after google-github-actions/auth: its exports, the runner's OIDC variables, no access token of any other kind. */
function step(name: string, credentials: string, inputs: Readonly<Record<string, string>> = {}) {
  return runActionStep({
    scratch,
    name,
    inputs: { services: "api", window: "1h", "github-token": "test-token", config: join(scratch, "config.yaml"), ...inputs },
    env: {
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_API_URL: github.baseUrl,
      CLOUD_LOGGING_API_URL: logging.url,
      GOOGLE_APPLICATION_CREDENTIALS: credentials,
      CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE: credentials,
      GOOGLE_GHA_CREDS_PATH: credentials,
      GOOGLE_CLOUD_PROJECT: "proj-a",
      CLOUDSDK_CORE_PROJECT: "proj-a",
      ACTIONS_ID_TOKEN_REQUEST_URL: sts.runnerTokenUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: sts.runnerRequestToken,
    },
  });
}

const bearers = (since: number) => logging.requests.slice(since).map((r) => r.authorization);

describe("the Action authenticates to Google Cloud as google-github-actions/auth leaves it", () => {
  test("credential_source.url with service-account impersonation: OIDC token → STS → generateAccessToken → Cloud Logging; issues filed", async () => {
    const stsBefore = sts.requests.length;
    const logBefore = logging.requests.length;
    const result = await step("url-impersonated", credentialsFile("url", urlSource(), true));
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.equal(result.outputs.created, "1");
    assert.equal(github.issues.size, 1);
    const calls = sts.requests.slice(stsBefore);
    assert.deepEqual(calls.map((c) => [c.path.replace(/.*\/idtoken$/, "idtoken"), c.status]), [
      ["idtoken", 200],
      ["/v1/token", 200],
      [`/v1/projects/-/serviceAccounts/${SERVICE_ACCOUNT}:generateAccessToken`, 200],
    ]);
    const exchange = calls[1]?.form ?? {};
    assert.equal(exchange["subject_token"], sts.idToken);
    assert.equal(exchange["audience"], `//iam.googleapis.com/${PROVIDER}`);
    // The federated token only impersonates; the service account's token carries the read-only scope.
    assert.equal(exchange["scope"], "https://www.googleapis.com/auth/cloud-platform");
    assert.deepEqual((calls[2]?.json as { scope: string[] }).scope, ["https://www.googleapis.com/auth/logging.read"]);
    assert.ok(bearers(logBefore).length > 0);
    assert.ok(bearers(logBefore).every((b) => b === `Bearer ${sts.serviceAccountToken}`), bearers(logBefore).join());
    for (const secret of [sts.idToken, sts.serviceAccountToken, sts.federatedToken, sts.runnerRequestToken]) {
      assert.equal(`${result.stdout}${result.stderr}${result.summary}`.includes(secret), false, "no token is printed");
    }
  });

  test("credential_source.file, federated token used directly: the read-only scope is asked of STS", async () => {
    const tokenFile = join(scratch, "oidc-token.txt");
    writeFileSync(tokenFile, sts.idToken);
    const stsBefore = sts.requests.length;
    const logBefore = logging.requests.length;
    const result = await step("file-direct", credentialsFile("file", { file: tokenFile, format: { type: "text" } }, false), { "dry-run": "true" });
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.equal(result.outputs.clusters, "1");
    const calls = sts.requests.slice(stsBefore);
    assert.deepEqual(calls.map((c) => c.path), ["/v1/token"]);
    assert.equal(calls[0]?.form?.["scope"], "https://www.googleapis.com/auth/logging.read");
    assert.equal(calls[0]?.form?.["subject_token"], sts.idToken);
    assert.ok(bearers(logBefore).length > 0 && bearers(logBefore).every((b) => b === `Bearer ${sts.federatedToken}`));
  });

  test("a refused exchange is one line on stderr, an error annotation and exit 2, before any log is read", async () => {
    sts.refuseExchange = true;
    try {
      const logBefore = logging.requests.length;
      const result = await step("refused", credentialsFile("refused", urlSource(), true));
      assert.equal(result.code, 2, result.stderr + result.stdout);
      // Progress lines (CI prints them plainly) come first; the error is the last line, and one line.
      const lines = result.stderr.split("\n").filter((l) => l.trim().length > 0);
      assert.match(lines.at(-1) ?? "", /^log-gardener: Workload Identity Federation could not give a token \(Error code unauthorized_client: .*\): check the workload identity provider .*roles\/iam\.workloadIdentityUser$/);
      assert.equal(lines.filter((l) => /token/.test(l)).length, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
      assert.match(result.stdout, /^::error title=log-gardener::log-gardener run exited with 2/m);
      assert.equal(logging.requests.length, logBefore);
    } finally {
      sts.refuseExchange = false;
    }
  });
});
