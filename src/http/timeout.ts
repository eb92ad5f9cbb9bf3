import type { JsonCall } from "./json-call.js";

/**
 * Bounds one attempt. The caller's signal still aborts at once; a timeout surfaces as a retryable
 * `HttpTransportError` with `timedOut` (see json-call.ts).
 */
export function withTimeout(call: JsonCall, timeoutMs: number): JsonCall {
  return (request) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    return call({ ...request, signal });
  };
}
