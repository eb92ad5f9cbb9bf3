import { z } from "zod";

export const CloudLoggingConfigSchema = z
  .object({
    /** The API base URL; `--logging-endpoint` or CLOUD_LOGGING_API_URL override it (tests, private endpoints). */
    endpoint: z.string().url().default("https://logging.googleapis.com"),
    resourceType: z.string().default("cloud_run_revision"),
    /** entries.list allows 60 requests per minute per project and the quota cannot be raised. */
    requestsPerMinute: z.number().int().positive().default(60),
    /** gcloud never asks for more than 1000; older API text rejects more. */
    pageSize: z.number().int().min(1).max(1000).default(1000),
    /** Attempts per request on 429/5xx before the read is reported incomplete. */
    maxAttempts: z.number().int().positive().default(6),
    /** Backoff before attempt n is full jitter over min(retryMaxDelayMs, retryBaseDelayMs·2^(n-1)): about 30 s of waiting over 6 attempts on average. */
    retryBaseDelayMs: z.number().int().nonnegative().default(1_000),
    /** Google's guidance caps truncated exponential backoff at 32–64 s. */
    retryMaxDelayMs: z.number().int().nonnegative().default(32_000),
    /** Per-request timeout. */
    timeoutMs: z.number().int().positive().default(60_000),
    /**
     * Page tokens live 24 h; when one expires (or is refused) the read restarts at the last timestamp read,
     * skipping entries already counted. More restarts than this in one read means something else is wrong.
     */
    maxQueryRestarts: z.number().int().nonnegative().default(3),
    /**
     * Bytes one entries:list answer may take, read as it arrives and given up on past this: a full page
     * of 1000 entries is a few MB, so 16 MiB leaves room for large payloads while a runaway answer costs
     * no more memory than this. A page over it is asked again at half the page size; one entry over it
     * alone ends the read as "query failed".
     */
    maxResponseBytes: z.number().int().min(1024).default(16 * 1024 * 1024),
  })
  .strict();
export type CloudLoggingConfig = z.infer<typeof CloudLoggingConfigSchema>;
