// The planted-secret corpus (every kind of credential and personal datum, in every place real logs
// carry them) and the look-alike corpus (hashes, UUIDs, trace ids… that must stay readable).
import { BASE62, DIGITS, FAKE_SECRETS, HEX, LOWER, privateKeyBlock, seededRandom, UPPER, type Random } from "./fake-secrets.js";

export type Place = "message" | "json-field" | "url" | "header" | "traceback" | "text-line" | "escaped-json";

export interface PlantedEntry {
  readonly id: string;
  readonly kind: string;
  readonly place: Place;
  /** Values that must not appear, whole or in part, in anything written. */
  readonly secrets: readonly string[];
  /** A Cloud Logging LogEntry, or a plain text line. */
  readonly entry: Readonly<Record<string, unknown>> | string;
}

export interface LookAlikeEntry {
  readonly id: string;
  readonly kind: string;
  /** Values that must come out unchanged. */
  readonly values: readonly string[];
  readonly entry: Readonly<Record<string, unknown>> | string;
}

let clock = Date.UTC(2025, 8, 14, 18, 0, 0);
function logEntry(r: Random, payload: Record<string, unknown>): Record<string, unknown> {
  clock += 1_000 + r.int(5_000);
  return {
    insertId: r.chars(LOWER + DIGITS, 14),
    severity: r.pick(["ERROR", "WARNING", "CRITICAL"]),
    timestamp: new Date(clock).toISOString(),
    logName: "projects/demo-project/logs/run.googleapis.com%2Fstderr",
    resource: { type: "cloud_run_revision", labels: { service_name: "api", revision_name: "api-00042-abc", location: "us-central1" } },
    ...payload,
  };
}

const json = (r: Random, fields: Record<string, unknown>) => logEntry(r, { jsonPayload: fields });
const text = (r: Random, line: string) => logEntry(r, { textPayload: line });
const url = (r: Random, requestUrl: string, message = "request failed") =>
  logEntry(r, { httpRequest: { requestMethod: "GET", requestUrl, status: 401, remoteIp: "198.51.100.23" }, jsonPayload: { message } });
const traceback = (r: Random, line: string, error: string) =>
  text(
    r,
    `Traceback (most recent call last):\n  File "/app/server/handlers.py", line 88, in dispatch\n    ${line}\n  File "/usr/local/lib/python3.12/site-packages/httpx/_client.py", line 1015, in send\n    raise HTTPStatusError(message)\n${error}`,
  );

type Builder = (r: Random, v: string) => { place: Place; entry: Record<string, unknown> | string };

/** Where a credential of each kind turns up. */
function placesFor(kind: string, key: string, header: string, scheme: string): Builder[] {
  const headerValue = (v: string) => (scheme === "" ? v : `${scheme} ${v}`);
  return [
    (r, v) => ({ place: "message", entry: json(r, { message: `upstream rejected credentials ${v} for tenant t-${r.int(99)}` }) }),
    (r, v) => ({ place: "message", entry: json(r, { message: `config loaded: ${key}=${v} region=us-central1` }) }),
    (r, v) => ({ place: "json-field", entry: json(r, { message: "auth failed", context: { [key]: v, attempt: 2 } }) }),
    (r, v) => ({ place: "url", entry: url(r, `https://api.example.com/v1/items?${key}=${encodeURIComponent(v)}&page=2`) }),
    (r, v) => ({ place: "header", entry: json(r, { message: "outbound call failed", request: { headers: { [header]: headerValue(v), Accept: "application/json" } } }) }),
    (r, v) => ({ place: "header", entry: text(r, `HTTP 401 from upstream; sent headers: ${header}: ${headerValue(v)}`) }),
    (r, v) => ({ place: "traceback", entry: traceback(r, `resp = client.get(url, headers={'${header}': '${headerValue(v)}'})`, `httpx.HTTPStatusError: 401 Unauthorized (${kind})`) }),
    (r, v) => ({ place: "escaped-json", entry: json(r, { message: `body={\\"${key}\\":\\"${v}\\",\\"ok\\":false}` }) }),
    (r, v) => ({ place: "text-line", entry: `2025-09-14 18:32:12,545 ERROR [worker-3] retrying with ${key}: "${v}" after 401` }),
  ];
}

interface SecretKind {
  readonly kind: string;
  readonly make: (r: Random) => string;
  readonly key: string;
  readonly header: string;
  readonly scheme: string;
}

const SECRET_KINDS: readonly SecretKind[] = [
  { kind: "jwt", make: FAKE_SECRETS.jwt, key: "id_token", header: "Authorization", scheme: "Bearer" },
  { kind: "bearer-opaque", make: FAKE_SECRETS.opaqueToken, key: "access_token", header: "Authorization", scheme: "Bearer" },
  { kind: "github-classic", make: FAKE_SECRETS.githubClassic, key: "github_token", header: "Authorization", scheme: "token" },
  { kind: "github-oauth", make: FAKE_SECRETS.githubOauth, key: "token", header: "Authorization", scheme: "Bearer" },
  { kind: "github-app", make: FAKE_SECRETS.githubApp, key: "installation_token", header: "Authorization", scheme: "token" },
  { kind: "github-fine-grained", make: FAKE_SECRETS.githubFineGrained, key: "GH_TOKEN", header: "Authorization", scheme: "Bearer" },
  { kind: "google-api-key", make: FAKE_SECRETS.googleApiKey, key: "key", header: "X-Goog-Api-Key", scheme: "" },
  { kind: "google-oauth-access", make: FAKE_SECRETS.googleOauthAccess, key: "access_token", header: "Authorization", scheme: "Bearer" },
  { kind: "google-oauth-refresh", make: FAKE_SECRETS.googleOauthRefresh, key: "refresh_token", header: "X-Refresh-Token", scheme: "" },
  { kind: "google-client-secret", make: FAKE_SECRETS.googleClientSecret, key: "client_secret", header: "X-Client-Secret", scheme: "" },
  { kind: "aws-access-key-id", make: FAKE_SECRETS.awsAccessKeyId, key: "AWS_ACCESS_KEY_ID", header: "X-Amz-Access-Key", scheme: "" },
  { kind: "aws-secret-access-key", make: FAKE_SECRETS.awsSecretAccessKey, key: "aws_secret_access_key", header: "X-Amz-Secret", scheme: "" },
  { kind: "slack-bot", make: FAKE_SECRETS.slackBot, key: "slack_token", header: "Authorization", scheme: "Bearer" },
  { kind: "stripe-live", make: FAKE_SECRETS.stripeLive, key: "stripe_key", header: "Authorization", scheme: "Bearer" },
  { kind: "stripe-restricted", make: FAKE_SECRETS.stripeRestricted, key: "api_key", header: "Authorization", scheme: "Basic" },
  { kind: "password", make: FAKE_SECRETS.password, key: "password", header: "X-Db-Password", scheme: "" },
  { kind: "generic-secret", make: FAKE_SECRETS.opaqueToken, key: "secret", header: "X-Webhook-Secret", scheme: "" },
  { kind: "generic-api-key", make: FAKE_SECRETS.opaqueToken, key: "api_key", header: "X-API-Key", scheme: "" },
  // Shapes no rule was written for: only the key name or entropy can catch them.
  { kind: "new-vendor-key", make: FAKE_SECRETS.newVendorKey, key: "api_key", header: "X-Zq-Key", scheme: "" },
  { kind: "unusual-header-token", make: FAKE_SECRETS.unusualHeaderToken, key: "session_key", header: "X-Acme-Session-Sig", scheme: "" },
  // No secret-ish name anywhere: only the free-standing entropy rule stands between it and the output.
  { kind: "nameless-random-token", make: FAKE_SECRETS.opaqueToken, key: "ref", header: "X-Vendor-Ref", scheme: "" },
];

function otherEntries(r: Random): PlantedEntry[] {
  const out: PlantedEntry[] = [];
  const add = (kind: string, place: Place, secrets: string[], entry: Record<string, unknown> | string) =>
    out.push({ id: `${kind}/${place}/${out.length}`, kind, place, secrets, entry });

  // Service-account key file contents, the way client libraries log a bad credentials file.
  const body = FAKE_SECRETS.privateKeyBody(r);
  const keyId = FAKE_SECRETS.privateKeyId(r);
  const saKey = { type: "service_account", project_id: "demo-project", private_key_id: keyId, private_key: privateKeyBlock(body), client_email: "runner@demo-project.iam.gserviceaccount.com" };
  add("service-account-key", "json-field", [...body.split("\n"), keyId], json(r, { message: "could not load credentials", credentials: saKey }));
  add("service-account-key", "message", body.split("\n"), json(r, { message: `invalid credentials file: ${JSON.stringify(saKey)}` }));
  const rsa = FAKE_SECRETS.privateKeyBody(r);
  add("private-key-block", "text-line", rsa.split("\n"), text(r, `ssh: loaded key\n${privateKeyBlock(rsa, "RSA PRIVATE KEY")}`));
  const cut = FAKE_SECRETS.privateKeyBody(r);
  add("private-key-block", "message", cut.split("\n"), json(r, { message: `key material (truncated): -----BEGIN OPENSSH PRIVATE KEY-----\n${cut}` }));

  // Credentials in URLs.
  for (const scheme of ["postgres", "redis", "https", "amqp", "mongodb+srv"]) {
    const pass = FAKE_SECRETS.password(r);
    const target = `${scheme}://svc_user:${pass}@db-${r.int(9)}.internal:5432/app`;
    add("url-credentials", "message", [pass], json(r, { message: `connection to ${target} refused` }));
    add("url-credentials", "json-field", [pass], json(r, { message: "pool error", dsn: target }));
  }
  const gitToken = FAKE_SECRETS.githubApp(r);
  add("url-credentials", "text-line", [gitToken], `fatal: unable to access 'https://x-access-token:${gitToken}@github.com/acme/app.git/': 403`);

  // Basic auth with a real user:password inside.
  const basic = Buffer.from(`deploy:${FAKE_SECRETS.password(r)}`).toString("base64");
  add("basic-auth", "header", [basic], text(r, `proxy said 407; Proxy-Authorization: Basic ${basic}`));
  add("basic-auth", "json-field", [basic], json(r, { message: "denied", headers: { authorization: `Basic ${basic}` } }));

  // AWS pair as environment dump and as a traceback local.
  const id = FAKE_SECRETS.awsAccessKeyId(r);
  const secret = FAKE_SECRETS.awsSecretAccessKey(r);
  add("aws-pair", "text-line", [id, secret], `env: AWS_ACCESS_KEY_ID=${id} AWS_SECRET_ACCESS_KEY=${secret} AWS_REGION=us-east-1`);
  add("aws-pair", "traceback", [id, secret], traceback(r, `boto3.client('s3', aws_access_key_id='${id}', aws_secret_access_key='${secret}')`, "botocore.exceptions.ClientError: InvalidAccessKeyId"));
  add("aws-pair", "json-field", [secret], json(r, { message: "sts", Credentials: { AccessKeyId: id, SecretAccessKey: secret, SessionToken: FAKE_SECRETS.opaqueToken(r) } }));

  // A free-standing key with no name next to it.
  const loose = FAKE_SECRETS.awsSecretAccessKey(r);
  add("high-entropy", "message", [loose], json(r, { message: `signature mismatch, computed with ${loose}` }));

  // Slack webhook and cookies.
  const hook = `T${r.chars(UPPER + DIGITS, 8)}/B${r.chars(UPPER + DIGITS, 8)}/${r.chars(BASE62, 24)}`;
  add("slack-webhook", "url", [hook.split("/")[2] ?? hook], url(r, `https://hooks.slack.com/services/${hook}`, "webhook post failed"));
  const sessionCookie = FAKE_SECRETS.opaqueToken(r);
  add("cookie", "header", [sessionCookie], text(r, `Cookie: theme=dark; session=${sessionCookie}; lang=en`));
  add("cookie", "json-field", [sessionCookie], json(r, { message: "csrf", request: { headers: { "set-cookie": `sid=${sessionCookie}; Path=/; HttpOnly` } } }));

  // Personal data.
  for (let i = 0; i < 6; i += 1) {
    const email = `${r.pick(["alice", "bob.smith", "c.dupont", "dev+alerts"])}${r.int(999)}@${r.pick(["gmail.com", "example.co.uk", "corp.io"])}`;
    const ip = `${1 + r.int(222)}.${r.int(256)}.${r.int(256)}.${1 + r.int(254)}`;
    const ip6 = `2001:db8:${r.chars(HEX, 4)}:${r.chars(HEX, 3)}::${r.chars(HEX, 2)}`;
    const phone = `+1 (${200 + r.int(700)}) ${100 + r.int(900)}-${1000 + r.int(9000)}`;
    const user = `${r.pick(["jdoe", "maria", "kwame"])}${r.int(99)}`;
    add("email", "message", [email], json(r, { message: `DATABASE USER AUTO-CREATE: user ${email} not found` }));
    add("email", "json-field", [email], logEntry(r, { protoPayload: { authenticationInfo: { principalEmail: email } }, jsonPayload: { message: "denied" } }));
    add("ip", "json-field", [ip], url(r, `https://api.example.com/x`, `client ${ip} blocked`));
    add("ip", "message", [ip6], json(r, { message: `connection from [${ip6}]:443 reset` }));
    add("phone", "message", [phone], json(r, { message: `SMS to ${phone} failed: carrier timeout` }));
    add("home-path", "traceback", [`/home/${user}`], traceback(r, `open('/home/${user}/.config/app.yaml')`, "FileNotFoundError"));
  }
  moreKinds(r, add);
  return out;
}

/** Sums to a multiple of 10 (Luhn): the last digit is chosen to make it so. */
function luhnComplete(prefix: string, length: number, r: Random): string {
  let digits = prefix + r.chars(DIGITS, length - prefix.length - 1);
  for (let d = 0; d <= 9; d += 1) {
    const candidate = `${digits}${d}`;
    let sum = 0;
    for (let i = candidate.length - 1, double = false; i >= 0; i -= 1, double = !double) {
      let v = candidate.charCodeAt(i) - 48;
      if (double) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return candidate;
  }
  return digits;
}

/** Kinds a corpus written apart from the rules found past redaction: five places or more each. */
function moreKinds(r: Random, add: (kind: string, place: Place, secrets: string[], entry: Record<string, unknown> | string) => void): void {
  for (let i = 0; i < 6; i += 1) {
    const pass = FAKE_SECRETS.password(r);
    add("url-empty-user", i % 2 === 0 ? "message" : "json-field", [pass], i % 2 === 0 ? json(r, { message: `redis error: redis://:${pass}@cache-${r.int(9)}:6379/0 unreachable` }) : json(r, { message: "broker", url: `amqp://:${pass}@mq.internal:5672/vhost` }));
    const basic = Buffer.from(`svc:${FAKE_SECRETS.password(r)}`).toString("base64");
    add("basic-lowercase", i % 2 === 0 ? "text-line" : "header", [basic], i % 2 === 0 ? `proxy log: authorization: basic ${basic} -> 407` : text(r, `upstream headers: authorization: BASIC ${basic}`));
    const digest = r.chars(HEX, 32);
    add("digest-response", "header", [digest], text(r, `Authorization: Digest username="ops", realm="api", nonce="${r.chars(HEX, 16)}", uri="/x", response="${digest}", qop=auth`));
    const jsonPass = FAKE_SECRETS.password(r);
    add("urlencoded-json-password", "url", [jsonPass], url(r, `https://api.example.com/login?payload=${encodeURIComponent(JSON.stringify({ user: "bob", password: jsonPass }))}&v=2`));
    const sshpass = FAKE_SECRETS.password(r);
    add("sshpass", "text-line", [sshpass], `deploy.sh: running sshpass -p ${sshpass} ssh deploy@10.0.0.${1 + r.int(200)} 'systemctl restart api'`);
    const mysql = FAKE_SECRETS.password(r);
    add("mysql-p", "message", [mysql], json(r, { message: `backup failed: mysqldump -u root -p${mysql} --all-databases exited 2` }));
    const longOpt = FAKE_SECRETS.password(r);
    add("password-option", i % 2 === 0 ? "message" : "text-line", [longOpt], i % 2 === 0 ? json(r, { message: `exec: pg_restore --host db --password ${longOpt} dump.sql` }) : `cmd: vault login --password=${longOpt} -method=userpass`);
    const azure = `${r.chars(BASE62, 3)}${r.int(10)}Q~${r.chars(BASE62 + "_.-", 34)}`;
    add("azure-ad-client-secret", i % 2 === 0 ? "message" : "json-field", [azure], i % 2 === 0 ? json(r, { message: `AADSTS7000215: invalid client secret provided ${azure}` }) : json(r, { message: "msal", config: { clientCredential: azure } }));
    const mailgun = `key-${r.chars(HEX, 32)}`;
    add("mailgun-key", "message", [mailgun], json(r, { message: `mailgun send failed with api ${mailgun} (401)` }));
    const sid = `AC${r.chars(HEX, 32)}`;
    const twilioToken = r.chars(HEX, 32);
    add("twilio-sid-token", "message", [sid, twilioToken], json(r, { message: `twilio client init ${sid} ${twilioToken} failed` }));
    const reset = FAKE_SECRETS.password(r);
    add("reset-password-prose", "message", [reset], json(r, { message: `Support note: reset password to ${reset} for user 4411, ask them to change it` }));
    const hexKey = `0x${r.chars(HEX, 64)}`;
    add("hex-private-key", "message", [hexKey], json(r, { message: `signer loaded from ${hexKey} on chain 1` }));
    const email = `${r.pick(["carol", "dave", "erin"])}+vip${r.int(99)}@example.com`;
    add("urlencoded-email", "url", [email], url(r, `https://api.example.com/users?email=${encodeURIComponent(email)}&active=1`, "lookup failed"));
    const card = r.pick([() => luhnComplete("4", 16, r), () => luhnComplete("5" + (1 + r.int(5)), 16, r), () => luhnComplete("3" + r.pick(["4", "7"]), 15, r)])();
    const grouped = card.length === 16 ? card.replace(/(\d{4})(?=\d)/g, "$1 ") : card;
    add("payment-card", i % 2 === 0 ? "message" : "json-field", [card, grouped], i % 2 === 0 ? json(r, { message: `charge declined for card ${grouped} (insufficient funds)` }) : json(r, { message: "charge", payment: { number: card, exp: "12/27" } }));
    const ssn = `${100 + r.int(565)}-${10 + r.int(89)}-${1000 + r.int(8999)}`;
    add("ssn", i % 2 === 0 ? "message" : "json-field", [ssn, ssn.replace(/-/g, "")], i % 2 === 0 ? json(r, { message: `KYC mismatch for applicant ssn ${ssn}` }) : json(r, { message: "kyc", applicant: { ssn: ssn.replace(/-/g, "") } }));
  }
}

export function plantedCorpus(seed = 7): PlantedEntry[] {
  const r = seededRandom(seed);
  const out: PlantedEntry[] = [];
  for (const kind of SECRET_KINDS) {
    for (const build of placesFor(kind.kind, kind.key, kind.header, kind.scheme)) {
      const value = kind.make(r);
      const { place, entry } = build(r, value);
      out.push({ id: `${kind.kind}/${place}/${out.length}`, kind: kind.kind, place, secrets: [value], entry });
    }
  }
  return [...out, ...otherEntries(r)];
}

/** Pieces of a secret that would still identify it: the whole, and every 12-character window of it. */
export const FRAGMENT_LENGTH = 12;
export function fragmentsOf(secret: string): string[] {
  if (secret.length <= FRAGMENT_LENGTH) return [secret];
  return Array.from({ length: secret.length - FRAGMENT_LENGTH + 1 }, (_, i) => secret.slice(i, i + FRAGMENT_LENGTH));
}

/** Look-alikes the rules are expected to mask anyway (random-looking by nature): counted in the false-positive rate. */
export const KNOWN_HARD_KIND = "base64-digest";

/** Things that look like secrets and are not: they must survive redaction unchanged. */
export function lookAlikeCorpus(seed = 11): LookAlikeEntry[] {
  const r = seededRandom(seed);
  const out: LookAlikeEntry[] = [];
  const add = (kind: string, values: string[], entry: Record<string, unknown> | string) => out.push({ id: `${kind}/${out.length}`, kind, values, entry });
  const uuid = () => `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-a${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;
  for (let i = 0; i < 10; i += 1) {
    const sha = r.chars(HEX, 40);
    const sha256 = r.chars(HEX, 64);
    const md5 = r.chars(HEX, 32);
    const id = uuid();
    const trace = r.chars(HEX, 32);
    const span = r.chars(DIGITS, 19);
    const ulid = `01${r.chars("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 24)}`;
    const instance = r.chars(HEX, 96);
    const stripeObject = `ch_${r.chars(BASE62, 24)}`;
    const firebaseUid = r.chars(BASE62, 28);
    const revision = `api-000${r.int(99)}-${r.chars(LOWER, 3)}`;
    const version = `${r.int(9)}.${r.int(20)}.${r.int(30)}`;
    const javaClass = "org.springframework.web.servlet.DispatcherServlet";
    const timestamp = new Date(Date.UTC(2025, 8, 14, r.int(24), r.int(60), r.int(60))).toISOString();
    add("git-sha", [sha], json(r, { message: `deployed commit ${sha} to production`, commit: sha }));
    add("sha256", [sha256, md5], json(r, { message: `digest sha256:${sha256} md5=${md5} verified`, checksum: sha256 }));
    add("uuid", [id], json(r, { message: `request ${id} failed`, request_id: id, user_id: uuid() }));
    add("trace", [trace, span], logEntry(r, { trace: `projects/demo-project/traces/${trace}`, spanId: span, jsonPayload: { message: `X-Cloud-Trace-Context: ${trace}/${span};o=1` } }));
    add("ulid", [ulid], json(r, { message: `job ${ulid} retried`, job_id: ulid }));
    add("instance-id", [instance], logEntry(r, { labels: { instanceId: instance }, textPayload: `instance ${instance} shutting down` }));
    add("object-ids", [stripeObject, firebaseUid], json(r, { message: `charge ${stripeObject} for uid ${firebaseUid} declined`, charge: stripeObject }));
    add("names", [revision, version, javaClass, timestamp], json(r, { message: `${javaClass} v${version} on ${revision} at ${timestamp}` }));
    add("token-words", ["token_count", "max_tokens"], json(r, { message: `token_count=${r.int(9000)} exceeds max_tokens`, token_type: "Bearer", max_tokens: 4096 }));
    add("redacted-marker", ["AUTH=REDACTED", "JWT=REDACTED"], json(r, { message: "[🔑] GOLDEN PATH AUTH=REDACTED permissive authentication; auto-creating from JWT=REDACTED" }));
    add("prose", ["Invalid password: user not found", "bearer authentication failed"], json(r, { message: "Invalid password: user not found; bearer authentication failed" }));
    add("paths", ["/usr/local/lib/python3.12/site-packages/httpx/_client.py", "/home/runner/work/app"], text(r, 'File "/usr/local/lib/python3.12/site-packages/httpx/_client.py" in /home/runner/work/app'));
    const goroutine = `0x${r.chars(HEX, 12)}`;
    const pod = `api-${r.chars(LOWER + DIGITS, 10)}-${r.chars(LOWER + DIGITS, 5)}`;
    add("stack-frames", [goroutine, pod], text(r, `goroutine 17 [running]:\nmain.handler(${goroutine}, 0x0)\n\t/src/main.go:42 +0x1d on pod ${pod}`));
    add("user-agent", ["Chrome/120.0.0.0", "Safari/537.36"], url(r, "https://api.example.com/health", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"));
    const digest = `sha256:${r.chars(HEX, 64)}`;
    add("image-digest", [digest], json(r, { message: `pulled gcr.io/demo/api@${digest}` }));
    const md5b64 = Buffer.from(r.chars(HEX, 16)).toString("base64").slice(0, 22) + "==";
    add("content-hash", [md5b64], json(r, { message: `x-goog-hash: md5=${md5b64} mismatch` }));
    // Known hard case: a base64 SHA-256 digest is as random as a key; the free-standing rule masks it.
    const sha256b64 = Buffer.from(r.chars(HEX, 64), "hex").toString("base64");
    add(KNOWN_HARD_KIND, [sha256b64], json(r, { message: `integrity sha256-${sha256b64} failed` }));
    const tenant = `tenant-${r.chars(DIGITS, 8)}`;
    add("ids-beside-key-names", ["icon@2x.png", tenant], json(r, { message: "static asset missing: /static/icon@2x.png", partition_key: tenant }));
    add("duration-and-ports", ["127.0.0.1:8080", "latency_ms=1234"], json(r, { message: `listening on 127.0.0.1:8080 latency_ms=1234 at 18:32:12` }));
    const quad = `${1 + r.int(20)}.${r.int(10)}.${r.int(10)}.${r.int(99)}`;
    add("version-quad", [quad], json(r, { message: `agent upgraded to version ${quad}; restart pending` }));
    const invoice = `${200 + r.int(700)}-${100 + r.int(900)}-${1000 + r.int(9000)}`;
    add("invoice-number", [invoice], json(r, { message: `payment reminder for invoice ${invoice} failed to send` }));
    // Card-length numbers that fail Luhn or carry no card prefix: order numbers, span ids.
    const luhnOk = luhnComplete("4", 16, r);
    const notLuhn = `${luhnOk.slice(0, 15)}${(Number(luhnOk.slice(15)) + 1) % 10}`;
    const orderId = `9${r.chars(DIGITS, 15)}`;
    add("card-length-ids", [notLuhn, orderId], json(r, { message: `order ${orderId} ref ${notLuhn} not found` }));
    const longSpan = luhnComplete("4", 19, r);
    add("span-id-19-digits", [longSpan], logEntry(r, { spanId: longSpan, jsonPayload: { message: `span ${longSpan} closed` } }));
    const notSsn = `${r.pick(["000", "666", "900"])}-${10 + r.int(89)}-${1000 + r.int(8999)}`;
    add("ssn-shaped-not-issued", [notSsn], json(r, { message: `part ${notSsn} back-ordered` }));
    const txDate = `2025-09-${String(1 + r.int(28)).padStart(2, "0")}`;
    add("dates", [txDate], json(r, { message: `settlement for ${txDate} delayed` }));
  }
  return out;
}
