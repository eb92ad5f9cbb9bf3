// Interface placeholder: the redaction rules land in this file; callers depend only on `createRedactor`.
export interface RedactionOptions {
  readonly maskEmails: boolean;
  readonly maskIpAddresses: boolean;
  readonly maskPhoneNumbers: boolean;
  readonly customPatterns: readonly { readonly name: string; readonly pattern: string }[];
  readonly allow: readonly string[];
}

export interface Redactor {
  /** Redacts secrets and personal data in free text. */
  redactText(text: string): string;
  /** Walks JSON-like values; key names (password, token, …) decide too. Returns a new value. */
  redactValue(value: unknown): unknown;
}

export function createRedactor(_options: RedactionOptions): Redactor {
  return {
    redactText: (text) => text,
    redactValue: (value) => value,
  };
}
