import { z } from "zod";

const Priority = z.enum(["P0", "P1", "P2", "P3"]);

/** Where a URL comes from: the config itself, or (better, since webhook URLs are secrets) an environment variable. */
const targetFields = {
  /** Shown in the worklog and the JSON report instead of the URL. */
  name: z.string().min(1).optional(),
  url: z.string().url().optional(),
  urlEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name").optional(),
};
const hasUrl = (t: { url?: string; urlEnv?: string }) => t.url !== undefined || t.urlEnv !== undefined;

const Target = z.object(targetFields).strict().refine(hasUrl, "give url or urlEnv");
/** Extra request headers, e.g. a shared secret the receiver checks; values may name an env variable as `env:NAME`. */
const Webhook = z
  .object({ ...targetFields, headers: z.record(z.string(), z.string()).default({}) })
  .strict()
  .refine(hasUrl, "give url or urlEnv");

export const NotifyConfigSchema = z
  .object({
    /** A Slack incoming webhook (https://hooks.slack.com/services/…). */
    slack: Target.optional(),
    /** Generic JSON webhooks: each gets the same versioned JSON document (docs/notifications.md). */
    webhooks: z.array(Webhook).default([]),
    /** Priorities that notify, per reason: new problems and escalations only when urgent; any regression, since a fix failed. */
    on: z
      .object({
        new: z.array(Priority).default(["P0", "P1"]),
        escalation: z.array(Priority).default(["P0", "P1"]),
        regression: z.array(Priority).default(["P0", "P1", "P2", "P3"]),
      })
      .strict()
      .default({ new: ["P0", "P1"], escalation: ["P0", "P1"], regression: ["P0", "P1", "P2", "P3"] }),
    /** Problems listed in one message; the rest are counted ("and 4 more"), so a bad hour is one readable message. */
    maxEvents: z.number().int().positive().default(20),
    /** Attempts per message, the first included: a webhook's 429/5xx or a dropped connection is tried again. */
    attempts: z.number().int().positive().default(3),
    /** Backoff before attempt n is up to min(retryMaxDelayMs, retryBaseDelayMs · 2^(n-1)), with full jitter. */
    retryBaseDelayMs: z.number().int().nonnegative().default(1_000),
    retryMaxDelayMs: z.number().int().nonnegative().default(10_000),
    /** One attempt's limit: Slack answers in well under a second; a hung receiver must not hold the run. */
    timeoutMs: z.number().int().positive().default(10_000),
  })
  .strict();
export type NotifyConfig = z.infer<typeof NotifyConfigSchema>;
