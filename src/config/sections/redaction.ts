import { z } from "zod";

function compiles(source: string): boolean {
  try {
    new RegExp(source, "g");
    return true;
  } catch {
    return false;
  }
}

export const RedactionConfigSchema = z
  .object({
    /** Personal data masked by default; set false to keep them (secrets are always redacted). */
    maskEmails: z.boolean().default(true),
    maskIpAddresses: z.boolean().default(true),
    maskPhoneNumbers: z.boolean().default(true),
    /** User names in `/home/<name>/…` and `C:\Users\<name>\…` (service users such as `runner` or `node` stay). */
    maskHomePaths: z.boolean().default(true),
    /** Extra patterns: regex source (JavaScript syntax) and the placeholder name; a `(?<secret>…)` group narrows what is masked. */
    customPatterns: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9_-]+$/i),
            pattern: z.string().min(1).refine(compiles, { message: "not a valid JavaScript regular expression" }),
          })
          .strict(),
      )
      .default([]),
    /** Exact strings or regex sources (whole-value match) never redacted (e.g. a public test key). */
    allow: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type RedactionConfig = z.infer<typeof RedactionConfigSchema>;
