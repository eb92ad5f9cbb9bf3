export { withBearerToken, withUserAgent } from "./headers.js";
export { cappedFetch, ResponseTooLargeError } from "./capped-body.js";
export { createFetchJson, HttpStatusError, HttpTransportError, type FetchJsonOptions, type JsonCall, type JsonRequest, type JsonResponse } from "./json-call.js";
export { createQuotaLimiter, withQuota, type QuotaClock, type QuotaLimiter } from "./quota.js";
export { backoffDelayMs, isRetryable, RetriesExhaustedError, withRetry, type RetryPolicy } from "./retry.js";
export { withTimeout } from "./timeout.js";
