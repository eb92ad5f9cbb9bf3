import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { GoogleAuth } from "google-auth-library";
import { AuthError } from "../../model/errors.js";

/** Read-only: log-gardener never writes logs (IAM role roles/logging.viewer). */
export const LOGGING_READ_SCOPE = "https://www.googleapis.com/auth/logging.read";

const LOGIN_HINT = "run 'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS to a key file, or pass --access-token-file";
/** What to check when Workload Identity Federation (google-github-actions/auth's external_account file) is refused. */
const FEDERATION_HINT =
  "check the workload identity provider (its attribute condition must admit this workflow) and that the service account grants the federated identity roles/iam.workloadIdentityUser";

/**
 * Where the bearer token comes from, first match wins, as with gcloud:
 * 1. `--access-token-file FILE` (read once; `gcloud auth print-access-token > FILE` in CI),
 * 2. `CLOUD_LOGGING_ACCESS_TOKEN`,
 * 3. Application Default Credentials through google-auth-library: GOOGLE_APPLICATION_CREDENTIALS,
 *    then gcloud's application-default file, then the metadata server.
 * Any failure is an `AuthError` whose one line says how to fix it.
 */
export function createAccessTokenProvider(opts: { accessTokenFile?: string; env: NodeJS.ProcessEnv }): () => Promise<string> {
  if (opts.accessTokenFile !== undefined) return tokenFromFile(opts.accessTokenFile);
  const fromEnv = opts.env.CLOUD_LOGGING_ACCESS_TOKEN?.trim();
  if (fromEnv) return () => Promise.resolve(fromEnv);
  if (opts.env.CLOUD_LOGGING_ACCESS_TOKEN !== undefined) {
    return () => Promise.reject(new AuthError(`CLOUD_LOGGING_ACCESS_TOKEN is set but empty: unset it, or ${LOGIN_HINT}`));
  }
  return tokenFromApplicationDefaultCredentials(opts.env.GOOGLE_APPLICATION_CREDENTIALS);
}

function tokenFromFile(path: string): () => Promise<string> {
  let token: Promise<string> | undefined;
  return () => {
    token ??= readFile(path, "utf8").then(
      (text) => {
        const value = text.trim();
        if (value.length === 0 || /\s/.test(value)) {
          throw new AuthError(`--access-token-file ${path} does not hold one token: write one with 'gcloud auth print-access-token > ${path}'`);
        }
        return value;
      },
      (error: NodeJS.ErrnoException) => {
        throw new AuthError(`cannot read --access-token-file ${path} (${error.code ?? error.message}): write one with 'gcloud auth print-access-token > ${path}'`);
      },
    );
    return token;
  };
}

function tokenFromApplicationDefaultCredentials(keyFile: string | undefined): () => Promise<string> {
  // keyFilename from the env we were given (not process.env), so what the caller passed is what is used.
  // loaded at the first token: a run on files, or with a token given, never pays for the library
  let auth: Promise<GoogleAuth> | undefined;
  return async () => {
    try {
      auth ??= import("google-auth-library").then(({ GoogleAuth }) => new GoogleAuth({ scopes: [LOGGING_READ_SCOPE], ...(keyFile ? { keyFilename: keyFile } : {}) }));
      const client = await (await auth).getClient();
      const { token } = await client.getAccessToken();
      if (!token) throw new Error("the credential gave no access token");
      return token;
    } catch (error) {
      throw adcError(error, keyFile);
    }
  };
}

function adcError(error: unknown, keyFile: string | undefined): AuthError {
  const message = error instanceof Error ? error.message.replace(/\s+/g, " ").trim() : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  if (keyFile && (code === "ENOENT" || /ENOENT|does not exist/.test(message))) {
    return new AuthError(`GOOGLE_APPLICATION_CREDENTIALS names ${keyFile}, which does not exist: fix the path, or ${LOGIN_HINT}`);
  }
  if (/Could not load the default credentials/i.test(message)) {
    return new AuthError(`no Google credentials found: ${LOGIN_HINT}`);
  }
  const short = message.length > 160 ? `${message.slice(0, 160)}…` : message;
  if (keyFile && credentialType(keyFile) === "external_account") return new AuthError(`Workload Identity Federation could not give a token (${short}): ${FEDERATION_HINT}`);
  return new AuthError(`Google credentials could not give a token (${short}): ${LOGIN_HINT}`);
}

/** The `type` of a credentials file (service_account, external_account, authorized_user), if it is readable JSON. */
function credentialType(path: string): string | undefined {
  try {
    const type = (JSON.parse(readFileSync(path, "utf8")) as { type?: unknown }).type;
    return typeof type === "string" ? type : undefined;
  } catch {
    return undefined;
  }
}

/** A 401/403 from the Logging API, as one line that says what to do. */
export function refusedCredentialsError(status: number, apiStatus: string | undefined, project: string, apiMessage = ""): AuthError {
  const code = `${status}${apiStatus ? ` ${apiStatus}` : ""}`;
  if (status === 403 && /has not been used|is disabled|SERVICE_DISABLED/i.test(apiMessage)) {
    return new AuthError(`the Cloud Logging API is not enabled for projects/${project} (${code}): run 'gcloud services enable logging.googleapis.com --project ${project}'`);
  }
  if (status === 403) {
    return new AuthError(
      `Cloud Logging refused access to projects/${project} (${code}): the account needs roles/logging.viewer there; run 'gcloud auth application-default login' as one that has it, or pass --access-token-file`,
    );
  }
  return new AuthError(`Cloud Logging refused the credentials (${code}): run 'gcloud auth application-default login' or pass --access-token-file`);
}
