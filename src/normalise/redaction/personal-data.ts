// Personal data: emails, IP addresses, phone numbers and user names in home paths. Masked by
// default, each kept by configuration; loopback and unspecified addresses are not personal and stay.
import type { Masker } from "./mask.js";
import type { TextShape } from "./text-shape.js";

export interface PersonalDataOptions {
  readonly maskEmails: boolean;
  readonly maskIpAddresses: boolean;
  readonly maskPhoneNumbers: boolean;
  readonly maskHomePaths: boolean;
}

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
// Not part of a longer dotted number (versions like 1.2.3.4.5) nor preceded by a version `v`.
// `Chrome/120.0.0.0` in a user agent is a version, not an address: a word then `/` rules it out.
const IPV4 = new RegExp(`(?<![\\w.]|[A-Za-z]/)${OCTET}(?:\\.${OCTET}){3}(?!\\.?\\d|\\w)`, "g");
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
// International (+ and 8–15 digits) or North American `(555) 123-4567` / `555-123-4567`.
const PHONE = /(?<![\w+.-])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w.-]?\d)/g;
const HOME_PATH = /(?<=(?:\/home\/|\/Users\/|[A-Za-z]:\\{1,2}Users\\{1,2}))[^/\\\s"'<>:]+/g;
/** Service accounts that are not people: their home paths stay readable. */
const SERVICE_USERS = new Set(["runner", "node", "app", "root", "ubuntu", "ec2-user", "circleci", "vscode", "jenkins", "www-data", "nobody", "Shared", "Public", "Default", "user"]);

// `icon@2x.png` and `bundle@3.js` are file names, not addresses.
const FILE_EXTENSION_TLD = /@[^.@]+\.(?:png|jpe?g|gif|svg|webp|ico|js|mjs|css|map|json|html?|txt|pdf|woff2?)$/i;

// Google service accounts name workloads, not people, and say which identity failed: kept.
const SERVICE_ACCOUNT = /@(?:[\w-]+\.)*gserviceaccount\.com$/i;
const isKeptEmail = (email: string): boolean => FILE_EXTENSION_TLD.test(email) || SERVICE_ACCOUNT.test(email);

/** `version 10.2.3.4`, `build 1.0.0.12`: a dotted quad after a version word is a version, not an address. */
const VERSION_BEFORE = /(?:\bversions?|\bver|\brelease|\bbuild|\bfirmware|\bv|\bupgrad(?:e|ed|ing)\s+to|\bdowngrad(?:e|ed|ing)\s+to)[\s:=]*$/i;
/** `invoice 555-123-4567`, `order #555-123-4567`: a reference number in phone shape. */
const REFERENCE_BEFORE = /\b(?:invoice|order|ticket|case|ref(?:erence)?|account|acct|po|sku|part|serial|tracking|confirmation|booking|claim|policy)s?\b[\s:#=no.]*$/i;

// Payment cards: 13–19 digits, in groups or not, with a card network's prefix, and Luhn-valid; never ending
// inside a word (a UUID whose first groups happen to be digits is not a card).
const CARD = /(?<![\w.+-])(?:\d[ -]?){12,18}\d(?!\w)(?![.-]?\d)/g;
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3[0689]|6(?:011|5|4[4-9]|2)|35)/;
const CARD_CONTEXT = /\b(?:card|visa|master ?card|amex|discover|pan|cc|credit|debit|payment)\b[^\n]{0,30}$/i;
// US social security numbers: AAA-GG-SSSS with the ranges the SSA never issues excluded, or nine digits after "SSN".
const SSN_DASHED = /(?<![\w.-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-]?\d)/g;
const SSN_CONTEXT = /\b(?:ssn|social security(?: number| no\.?)?|ss#)\s*[:#=]?\s*(?!000|666|9\d\d)(\d{3}[ -]?(?!00)\d{2}[ -]?(?!0000)\d{4})(?!\d)/gi;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i -= 1, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** A card number: a network's prefix and length, Luhn-valid; an unbroken 17–19 digit run only beside a card word (span ids are 19 digits). */
function isCardNumber(match: string, before: string): boolean {
  const digits = match.replace(/[ -]/g, "");
  if (digits.length < 13 || digits.length > 19 || !CARD_PREFIX.test(digits) || !luhnValid(digits)) return false;
  const grouped = digits.length !== match.length;
  return grouped || digits.length <= 16 ? true : CARD_CONTEXT.test(before);
}

function isKeptIpv4(ip: string): boolean {
  return ip.startsWith("127.") || ip === "0.0.0.0" || ip === "255.255.255.255";
}

function isIpv6(candidate: string): boolean {
  const doubles = candidate.split("::").length - 1;
  if (doubles > 1) return false;
  const groups = candidate.split(":").filter((g) => g.length > 0);
  const last = groups.at(-1) ?? "";
  const groupSlots = groups.length + (last.includes(".") ? 1 : 0);
  if (doubles === 0 ? groupSlots !== 8 : groupSlots > 7) return false;
  if (!groups.every((g, i) => (i === groups.length - 1 && g.includes(".")) || /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const hexDigits = groups.join("").replace(/[^0-9A-Fa-f]/g, "").length;
  // `a::b` in code and `12:34:56` in times are not addresses: want some substance.
  return hexDigits >= 5 && groups.some((g) => g.length >= 3);
}

// Cheap gates, so the full patterns (with look-behinds) run only where a match is possible.
const IPV4_GATE = /\d\.\d{1,3}\.\d{1,3}\.\d/;
const CARD_GATE = /\d{4}[ -]?\d{4}[ -]?\d{4}/;
const SSN_GATE = /\d{3}-\d{2}-\d{4}|ssn|SSN|Ssn|ocial [Ss]ecurity|ss#/;
const PHONE_GATE = /\+\d|\(\d{3}\)|\d{3}[.-]\d{3}[.-]\d{4}/;
function mayHoldIpv6(text: string): boolean {
  if (text.includes("::")) return true;
  let colons = 0;
  for (let i = text.indexOf(":"); i >= 0; i = text.indexOf(":", i + 1)) if (++colons >= 7) return true;
  return false;
}

/** `shape` is that of the text before earlier passes masked parts of it (a superset of what is left). */
export function redactPersonalData(text: string, shape: TextShape, options: PersonalDataOptions, masker: Masker): string {
  let out = text;
  if (options.maskEmails && shape.at) out = out.replace(EMAIL, (m) => (isKeptEmail(m) ? m : masker.mask("email", m)));
  if (options.maskHomePaths && shape.slash) out = maskHomes(out, masker);
  if (!shape.digit) return out;
  // Cards and SSNs are never kept: no option turns them off.
  if (CARD_GATE.test(out)) out = out.replace(CARD, (m, offset: number, whole: string) => (isCardNumber(m, whole.slice(Math.max(0, offset - 40), offset)) ? masker.mask("card", m) : m));
  if (SSN_GATE.test(out)) {
    out = out.replace(SSN_CONTEXT, (m, ssn: string) => m.slice(0, m.length - ssn.length) + masker.mask("ssn", ssn));
    out = out.replace(SSN_DASHED, (m, offset: number, whole: string) => (REFERENCE_BEFORE.test(whole.slice(Math.max(0, offset - 30), offset)) ? m : masker.mask("ssn", m)));
  }
  if (options.maskIpAddresses) {
    if (IPV4_GATE.test(out)) out = out.replace(IPV4, (m, offset: number, whole: string) => (isKeptIpv4(m) || VERSION_BEFORE.test(whole.slice(Math.max(0, offset - 30), offset)) ? m : masker.mask("ip", m)));
    if (shape.colons >= 2 && mayHoldIpv6(out)) out = out.replace(IPV6_CANDIDATE, (m) => (m === "::1" || !isIpv6(m) ? m : masker.mask("ip", m)));
  }
  if (options.maskPhoneNumbers && PHONE_GATE.test(out)) {
    out = out.replace(PHONE, (m, offset: number, whole: string) => {
      const digits = m.replace(/\D/g, "").length;
      if (REFERENCE_BEFORE.test(whole.slice(Math.max(0, offset - 30), offset))) return m;
      return digits >= 8 && digits <= 15 ? masker.mask("phone", m) : m;
    });
  }
  return out;
}

function maskHomes(text: string, masker: Masker): string {
  if (!text.includes("/home/") && !text.includes("/Users/") && !text.includes("Users\\")) return text;
  return text.replace(HOME_PATH, (user) => (SERVICE_USERS.has(user) || user.startsWith("<") ? user : masker.mask("user", user)));
}
