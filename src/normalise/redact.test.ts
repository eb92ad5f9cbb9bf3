import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { UsageError } from "../model/errors.js";
import fc from "fast-check";
import { createRedactor, isInertText, TOO_DEEP, type RedactionOptions } from "./redact.js";
import { MAX_VALUE_DEPTH } from "./mojibake.js";
import { FAKE_SECRETS, seededRandom } from "../../test/safety/fake-secrets.js";

const defaults: RedactionOptions = { maskEmails: true, maskIpAddresses: true, maskPhoneNumbers: true, customPatterns: [], allow: [], hashKey: "unit" };
const redact = (text: string, options: Partial<RedactionOptions> = {}): string => createRedactor({ ...defaults, ...options }).redactText(text);
const TOKEN = "<[a-z0-9-]+:[0-9a-f]{6}>";
const r = seededRandom(3);

describe("redactText: secrets by shape", () => {
  const cases: readonly [string, string, RegExp][] = [
    ["a JWT", `id ${FAKE_SECRETS.jwt(r)} bad`, /^id <jwt:[0-9a-f]{6}> bad$/],
    ["a GitHub classic token", `t=${FAKE_SECRETS.githubClassic(r)}`, /^t=<github-token:[0-9a-f]{6}>$/],
    ["a Google API key in a query string", `GET /geocode?address=x&key=${FAKE_SECRETS.googleApiKey(r)}`, /key=<google-api-key:[0-9a-f]{6}>$/],
    ["an AWS access key id", `using ${FAKE_SECRETS.awsAccessKeyId(r)} now`, /^using <aws-access-key:[0-9a-f]{6}> now$/],
    ["a Bearer credential keeping the scheme", `Authorization: Bearer ${FAKE_SECRETS.opaqueToken(r)}`, new RegExp(`^Authorization: Bearer ${TOKEN}$`)],
    ["URL credentials (percent-encoded, as a URL requires)", `postgres://app:${encodeURIComponent(FAKE_SECRETS.password(r))}@db:5432/x`, /^postgres:\/\/<url-credentials:[0-9a-f]{6}>@db:5432\/x$/],
    ["URL credentials written unencoded, with a ? in the password", "postgres://app:Winter197?qdt@db:5432/x", /^postgres:\/\/<url-credentials:[0-9a-f]{6}>@db:5432\/x$/],
    ["a password assignment", "login password=hunter2 failed", /^login password=<password:[0-9a-f]{6}> failed$/],
    ["a quoted JSON secret inside text", 'body {"client_secret": "abc123"}', /^body \{"client_secret": "<secret:[0-9a-f]{6}>"\}$/],
    ["an unknown vendor key beside api_key", `api_key=${FAKE_SECRETS.newVendorKey(r)}`, /^api_key=<api-key:[0-9a-f]{6}>$/],
    ["a random value in an unusual header", `X-Acme-Sig: ${FAKE_SECRETS.unusualHeaderToken(r)}`, /^X-Acme-Sig: <secret:[0-9a-f]{6}>$/],
    ["an email", "user alice@example.com", /^user <email:[0-9a-f]{6}>$/],
    ["an IPv4 address", "from 203.0.113.9.", /^from <ip:[0-9a-f]{6}>\.$/],
    ["a phone number", "sms +44 20 7946 0958 failed", /^sms <phone:[0-9a-f]{6}> failed$/],
    ["a home directory user", "/home/alice/app.py", /^\/home\/<user:[0-9a-f]{6}>\/app\.py$/],
  ];
  for (const [name, input, expected] of cases) test(`masks ${name}`, () => assert.match(redact(input), expected));
});

describe("redactText: keeps what is not secret", () => {
  const cases: readonly [string, string][] = [
    ["an already-redacted marker", "GOLDEN PATH AUTH=REDACTED from JWT=REDACTED"],
    ["a git SHA", "commit 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"],
    ["a UUID request id", "request_id=550e8400-e29b-41d4-a716-446655440000"],
    ["prose about a password", "Invalid password: user not found"],
    ["a token count", "token_count=512 max_tokens=4096"],
    ["loopback and times", "listening on 127.0.0.1:8080 at 18:32:12"],
    ["a service user's home", "/home/runner/work/app"],
    ["a retina image name", "GET /static/icon@2x.png 404"],
    ["a service-account identity", "caller runner@demo-project.iam.gserviceaccount.com denied"],
    ["a one-case id beside a key-ish name", "partition_key=tenant-12345678"],
  ];
  for (const [name, input] of cases) test(`keeps ${name}`, () => assert.equal(redact(input), input));
});

describe("tokens", () => {
  test("the same value gives the same token within a run", () => {
    const redactor = createRedactor(defaults);
    assert.equal(redactor.redactText("a@example.com"), redactor.redactText("x a@example.com").slice(2));
  });
  test("different run keys give different tokens", () => assert.notEqual(redact("a@example.com", { hashKey: "one" }), redact("a@example.com", { hashKey: "two" })));
  test("redacting twice changes nothing more", () => {
    const once = redact(`password=hunter2 ${FAKE_SECRETS.jwt(r)} bob@corp.io 198.51.100.4`);
    assert.equal(redact(once), once);
  });
});

describe("configuration", () => {
  test("keeps emails, IPs and phones when told to", () => {
    const text = "bob@corp.io 198.51.100.4 +1 (555) 123-4567";
    assert.equal(redact(text, { maskEmails: false, maskIpAddresses: false, maskPhoneNumbers: false }), text);
  });
  test("applies a custom pattern, masking its secret group", () =>
    assert.equal(redact("employee E-123456 left", { customPatterns: [{ name: "employee", pattern: "E-(?<secret>\\d{6})" }] }).replace(/[0-9a-f]{6}>/, "h>"), "employee E-<employee:h> left"));
  test("the allow-list keeps an exact value", () => assert.equal(redact("user test@example.com", { allow: ["test@example\\.com"] }), "user test@example.com"));
  test("an invalid custom pattern is a usage error", () =>
    assert.throws(() => createRedactor({ ...defaults, customPatterns: [{ name: "bad", pattern: "(" }] }), UsageError));
});

describe("redactValue", () => {
  const redactor = createRedactor(defaults);
  test("key names decide in JSON and the Authorization scheme stays", () => {
    const out = redactor.redactValue({ headers: { Authorization: "Bearer abc123xyz" }, password: 1234, token_type: "Bearer", max_tokens: 100 }) as Record<string, Record<string, unknown>>;
    assert.match(String(out["headers"]?.["Authorization"]), new RegExp(`^Bearer ${TOKEN}$`));
    assert.match(String(out["password"]), new RegExp(`^${TOKEN}$`));
    assert.equal(out["token_type"], "Bearer");
    assert.equal(out["max_tokens"], 100);
  });
  test("a header list's name field classifies its value", () => {
    const out = redactor.redactValue([{ name: "X-Api-Key", value: "k3y-v4lue" }]) as { value: string }[];
    assert.match(out[0]?.value ?? "", new RegExp(`^${TOKEN}$`));
  });
  test("keys holding personal data are masked too", () => {
    const out = redactor.redactValue({ "bob@corp.io": 1 }) as Record<string, unknown>;
    assert.match(Object.keys(out)[0] ?? "", /^<email:/);
  });
});

describe("redactValue: hostile shapes", () => {
  test("replaces a subtree nested deeper than the limit instead of overflowing the stack", () => {
    const depth = 20_000;
    const value = JSON.parse(`${"[".repeat(depth)}"bob@corp.io"${"]".repeat(depth)}`) as unknown;
    let node = createRedactor(defaults).redactValue(value);
    let levels = 0;
    while (Array.isArray(node)) {
      node = node[0];
      levels += 1;
    }
    assert.equal(node, TOO_DEEP);
    assert.equal(levels, MAX_VALUE_DEPTH + 1);
  });
});

describe("inert text: what the redactor returns without running its passes", () => {
  // A custom pattern that never matches turns the inert shortcut off, so this redactor runs every pass.
  const fullPasses = createRedactor({ ...defaults, customPatterns: [{ name: "never", pattern: "\\u0000never" }] });
  const inertAlphabet = fc.constantFrom(..."abcxyzABCXYZ0123456789_.-".split(""));
  test("every string taken for inert comes out of the full passes unchanged", () =>
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: inertAlphabet, maxLength: 40 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())), (text) => {
        if (isInertText(text)) assert.equal(fullPasses.redactText(text), text);
      }),
      { numRuns: 3000 },
    ));
  test("lowercase hex of any length comes out of the full passes unchanged", () =>
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."0123456789abcdef".split("")), minLength: 1, maxLength: 80 }), (hex) => {
        assert.equal(fullPasses.redactText(hex), hex);
        assert.equal(redact(hex), hex);
      }),
      { numRuns: 500 },
    ));
  test("lowercase paths and names come out of the fast path as out of the full passes", () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom(..."abcdefhkmnoprstuxy0123456789/-".split("")), maxLength: 12 }),
      fc.constantFrom("sk-", "/home/", "/home/alice/", "555-123-4567", "xox", "xoxb-1234-5678-abcdefgh", "shp", "1//", "projects/p/traces/", "ya29", "glpat-"),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }).map((parts) => parts.join("")), (text) => {
        assert.equal(redact(text), fullPasses.redactText(text));
      }),
      { numRuns: 3000 },
    );
  });
  const table: readonly [string, boolean][] = [
    ["WARNING", true],
    ["a6tyqm95o7pv8o", true],
    ["2025-09-14T00:00:00.004381+00:00", true],
    ["2025-09-14T00:00:00.679009451Z", true],
    ["netra_backend.app.routes", true],
    ["203.0.113.9", false],
    ["555-123-4567", false],
    ["f6eb163eacf5b4d4", false],
    ["key=value", false],
    ["a@b.co", false],
  ];
  for (const [text, inert] of table) test(`${JSON.stringify(text)} is ${inert ? "" : "not "}inert`, () => assert.equal(isInertText(text), inert));
});

describe("shapes that used to get past redaction", () => {
  const cases: [string, string, string][] = [
    ["a URL password with an empty user", "redis://:s3cretPw42@cache:6379/0", "s3cretPw42"],
    ["lower-case basic credentials", "authorization: basic ZGVwbG95Omh1bnRlcjI=", "ZGVwbG95Omh1bnRlcjI="],
    ["a Digest response", 'Authorization: Digest username="bob", nonce="abc", response="6629fae49393a05397450978507c4ef1"', "6629fae49393a05397450978507c4ef1"],
    ["a password in URL-encoded JSON in a query string", "GET /login?payload=%7B%22password%22%3A%22Hunter2x9%22%7D&v=2", "Hunter2x9"],
    ["sshpass -p", "sshpass -p Winter2024 ssh deploy@host", "Winter2024"],
    ["mysql -p with the password attached", "mysqldump -u root -pS3cretX --all-databases", "S3cretX"],
    ["--password with a space", "pg_restore --password Sup3rPw dump.sql", "Sup3rPw"],
    ["an Azure AD client secret", "invalid client secret abc8Q~Xy1.ZqWk3_vB9nLm2pQr5sTu7wXy0AbCdEf", "Xy1.ZqWk3_vB9nLm2pQr5"],
    ["a Mailgun key", "send failed with key-0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef"],
    ["a Twilio SID with its token", "twilio AC0123456789abcdef0123456789abcdef fedcba9876543210fedcba9876543210 failed", "fedcba9876543210fedcba9876543210"],
    ["a password reset in prose", "Support: reset password to Autumn77! for bob", "Autumn77!"],
    ["a 0x private key", "signer 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318 loaded", "4c0883a69102937d6231471b5dbb6204"],
    ["a URL-encoded email", "lookup ?email=carol%2Bvip%40example.com failed", "carol"],
    ["a Luhn-valid card in groups", "card 4111 1111 1111 1111 declined", "4111 1111 1111 1111"],
    ["a Luhn-valid card unbroken", "pan 5500000000000004", "5500000000000004"],
    ["an SSN by shape", "applicant 123-45-6789 failed KYC", "123-45-6789"],
    ["an SSN by context", "SSN: 123456789", "123456789"],
  ];
  for (const [name, text, secret] of cases) test(name, () => assert.ok(!redact(text).includes(secret), redact(text)));

  const kept: [string, string][] = [
    ["a four-part version", "agent upgraded to version 10.2.3.4"],
    ["an invoice number in phone shape", "reminder for invoice 555-123-4567 failed"],
    ["a card-length number that fails Luhn", "order 4111111111111112 not found"],
    ["a 19-digit span id", "span 4611686018427387904 closed"],
    ["a UUID whose first groups are digits", "POST /api/threads/41111111-1111-1111-110f-a68d571f33f4/messages 500"],
    ["an SSN shape the SSA never issues", "part 666-12-3456 back-ordered"],
    ["a Subresource Integrity digest", "integrity sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= failed"],
  ];
  for (const [name, text] of kept) test(`${name} is left alone`, () => assert.equal(redact(text), text));
});
