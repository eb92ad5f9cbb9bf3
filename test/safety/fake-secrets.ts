// Fake credentials built at test time from fragments and a seeded generator, so the repository
// never holds anything a secret scanner would flag, and every run plants the same values.
import { createRandom } from "../../samples/generator/random.js";

export interface Random {
  next(): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chars(alphabet: string, length: number): string;
}

/** The sample generator's seeded PRNG, so fake secrets are the same on every machine. */
export function seededRandom(seed: number): Random {
  const random = createRandom(`safety-${seed}`);
  const next = (): number => random.next();
  const int = (max: number): number => Math.floor(next() * max);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    chars: (alphabet, length) => Array.from({ length }, () => alphabet[int(alphabet.length)]).join(""),
  };
}

export const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const LOWER = "abcdefghijklmnopqrstuvwxyz";
export const DIGITS = "0123456789";
export const BASE62 = UPPER + LOWER + DIGITS;
export const BASE64URL = `${BASE62}-_`;
export const BASE64 = `${BASE62}+/`;
export const HEX = "0123456789abcdef";

/** Random text that certainly has each character class, as real keys do. */
function mixed(random: Random, alphabet: string, length: number): string {
  const body = random.chars(alphabet, length - 3);
  return `${random.chars(UPPER, 1)}${body.slice(0, 5)}${random.chars(DIGITS, 1)}${body.slice(5)}${random.chars(LOWER, 1)}`;
}

const b64url = (text: string): string => Buffer.from(text).toString("base64url");
const join = (...parts: string[]): string => parts.join("");

/** Each maker returns a fresh fake credential of one documented shape. */
export const FAKE_SECRETS = {
  jwt: (r: Random) => `${b64url('{"alg":"RS256","typ":"JWT"}')}.${b64url(`{"sub":"${r.chars(DIGITS, 12)}","email":"u${r.chars(DIGITS, 4)}@example.com"}`)}.${mixed(r, BASE64URL, 86)}`,
  githubClassic: (r: Random) => join("gh", "p_", mixed(r, BASE62, 36)),
  githubOauth: (r: Random) => join("gh", "o_", mixed(r, BASE62, 36)),
  githubApp: (r: Random) => join("gh", "s_", mixed(r, BASE62, 36)),
  githubFineGrained: (r: Random) => join("github", "_pat_", mixed(r, BASE62, 22), "_", mixed(r, BASE62, 59)),
  googleApiKey: (r: Random) => join("AI", "za", mixed(r, BASE64URL, 35)),
  googleOauthAccess: (r: Random) => join("ya", "29.", mixed(r, BASE64URL, 120)),
  googleOauthRefresh: (r: Random) => join("1/", "/0", mixed(r, BASE64URL, 60)),
  googleClientSecret: (r: Random) => join("GOC", "SPX-", mixed(r, BASE64URL, 28)),
  awsAccessKeyId: (r: Random) => join("AK", "IA", r.chars(UPPER + "234567", 16)),
  awsSecretAccessKey: (r: Random) => mixed(r, BASE64, 40),
  slackBot: (r: Random) => join("xo", "xb-", r.chars(DIGITS, 12), "-", r.chars(DIGITS, 13), "-", mixed(r, BASE62, 24)),
  stripeLive: (r: Random) => join("sk", "_live_", mixed(r, BASE62, 99)),
  stripeRestricted: (r: Random) => join("rk", "_live_", mixed(r, BASE62, 24)),
  opaqueToken: (r: Random) => mixed(r, BASE62, 40),
  password: (r: Random) => `${r.pick(["Summer", "Winter", "Tr0ub4dor", "hunter", "P@ss"])}${r.chars(DIGITS, 3)}${r.pick(["!", "#", "", "?"])}${r.chars(LOWER, 3)}`,
  newVendorKey: (r: Random) => join("zq", "_live_", mixed(r, BASE62, 30)),
  unusualHeaderToken: (r: Random) => mixed(r, BASE64URL, 32),
  privateKeyBody: (r: Random) => Array.from({ length: 6 }, () => mixed(r, BASE64, 64)).join("\n"),
  privateKeyId: (r: Random) => r.chars(HEX, 40),
} as const satisfies Record<string, (r: Random) => string>;

export function privateKeyBlock(body: string, kind = "PRIVATE KEY"): string {
  return `-----BEGIN ${kind}-----\n${body}\n-----END ${kind}-----\n`;
}
