import { z } from "zod";

export const RedactionConfigSchema = z
  .object({
    /** Personal data masked by default; set false to keep them (secrets are always redacted). */
    maskEmails: z.boolean().default(true),
    maskIpAddresses: z.boolean().default(true),
    maskPhoneNumbers: z.boolean().default(true),
    /** Extra patterns: regex source (JavaScript syntax) and the placeholder name. */
    customPatterns: z.array(z.object({ name: z.string().regex(/^[a-z0-9_-]+$/i), pattern: z.string() }).strict()).default([]),
    /** Exact strings or regex sources never redacted (e.g. a public test key). */
    allow: z.array(z.string()).default([]),
  })
  .strict();
export type RedactionConfig = z.infer<typeof RedactionConfigSchema>;
