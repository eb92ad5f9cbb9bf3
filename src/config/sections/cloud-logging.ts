import { z } from "zod";

export const CloudLoggingConfigSchema = z
  .object({
    endpoint: z.string().url().default("https://logging.googleapis.com"),
    resourceType: z.string().default("cloud_run_revision"),
    /** entries.list allows 60 requests per minute per project and the quota cannot be raised. */
    requestsPerMinute: z.number().int().positive().default(60),
    /** gcloud never asks for more than 1000. */
    pageSize: z.number().int().min(1).max(1000).default(1000),
    /** Attempts per request on 429/5xx before the read is reported incomplete. */
    maxAttempts: z.number().int().positive().default(6),
    /** Per-request timeout. */
    timeoutMs: z.number().int().positive().default(60_000),
  })
  .strict();
export type CloudLoggingConfig = z.infer<typeof CloudLoggingConfigSchema>;
