// Workload Identity Federation as google-github-actions/auth sets it up, on 127.0.0.1:0: the
// runner's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL), Security Token Service's token
// exchange (sts.googleapis.com/v1/token, RFC 8693) and IAM Credentials' generateAccessToken
// (service-account impersonation). Answers follow the documented shapes, errors included.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { closeLoopback, listenOnLoopback, readBody } from "./loopback.js";

export interface FakeGoogleStsOptions {
  /** The workload identity provider the pool trusts; an exchange for another audience is refused. */
  readonly audience: string;
  /** The runner's request token (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  readonly runnerRequestToken?: string;
  /** The OIDC token the runner hands out; the only subject token STS accepts. */
  readonly idToken?: string;
  /** The service account the federated identity may impersonate (roles/iam.workloadIdentityUser). */
  readonly serviceAccount?: string;
}

export interface RecordedAuthRequest {
  readonly path: string;
  readonly status: number;
  readonly form?: Readonly<Record<string, string>>;
  readonly json?: unknown;
}

export class FakeGoogleSts {
  /** The federated token STS issues (without impersonation, the token Cloud Logging gets). */
  readonly federatedToken = "ya29.federated-token";
  /** The impersonated service account's token. */
  readonly serviceAccountToken = "ya29.service-account-token";
  readonly requests: RecordedAuthRequest[] = [];
  readonly idToken: string;
  readonly runnerRequestToken: string;
  /** Refuse every exchange, as STS does when the provider's attribute condition rejects the token. */
  refuseExchange = false;
  baseUrl = "";
  private readonly server;

  private constructor(private readonly options: FakeGoogleStsOptions) {
    this.idToken = options.idToken ?? "eyJhbGciOiJSUzI1NiJ9.eyJyZXBvc2l0b3J5IjoiYWNtZS9iYWNrZW5kIn0.sig";
    this.runnerRequestToken = options.runnerRequestToken ?? "runner-request-token";
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(options: FakeGoogleStsOptions): Promise<FakeGoogleSts> {
    const fake = new FakeGoogleSts(options);
    fake.baseUrl = await listenOnLoopback(fake.server);
    return fake;
  }

  async close(): Promise<void> {
    await closeLoopback(this.server);
  }

  /** ACTIONS_ID_TOKEN_REQUEST_URL as the runner sets it (auth appends `&audience=`). */
  get runnerTokenUrl(): string {
    return `${this.baseUrl}/_apis/distributedtask/hubs/build/plans/1/jobs/1/idtoken?api-version=2.0`;
  }

  get tokenUrl(): string {
    return `${this.baseUrl}/v1/token`;
  }

  impersonationUrl(serviceAccount: string): string {
    return `${this.baseUrl}/v1/projects/-/serviceAccounts/${serviceAccount}:generateAccessToken`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const raw = await readBody(req);
    const send = (status: number, body: unknown, record: Omit<RecordedAuthRequest, "path" | "status"> = {}) => {
      this.requests.push({ path: url.pathname, status, ...record });
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
    };

    if (req.method === "GET" && url.pathname.endsWith("/idtoken")) {
      if (req.headers.authorization !== `Bearer ${this.runnerRequestToken}`) return send(401, { message: "Bad request token" });
      if (url.searchParams.get("audience") === null) return send(400, { message: "audience is required" });
      return send(200, { count: 1, value: this.idToken });
    }

    if (req.method === "POST" && url.pathname === "/v1/token") {
      const form = Object.fromEntries(new URLSearchParams(raw));
      const refuse = (error: string, description: string) => send(400, { error, error_description: description }, { form });
      if (form["grant_type"] !== "urn:ietf:params:oauth:grant-type:token-exchange") return refuse("unsupported_grant_type", `Unsupported grant type: ${form["grant_type"]}`);
      if (form["requested_token_type"] !== "urn:ietf:params:oauth:token-type:access_token") return refuse("invalid_request", "Invalid requested token type");
      if (form["subject_token_type"] !== "urn:ietf:params:oauth:token-type:jwt" && form["subject_token_type"] !== "urn:ietf:params:oauth:token-type:id_token") return refuse("invalid_request", "Invalid subject token type");
      if (form["audience"] !== this.options.audience) return refuse("invalid_target", "The target service indicated by the \"audience\" parameters is invalid.");
      if (this.refuseExchange || form["subject_token"] !== this.idToken) {
        return refuse("unauthorized_client", "The given credential is rejected by the attribute condition.");
      }
      return send(200, { access_token: this.federatedToken, issued_token_type: "urn:ietf:params:oauth:token-type:access_token", token_type: "Bearer", expires_in: 3600 }, { form });
    }

    const impersonate = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(url.pathname);
    if (req.method === "POST" && impersonate) {
      const json = raw.length > 0 ? (JSON.parse(raw) as unknown) : undefined;
      const error = (status: number, code: string, message: string) => send(status, { error: { code: status, message, status: code } }, { json });
      if (req.headers.authorization !== `Bearer ${this.federatedToken}`) return error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
      if (decodeURIComponent(impersonate[1] ?? "") !== this.options.serviceAccount) {
        return error(403, "PERMISSION_DENIED", "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).");
      }
      const scope = (json as { scope?: unknown } | undefined)?.scope;
      if (!Array.isArray(scope) || scope.length === 0) return error(400, "INVALID_ARGUMENT", "Scope required.");
      return send(200, { accessToken: this.serviceAccountToken, expireTime: new Date(Date.now() + 3_600_000).toISOString() }, { json });
    }
    send(404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
  }
}
