// Credentials with a documented shape, as data. Each rule names the vendor format it follows; the
// triggers are literal substrings checked before the regex runs, so text without them costs one scan.

export interface TokenRule {
  readonly id: string;
  /** Placeholder name: `<label:hash>`. */
  readonly label: string;
  /** One of these must occur (case-sensitive) before `pattern` is tried. */
  readonly triggers: readonly string[];
  /** Regex source; a named group `secret` narrows what is masked, else the whole match is. */
  readonly pattern: string;
  readonly flags?: string;
  /**
   * False for rules whose secret can be short (URL passwords, Basic credentials, key blocks): all
   * others hold a run of at least TOKEN_RUN_GATE base64 characters, a cheap test that skips most text.
   */
  readonly needsLongRun?: false;
  /** Extra check on the secret, for shapes that also occur in prose. */
  readonly accept?: (secret: string) => boolean;
  /** Where the shape is documented. */
  readonly reference: string;
}

/** Every rule without `needsLongRun: false` matches only text with a run of this many token characters. */
export const TOKEN_RUN_GATE = 16;

/** Token characters: a credential ends where these stop. */
const B = "(?<![A-Za-z0-9_-])";
const E = "(?![A-Za-z0-9_-])";

function decodesToUserPass(base64: string): boolean {
  try {
    return /^[^:\s]{1,256}:[^\s]*$/.test(atob(base64.replace(/[-_]/g, (c) => (c === "-" ? "+" : "/"))));
  } catch {
    return false;
  }
}

export const TOKEN_RULES: readonly TokenRule[] = [
  {
    id: "private-key",
    needsLongRun: false,
    label: "private-key",
    triggers: ["PRIVATE KEY"],
    // Through the END line, or to the end of the text when the block was cut off.
    pattern: "-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)",
    reference: "RFC 7468 textual encoding (PKCS#8, PKCS#1, EC, OpenSSH, PGP)",
  },
  {
    id: "url-credentials",
    needsLongRun: false,
    label: "url-credentials",
    triggers: ["://"],
    // user:password in the authority; the greedy password runs to the last `@` before the host. A `?` or `#`
    // is allowed in the password: URLs in logs are often written by hand, unencoded, and a leak costs more than a mask.
    // The user may be empty (`redis://:password@host`, Redis and AMQP URLs with a password only).
    pattern: "\\b[A-Za-z][A-Za-z0-9+.-]{0,30}://(?<secret>[^\\s/?#@:\"'<>\\\\]{0,256}:[^\\s/\"'<>\\\\]{1,256})@(?=[\\w\\[])",
    reference: "RFC 3986 §3.2.1 userinfo",
  },
  {
    id: "url-token-user",
    label: "url-credentials",
    triggers: ["://"],
    pattern: "\\b[A-Za-z][A-Za-z0-9+.-]{0,30}://(?<secret>[A-Za-z0-9_.~-]{16,256})@(?=[\\w\\[])",
    accept: (s) => /\d/.test(s) && /[A-Za-z]/.test(s),
    reference: "token as URL user (git remotes, Sentry DSNs)",
  },
  {
    id: "jwt",
    label: "jwt",
    triggers: ["eyJ"],
    // Header and payload are base64url JSON (`{"` → `eyJ`); JWS has 3 parts, JWE 5; the signature may be empty.
    pattern: `${B}eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)?${E}`,
    reference: "RFC 7519 / RFC 7515 compact serialisation",
  },
  {
    id: "github-token",
    label: "github-token",
    triggers: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    pattern: `${B}gh[pousr]_[A-Za-z0-9]{36,251}${E}`,
    reference: "GitHub token formats: classic PAT ghp_, OAuth gho_, user-to-server ghu_, app installation ghs_, refresh ghr_",
  },
  {
    id: "github-fine-grained-token",
    label: "github-token",
    triggers: ["github_pat_"],
    pattern: `${B}github_pat_[A-Za-z0-9_]{22,255}${E}`,
    reference: "GitHub fine-grained personal access token",
  },
  {
    id: "google-api-key",
    label: "google-api-key",
    triggers: ["AIza"],
    pattern: `${B}AIza[0-9A-Za-z_-]{35}${E}`,
    reference: "Google Cloud API keys",
  },
  {
    id: "google-oauth-access-token",
    label: "google-oauth-token",
    triggers: ["ya29."],
    pattern: `${B}ya29\\.[0-9A-Za-z_-]{20,}${E}`,
    reference: "Google OAuth 2.0 access tokens",
  },
  {
    id: "google-oauth-refresh-token",
    label: "google-oauth-token",
    triggers: ["1//"],
    pattern: "(?<![\\w/])1//0[0-9A-Za-z_-]{30,}",
    reference: "Google OAuth 2.0 refresh tokens",
  },
  {
    id: "google-oauth-client-secret",
    label: "google-client-secret",
    triggers: ["GOCSPX-"],
    pattern: `${B}GOCSPX-[0-9A-Za-z_-]{28}${E}`,
    reference: "Google OAuth client secrets",
  },
  {
    id: "aws-access-key-id",
    label: "aws-access-key",
    triggers: ["AKIA", "ASIA", "ABIA", "ACCA", "A3T"],
    pattern: "\\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b",
    reference: "AWS IAM unique identifier prefixes",
  },
  {
    id: "slack-token",
    label: "slack-token",
    triggers: ["xox"],
    pattern: `${B}xox(?:[abposr]|e\\.xox[bp]|e)-[0-9A-Za-z-]{10,}${E}`,
    reference: "Slack token types",
  },
  {
    id: "slack-app-token",
    label: "slack-token",
    triggers: ["xapp-"],
    pattern: `${B}xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+${E}`,
    reference: "Slack app-level tokens",
  },
  {
    id: "slack-webhook",
    label: "slack-webhook",
    triggers: ["hooks.slack.com"],
    pattern: "hooks\\.slack\\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9+/_-]{20,})",
    reference: "Slack incoming webhooks",
  },
  {
    id: "stripe-key",
    label: "stripe-key",
    triggers: ["sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"],
    pattern: `${B}(?:[sr]k_(?:live|test)_[0-9A-Za-z]{10,247}|whsec_[0-9A-Za-z+/=]{20,})${E}`,
    reference: "Stripe secret, restricted and webhook-signing keys",
  },
  {
    id: "npm-token",
    label: "npm-token",
    triggers: ["npm_"],
    pattern: `${B}npm_[A-Za-z0-9]{36}${E}`,
    reference: "npm access tokens",
  },
  {
    id: "gitlab-token",
    label: "gitlab-token",
    triggers: ["glpat-", "gloas-", "glrt-", "glptt-"],
    pattern: `${B}(?:glpat|gloas|glrt|glptt)-[0-9A-Za-z_.-]{20,}${E}`,
    reference: "GitLab token prefixes",
  },
  {
    id: "openai-anthropic-key",
    label: "api-key",
    triggers: ["sk-"],
    pattern: `${B}sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\\d{2}-)?[A-Za-z0-9_-]{20,}${E}`,
    accept: (s) => /\d/.test(s),
    reference: "OpenAI and Anthropic API keys",
  },
  {
    id: "sendgrid-key",
    label: "sendgrid-key",
    triggers: ["SG."],
    pattern: `${B}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}${E}`,
    reference: "SendGrid API keys",
  },
  {
    // Before the SID rule, which would hide the SID this one looks for.
    id: "twilio-auth-token",
    label: "twilio-token",
    triggers: ["AC"],
    pattern: "\\bAC[0-9a-f]{32}\\b[^\\n]{1,40}?(?<![0-9a-f])(?<secret>[0-9a-f]{32})(?![0-9a-f])",
    reference: "Twilio auth tokens (32 hex) beside their account SID",
  },
  {
    id: "mailgun-key",
    label: "mailgun-key",
    triggers: ["key-"],
    pattern: `${B}key-[0-9a-f]{32}${E}`,
    reference: "Mailgun private API keys",
  },
  {
    id: "azure-ad-client-secret",
    label: "azure-client-secret",
    triggers: ["Q~"],
    pattern: "(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])",
    reference: "Microsoft Entra ID (Azure AD) client secrets",
  },
  {
    id: "hex-private-key",
    label: "private-key",
    triggers: ["0x"],
    pattern: "(?<![A-Za-z0-9])0x[0-9a-fA-F]{64}(?![0-9A-Za-z])",
    reference: "secp256k1 private keys as 0x + 64 hex (Ethereum keystores, wallets)",
  },
  {
    id: "twilio-key",
    label: "twilio-key",
    triggers: ["SK", "AC"],
    pattern: "\\b(?:SK|AC)[0-9a-f]{32}\\b",
    reference: "Twilio API key and account SIDs",
  },
  {
    id: "huggingface-token",
    label: "huggingface-token",
    triggers: ["hf_"],
    pattern: `${B}hf_[A-Za-z]{34,}${E}`,
    reference: "Hugging Face user access tokens",
  },
  {
    id: "pypi-token",
    label: "pypi-token",
    triggers: ["pypi-AgE"],
    pattern: `${B}pypi-AgE[A-Za-z0-9_-]{50,}${E}`,
    reference: "PyPI API tokens (macaroons)",
  },
  {
    id: "digitalocean-token",
    label: "digitalocean-token",
    triggers: ["_v1_"],
    pattern: `${B}do[opr]_v1_[a-f0-9]{64}${E}`,
    reference: "DigitalOcean tokens",
  },
  {
    id: "shopify-token",
    label: "shopify-token",
    triggers: ["shp"],
    pattern: `${B}shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}${E}`,
    reference: "Shopify access tokens",
  },
  {
    id: "bearer-credential",
    needsLongRun: false,
    label: "token",
    triggers: ["earer"],
    // `bearer authentication failed` is prose: the credential needs a digit, a symbol or mixed case.
    pattern: "\\b[Bb]earer\\s+(?<secret>[A-Za-z0-9._~+/=-]{8,})",
    accept: (s) => !/^[a-z]+$/.test(s) && !/^[A-Z][a-z]+$/.test(s),
    reference: "RFC 6750 §2.1",
  },
  {
    id: "digest-response",
    needsLongRun: false,
    label: "credentials",
    triggers: ["response="],
    pattern: "\\bresponse=\"?(?<secret>[0-9a-fA-F]{32,128})",
    reference: "RFC 7616 Digest access authentication",
  },
  {
    id: "command-line-password",
    needsLongRun: false,
    label: "password",
    triggers: ["sshpass", "--pass", "mysql"],
    // `sshpass -p pw`, `mysql -u root -ppw` (no space: the documented form), `--password pw`, `--password=pw`.
    pattern: "(?:\\bsshpass\\s+-p\\s*|\\bmysql(?:dump|admin|sh)?\\b[^\\n|;&]{0,200}?\\s-p(?=[^\\s-])|(?<![\\w-])--pass(?:word|wd)(?:=|\\s+))[\"']?(?<secret>[^\\s\"']{1,256})",
    reference: "sshpass(1), mysql(1) -p, the --password option of most database clients",
  },
  {
    id: "spoken-password",
    needsLongRun: false,
    label: "password",
    triggers: ["password", "Password", "PASSWORD", "passwd"],
    // Prose: `reset password to Winter2024!`, `changed the password for bob to x`, `new password: x`.
    pattern: "\\b(?:(?:re)?set|chang(?:e|ed|ing)|updat(?:e|ed|ing)|new|temporary|temp|initial)\\s+(?:the\\s+|their\\s+|your\\s+|his\\s+|her\\s+)?pass(?:word|wd)(?:\\s+(?:for|of)\\s+\\S+)?\\s*(?:to|=|:|is)\\s*[\"']?(?<secret>[^\\s\"',;]{3,128})",
    flags: "i",
    reference: "passwords set by hand and logged in prose",
  },
  {
    id: "basic-credential",
    needsLongRun: false,
    label: "credentials",
    // Scheme names are case-insensitive (RFC 9110 §11.1): `authorization: basic …` as proxies log it.
    triggers: ["Basic", "basic", "BASIC"],
    pattern: "\\b[Bb](?:asic|ASIC)\\s+(?<secret>[A-Za-z0-9+/_-]{6,}={0,2})",
    accept: decodesToUserPass,
    reference: "RFC 7617",
  },
];
