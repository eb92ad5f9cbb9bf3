// Where the GitHub token comes from, in the order the issue tracker's users expect from the gh CLI:
// GITHUB_TOKEN, then GH_TOKEN, then `gh auth token` when gh is installed and logged in.
import { execFile } from "node:child_process";
import { AuthError } from "../model/errors.js";

export type GitHubTokenSource = "GITHUB_TOKEN" | "GH_TOKEN" | "gh auth token";

export interface GitHubToken {
  readonly token: string;
  /** Said in the run summary and the JSON report; the value never is. */
  readonly source: GitHubTokenSource;
}

export interface TokenEnv {
  readonly GITHUB_TOKEN?: string;
  readonly GH_TOKEN?: string;
  readonly GITHUB_API_URL?: string;
  /** What gh needs to find itself, its config and its keyring. */
  readonly PATH?: string;
  readonly HOME?: string;
  readonly XDG_CONFIG_HOME?: string;
  readonly GH_CONFIG_DIR?: string;
}

/** Asks gh for its token (undefined when gh is missing or not logged in); injectable for tests. */
export type GhAuthToken = (opts: { readonly hostname?: string; readonly env: TokenEnv }) => Promise<string | undefined>;

const MISSING =
  "--tracker github needs a token: set GITHUB_TOKEN or GH_TOKEN (a fine-grained token with Issues: read and write on the repository), or log in with 'gh auth login'";

export async function resolveGitHubToken(env: TokenEnv, ghAuthToken: GhAuthToken = runGhAuthToken): Promise<GitHubToken> {
  for (const name of ["GITHUB_TOKEN", "GH_TOKEN"] as const) {
    const value = env[name]?.trim();
    if (value) return { token: value, source: name };
  }
  const hostname = enterpriseHost(env.GITHUB_API_URL);
  const fromGh = (await ghAuthToken({ ...(hostname ? { hostname } : {}), env }))?.trim();
  if (fromGh) return { token: fromGh, source: "gh auth token" };
  throw new AuthError(MISSING);
}

/** `https://ghe.example.com/api/v3` → `ghe.example.com`, so gh answers for that host; github.com needs no flag. */
export function enterpriseHost(apiUrl: string | undefined): string | undefined {
  if (!apiUrl?.trim()) return undefined;
  try {
    const host = new URL(apiUrl).host;
    return host === "api.github.com" ? undefined : host;
  } catch {
    return undefined;
  }
}

/** Seconds gh may take to answer from its keyring before we give up on it. */
const GH_TIMEOUT_MS = 10_000;

export const runGhAuthToken: GhAuthToken = ({ hostname, env }) =>
  new Promise((resolve) => {
    const args = ["auth", "token", ...(hostname ? ["--hostname", hostname] : [])];
    // Only what gh needs to find its config and keyring (the tracker never reads `process`).
    const childEnv: Record<string, string> = {};
    for (const name of ["PATH", "HOME", "XDG_CONFIG_HOME", "GH_CONFIG_DIR"] as const) {
      const value = env[name];
      if (value !== undefined) childEnv[name] = value;
    }
    execFile("gh", args, { env: childEnv, timeout: GH_TIMEOUT_MS, windowsHide: true }, (error, stdout) => {
      // gh missing (ENOENT), not logged in (exit 1), or too slow: no token from gh.
      resolve(error ? undefined : stdout.trim() || undefined);
    });
  });
