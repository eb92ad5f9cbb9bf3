// Sends the run's one message to each configured sink, retried; a sink that still fails is reported
// in the outcome and never fails the run. On a dry run nothing is sent: the outcome holds a preview.
import type { NotifyConfig } from "../config/sections/notify.js";
import { createFetchJson, RetriesExhaustedError, withRetry, withTimeout, withUserAgent, type JsonCall } from "../http/index.js";
import type { NotificationOutcome, NotifyEvent } from "../model/notify.js";
import type { Report } from "../model/report.js";
import { notifyEvents } from "./events.js";
import { plainText, slackPayload, webhookPayload } from "./message.js";

export interface NotifyOptions {
  readonly dryRun: boolean;
  /** Where `urlEnv` and `env:NAME` header values are looked up. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly userAgent: string;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

interface Sink {
  readonly sink: NotificationOutcome["sink"];
  readonly name: string;
  readonly url?: string;
  readonly missing?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: (events: readonly NotifyEvent[], report: Report, maxEvents: number) => Record<string, unknown>;
}

export async function sendNotifications(report: Report, config: NotifyConfig, options: NotifyOptions): Promise<NotificationOutcome[]> {
  const sinks = configuredSinks(config, options.env);
  if (sinks.length === 0) return [];
  const events = notifyEvents(report, config.on);
  const outcomes: NotificationOutcome[] = [];
  for (const sink of sinks) {
    const head = { sink: sink.sink, name: sink.name, events: events.length };
    if (events.length === 0) outcomes.push({ ...head, status: "nothing-to-send", attempts: 0 });
    else if (options.dryRun) outcomes.push({ ...head, status: "preview", attempts: 0, preview: plainText(events, report, config.maxEvents) });
    else if (sink.url === undefined) outcomes.push({ ...head, status: "failed", attempts: 0, error: sink.missing ?? "no URL" });
    else outcomes.push({ ...head, ...(await post(sink, sink.url, sink.payload(events, report, config.maxEvents), config, options)) });
  }
  return outcomes;
}

function configuredSinks(config: NotifyConfig, env: NotifyOptions["env"]): Sink[] {
  const sinks: Sink[] = [];
  const resolve = (target: { url?: string; urlEnv?: string }) => {
    const url = target.url ?? (target.urlEnv ? env[target.urlEnv]?.trim() || undefined : undefined);
    return url !== undefined ? { url } : { missing: `${target.urlEnv ?? "url"} is not set` };
  };
  if (config.slack) sinks.push({ sink: "slack", name: config.slack.name ?? "slack", ...resolve(config.slack), headers: {}, payload: slackPayload });
  config.webhooks.forEach((hook, index) => {
    const headers = Object.fromEntries(Object.entries(hook.headers).map(([k, v]) => [k, v.startsWith("env:") ? env[v.slice(4)] ?? "" : v]));
    sinks.push({ sink: "webhook", name: hook.name ?? `webhook-${index + 1}`, ...resolve(hook), headers, payload: webhookPayload });
  });
  return sinks;
}

async function post(sink: Sink, url: string, body: Record<string, unknown>, config: NotifyConfig, options: NotifyOptions): Promise<Pick<NotificationOutcome, "status" | "attempts" | "error">> {
  let attempts = 0;
  const inner = createFetchJson(options.fetch, { acceptTextBody: true });
  const counted: JsonCall = (request) => ((attempts += 1), inner(request));
  const call = withRetry(withTimeout(withUserAgent(counted, options.userAgent), config.timeoutMs), {
    maxAttempts: config.attempts,
    baseDelayMs: config.retryBaseDelayMs,
    maxDelayMs: config.retryMaxDelayMs,
    random: options.random,
    sleep: options.sleep,
  });
  try {
    await call({ method: "POST", url, headers: { ...sink.headers }, body, ...(options.signal ? { signal: options.signal } : {}) });
    return { status: "sent", attempts };
  } catch (error) {
    const last = error instanceof RetriesExhaustedError ? error.last : error;
    // The message never holds the URL: a Slack webhook URL is its own secret.
    const message = last instanceof Error ? last.message : String(last);
    return { status: "failed", attempts, error: message.split(url).join("<webhook url>") };
  }
}
