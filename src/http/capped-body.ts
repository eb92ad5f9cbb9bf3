/**
 * Response bodies with a size cap: an answer is read chunk by chunk and given up on as soon as it
 * passes the cap, so a runaway or hostile server costs at most the cap in memory, never its whole
 * body. Used by the Cloud Logging client (cloudLogging.maxResponseBytes) and, through Octokit's
 * `request.fetch` option, by the GitHub client (tracker.maxResponseBytes).
 */

/** An answer over the cap. Not retryable: the same request gets the same answer. */
export class ResponseTooLargeError extends Error {
  override name = "ResponseTooLargeError";
  constructor(
    readonly limitBytes: number,
    /** The config key that sets the cap, so the message says what to raise. */
    readonly setting: string,
  ) {
    super(`the answer is over ${setting} (${limitBytes.toLocaleString("en-US")} bytes)`);
  }
}

/** True when the Content-Length alone says the body is over the cap (no byte needs reading). */
function declaredOver(response: Response, maxBytes: number): boolean {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  return Number.isFinite(declared) && declared > maxBytes;
}

/**
 * The body's chunks, throwing `ResponseTooLargeError` once more than `maxBytes` arrived (or the
 * Content-Length says so) and cancelling the rest, which closes the connection.
 */
export async function* cappedChunks(response: Response, maxBytes: number, setting: string): AsyncGenerator<Uint8Array> {
  const body = response.body;
  if (declaredOver(response, maxBytes)) {
    await body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes, setting);
  }
  if (!body) return;
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      total += value.byteLength;
      if (total > maxBytes) throw new ResponseTooLargeError(maxBytes, setting);
      yield value;
    }
  } finally {
    // Stops the transfer when the caller stopped early or the cap was hit; a no-op after the end.
    await reader.cancel().catch(() => undefined);
  }
}

/** The whole body as text, within the cap. */
export async function cappedText(response: Response, maxBytes: number, setting: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of cappedChunks(response, maxBytes, setting)) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/**
 * A `fetch` whose responses are read within the cap before they are handed on: the caller gets a
 * Response over a buffer of at most `maxBytes`, or the promise rejects with `ResponseTooLargeError`.
 * For clients that read bodies themselves and swallow stream errors (Octokit turns a failed
 * `response.text()` into an empty body), so the cap must be enforced before they see the response.
 */
export function cappedFetch(fetchImpl: typeof fetch, maxBytes: number, setting: string): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.body === null) return response;
    const parts: Uint8Array[] = [];
    for await (const chunk of cappedChunks(response, maxBytes, setting)) parts.push(chunk);
    const capped = new Response(response.status === 204 || response.status === 205 || response.status === 304 ? null : Buffer.concat(parts), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    // Octokit reports `response.url` (the URL after redirects); a constructed Response has none.
    Object.defineProperty(capped, "url", { value: response.url });
    return capped;
  };
}
