/** The typed placeholders a problem's name shows for its variable parts (`from <ip>`, `exit(<n>)`). */
export const NAME_PLACEHOLDERS = ["time", "ip", "port", "duration", "n", "uuid", "email", "url", "path", "redacted", "id", "value"] as const;
export type NamePlaceholder = `<${(typeof NAME_PLACEHOLDERS)[number]}>`;

/** Matches any one of them, e.g. to escape them for Markdown. */
export const NAME_PLACEHOLDER = new RegExp(`<(?:${NAME_PLACEHOLDERS.join("|")})>`, "g");
