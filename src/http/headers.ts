import type { JsonCall } from "./json-call.js";

/** Every request says who sent it, so a provider's logs can tell log-gardener from other callers. */
export function withUserAgent(call: JsonCall, userAgent: string): JsonCall {
  return (request) => call({ ...request, headers: { ...request.headers, "user-agent": userAgent } });
}

/**
 * Asks for the token on every attempt, not once: google-auth-library caches and refreshes it, and a
 * read that outlives a token (they last about an hour) keeps working.
 */
export function withBearerToken(call: JsonCall, getAccessToken: () => Promise<string>): JsonCall {
  return async (request) => {
    const token = await getAccessToken();
    return call({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
  };
}
