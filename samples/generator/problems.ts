/**
 * The problems the sample service has, modelled on the five worklogs of netra-backend-staging and
 * netra-auth-service. Each problem is one thing a person would file one issue for; an occurrence
 * may write several entries (a warning and its follow-up on the next lines, a context dump and the
 * error), and every entry it writes carries the problem's id as its label.
 */
import { formatPythonIso, mojibake, type LogLine } from "./cloud-run.js";
import type { Random } from "./random.js";

export type Scenario = "window-1" | "window-2";
export type ServiceKey = "backend" | "auth";

export interface RateSpec {
  /** Mean occurrences per minute at scale 1. */
  readonly perMinute: number;
  /** Poisson arrivals, or a timer firing every 60/perMinute seconds with jitter. */
  readonly arrival?: "poisson" | "periodic";
  /** Extra occurrences on one instance: a spike. */
  readonly burst?: { readonly minute: number; readonly minutes: number; readonly factor: number };
  /** Only on the revision before the rollout, or only on the one after it. */
  readonly revisions?: "before-rollout" | "after-rollout";
  /** Only in these minutes of the window, `[from, to)`: an incident. */
  readonly minutes?: readonly [number, number];
  /** Every occurrence on the revision's first instance (a crash-looping instance). */
  readonly oneInstance?: boolean;
}

export interface OccurrenceLine {
  readonly offsetUs: number;
  readonly line: LogLine;
  /** A request of its own (a trace apart from the occurrence's). */
  readonly ownTrace?: boolean;
  /** The problem this line belongs to when it is not the occurrence's (a boot's startup warning inside a crash loop). */
  readonly label?: string;
}

export interface Occurrence {
  readonly lines: readonly OccurrenceLine[];
  /** Whether the entries carry a trace (request context); follow-ups share it. */
  readonly traced: boolean;
}

export interface Problem {
  readonly id: string;
  readonly service: ServiceKey;
  readonly rates: Readonly<Partial<Record<Scenario, RateSpec>>>;
  occur(rng: Random, timeUs: number): Occurrence;
}

const WS_SSOT = "netra_backend.app.routes.websocket_ssot";
const SSOT_ENHANCER = "netra_backend.app.websocket_core.ssot_validation_enhancer";
const GCP_VALIDATOR = "netra_backend.app.websocket_core.gcp_initialization_validator";
const READINESS = "netra_backend.app.middleware.gcp_websocket_readiness_middleware";
const SENTRY_UNAVAILABLE = pyJson("WARNING", "logging", "callHandlers", 1706, "Sentry SDK not available - error tracking disabled", "netra_backend.app.core.startup");
const MESSAGE_STORE = "netra_backend.app.services.message_store";
const USAGE_SYNC = "netra_backend.app.tasks.usage_sync";
const BILLING = "netra_backend.app.services.billing";
const MALFORMED =
  "The request failed because either the HTTP response was malformed or connection to the instance had an error. Additional troubleshooting documentation can be found at: https://cloud.google.com/run/docs/troubleshooting#malformed-response-or-connection-error";
const CRASH_ROUTES = ["/api/threads", "/api/agents/run", "/api/settings", "/api/user/profile", "/api/files", "/api/health/ready", "/ws"];
const MALFORMED_ROUTES = ["/api/agents/run", "/api/threads/stream", "/api/reports/export", "/api/files/upload", "/api/search", "/api/chat/completions"];
const STORM_ROUTES = [
  "/api/threads", "/api/threads/search", "/api/agents", "/api/agents/run", "/api/agents/status", "/api/settings", "/api/settings/models",
  "/api/user/profile", "/api/user/preferences", "/api/files", "/api/files/upload", "/api/reports", "/api/reports/export", "/api/search",
  "/api/chat/completions", "/api/billing/usage", "/api/billing/plans", "/api/teams", "/api/teams/members", "/api/notifications",
  "/api/integrations", "/api/integrations/slack", "/api/audit/events", "/api/feedback",
];
const SCANNED_PATHS = [
  "/wp-login.php", "/.env", "/.git/config", "/admin.php", "/phpmyadmin/index.php", "/wp-admin/setup-config.php", "/xmlrpc.php",
  "/config.json", "/.aws/credentials", "/server-status", "/actuator/health", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
  "/cgi-bin/luci", "/boaform/admin/formLogin", "/solr/admin/info/system", "/HNAP1", "/owa/auth/logon.aspx", "/remote/login",
  "/api/jsonws/invoke", "/manager/html", "/console", "/debug/default/view", "/.DS_Store", "/backup.zip", "/db.sql", "/info.php",
  "/sitemap.xml.gz", "/.svn/entries", "/telescope/requests", "/_ignition/execute-solution",
];
const BACKEND_HOST = "https://api.staging.netrasystems.ai";
const AUTH_HOST = "https://auth.staging.netrasystems.ai";
const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:142.0) Gecko/20100101 Firefox/142.0",
];
const VALID_TYPES =
  "['CONNECT', 'DISCONNECT', 'HEARTBEAT', 'HEARTBEAT_ACK', 'PING', 'PONG', 'USER_MESSAGE', 'CHAT', 'SYSTEM_MESSAGE', 'ERROR_MESSAGE', 'USER_TYPING', 'AGENT_TYPING', 'TYPING_STARTED', 'TYPING_STOPPED', 'START_AGENT', 'AGENT_START', 'AGENT_COMPLETE', 'TOOL_EXECUTE', 'TOOL_COMPLETE', 'AGENT_REQUEST', 'AGENT_TASK', 'AGENT_TASK_ACK', 'AGENT_RESPONSE', 'AGENT_RESPONSE_CHUNK', 'AGENT_RESPONSE_COMPLETE', 'AGENT_STATUS_REQUEST', 'AGENT_STATUS_UPDATE', 'AGENT_PROGRESS', 'AGENT_THINKING', 'AGENT_ERROR', 'THREAD_UPDATE', 'THREAD_MESSAGE', 'BROADCAST', 'DIRECT_MESSAGE', 'ROOM_MESSAGE', 'JSONRPC_REQUEST', 'JSONRPC_RESPONSE', 'JSONRPC_NOTIFICATION']";

function user(rng: Random): string {
  return rng.chance(0.55) ? `demo-user-00${rng.int(1, 4)}` : `usr_${rng.hex(12)}`;
}

/** The services print only the first 8 characters of a user id, then `...`. */
function shortUser(rng: Random): string {
  return `${user(rng).slice(0, 8)}...`;
}

function connection(rng: Random): string {
  return `main_${rng.hex(8)}`;
}

function ip(rng: Random): string {
  return `${rng.pick([34, 35, 66, 104, 172])}.${rng.int(1, 254)}.${rng.int(0, 254)}.${rng.int(1, 254)}`;
}

/** A planted credential, obviously fake, so the redaction step has something to do in the demo. */
function fakeCredential(rng: Random, prefix: string): string {
  return `${prefix}EXAMPLE${rng.hex(10)}`;
}

function pyJson(severity: LogLine["severity"], module: string, fn: string, line: number, message: string, logger?: string): LogLine {
  return { kind: "python-json", severity, message, module, function: fn, line, ...(logger === undefined ? {} : { logger }) };
}

function single(line: LogLine, traced: boolean): Occurrence {
  return { lines: [{ offsetUs: 0, line }], traced };
}

function request(
  rng: Random,
  fields: { severity: LogLine["severity"]; method: string; url: string; status: number; latency: [number, number]; userAgent: string; referer?: string },
): Occurrence {
  const line: LogLine = {
    kind: "request",
    severity: fields.severity,
    method: fields.method,
    url: fields.url,
    status: fields.status,
    latencySeconds: fields.latency[0] + rng.next() * (fields.latency[1] - fields.latency[0]),
    userAgent: fields.userAgent,
    remoteIp: ip(rng),
    requestSize: rng.int(180, 2400),
    responseSize: rng.int(90, 600),
    ...(fields.referer === undefined ? {} : { referer: fields.referer }),
  };
  return single(line, true);
}

function pythonJsonDump(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, null, 2);
}

function routingFailure(id: string, messageType: string, rates: Problem["rates"]): Problem {
  return {
    id,
    service: "backend",
    rates,
    occur: (rng, timeUs) => {
      const conn = connection(rng);
      const u = shortUser(rng);
      const context = pythonJsonDump({
        connection_id: conn,
        user_id: u,
        message_type: messageType,
        routing_success: false,
        routing_duration_ms: Math.round(rng.next() * 500) / 100,
        router_available: true,
        timestamp: formatPythonIso(timeUs - rng.int(10, 40)),
        golden_path_impact: "CRITICAL - Message routing failed",
      });
      return {
        traced: true,
        lines: [
          { offsetUs: 0, line: pyJson("CRITICAL", WS_SSOT, "_main_message_loop", 1375, ` ALERT:  GOLDEN PATH ROUTING FAILURE: Message ${messageType} routing failed for user ${u} connection ${conn}`) },
          { offsetUs: rng.int(15, 60), line: pyJson("CRITICAL", WS_SSOT, "_main_message_loop", 1376, ` SEARCH:  ROUTING FAILURE CONTEXT: ${context}`) },
        ],
      };
    },
  };
}

export const PROBLEMS: readonly Problem[] = [
  {
    // One validation failure logs twice: the finding at line 118, the summary at line 137.
    id: "ssot-manager-duplication",
    service: "backend",
    rates: { "window-1": { perMinute: 4 }, "window-2": { perMinute: 4.5 } },
    occur: (rng) => {
      const u = user(rng);
      // The summary lists every finding; sometimes there is a second one, so its word count varies.
      const findings = [`'Multiple manager instances for user ${u} - potential duplication'`];
      if (rng.chance(0.25)) findings.push(`'Manager for user ${u} created outside the factory (${rng.int(2, 6)} live instances)'`);
      return {
        traced: true,
        lines: [
          { offsetUs: 0, line: pyJson("WARNING", SSOT_ENHANCER, "validate_manager_creation", 118, `SSOT VALIDATION: Multiple manager instances for user ${u} - potential duplication`) },
          {
            offsetUs: rng.int(400, 900),
            line: pyJson("WARNING", SSOT_ENHANCER, "validate_manager_creation", 137, `SSOT validation issues (non-blocking): [${findings.join(", ")}]`),
          },
        ],
      };
    },
  },
  {
    id: "golden-path-auth-permissive",
    service: "backend",
    rates: { "window-1": { perMinute: 3 }, "window-2": { perMinute: 3 } },
    occur: (rng, timeUs) => {
      // Some hops decode the service's UTF-8 as Windows-1252: the same key emoji arrives as `ðŸ”‘`.
      const key = rng.chance(0.3) ? mojibake("🔑") : "🔑";
      const message = `[${key}] GOLDEN PATH AUTH=REDACTED permissive authentication with circuit breaker for connection ${connection(rng)} - user_id: pending, connection_state: connected, timestamp: ${formatPythonIso(timeUs - rng.int(10, 30))}`;
      return single(pyJson("CRITICAL", WS_SSOT, "_handle_main_mode", 741, message), true);
    },
  },
  {
    // The loop dumps its context at line 1488, then logs the error at 1489: one crash, two entries, no request trace.
    id: "ws-main-loop-not-connected",
    service: "backend",
    rates: {
      "window-1": { perMinute: 1.5, burst: { minute: 37, minutes: 1, factor: 24 } },
      "window-2": { perMinute: 1.2 },
    },
    occur: (rng, timeUs) => {
      const error = 'WebSocket is not connected. Need to call "accept" first.';
      const context = pythonJsonDump({
        connection_id: connection(rng),
        user_id: shortUser(rng),
        error_type: "RuntimeError",
        error_message: error,
        messages_processed: rng.int(0, 40),
        agent_events_processed: rng.int(0, 12),
        websocket_state: "connected",
        timestamp: formatPythonIso(timeUs - rng.int(100, 400)),
        golden_path_impact: "CRITICAL - Message loop crashed",
      });
      return {
        traced: false,
        lines: [
          { offsetUs: 0, line: pyJson("CRITICAL", WS_SSOT, "_main_message_loop", 1488, ` SEARCH:  LOOP ERROR CONTEXT: ${context}`) },
          { offsetUs: rng.int(150, 500), line: pyJson("ERROR", WS_SSOT, "_main_message_loop", 1489, `[MAIN MODE] Message loop error: ${error}`) },
        ],
      };
    },
  },
  // Same function as the loop crash, different problems: routing of one message type failed (lines 1375/1376).
  // The two message types go to different handlers, so a failure for each is its own problem even
  // though the messages differ in one word.
  routingFailure("ws-routing-failure-disconnect", "disconnect", { "window-1": { perMinute: 0.7 }, "window-2": { perMinute: 0.8 } }),
  routingFailure("ws-routing-failure-start-agent", "start_agent", { "window-1": { perMinute: 0.4 }, "window-2": { perMinute: 0.4 } }),
  {
    // Logged through the stdlib handler, so the location is logging/callHandlers/1706 for unrelated messages.
    id: "session-middleware-missing",
    service: "backend",
    rates: { "window-1": { perMinute: 12, arrival: "periodic" }, "window-2": { perMinute: 30, arrival: "periodic" } },
    occur: () =>
      single(
        pyJson("WARNING", "logging", "callHandlers", 1706, "Session access failed (middleware not installed?): SessionMiddleware must be installed to access request.session", "logging"),
        true,
      ),
  },
  {
    id: "db-user-auto-create",
    service: "backend",
    rates: { "window-1": { perMinute: 2 }, "window-2": { perMinute: 2 } },
    occur: (rng) => {
      const ms = (5 + rng.next() * 40).toFixed(2);
      const message = `[🔑] DATABASE USER AUTO-CREATE: User ${rng.int(10_000_000, 99_999_999)}... not found in database (response_time: ${ms}ms, service_status: database_healthy_but_user_missing, action: auto-creating from JWT=REDACTED`;
      return single(pyJson("WARNING", "logging", "callHandlers", 1706, message, "logging"), true);
    },
  },
  {
    id: "startup-race-condition",
    service: "backend",
    rates: {
      "window-1": { perMinute: 0.3, burst: { minute: 24, minutes: 2, factor: 20 } },
      "window-2": { perMinute: 0.3, burst: { minute: 21, minutes: 2, factor: 20 } },
    },
    occur: (rng) => {
      const waited = (1.5 + rng.next() * 1.5).toFixed(1);
      const message = `[🔴] RACE CONDITION DETECTED: Startup phase 'no_app_state' did not reach 'services' within ${waited}s - this would cause WebSocket 1011 errors`;
      return single(pyJson("ERROR", GCP_VALIDATOR, "validate_gcp_readiness_for_websocket", 897, message), false);
    },
  },
  {
    // New in the later window: the factory check at 1207 and the fallback it takes at 1215 are one problem.
    id: "ws-manager-factory-violation",
    service: "backend",
    rates: { "window-2": { perMinute: 2, revisions: "after-rollout" } },
    occur: (rng) => ({
      traced: true,
      lines: [
        { offsetUs: 0, line: pyJson("ERROR", WS_SSOT, "_create_websocket_manager", 1207, "WebSocket manager creation failed: Direct instantiation not allowed. Use get_websocket_manager() factory function.") },
        { offsetUs: rng.int(200, 700), line: pyJson("WARNING", WS_SSOT, "_create_websocket_manager", 1215, `Falling back to emergency WebSocket manager for user ${user(rng)} (connection ${connection(rng)})`) },
      ],
    }),
  },
  {
    // Fixed by the rollout in the first window, back in the next revision: a regression.
    id: "agent-bridge-missing-handler",
    service: "backend",
    rates: { "window-1": { perMinute: 2, revisions: "before-rollout" }, "window-2": { perMinute: 2, revisions: "after-rollout" } },
    occur: (rng) =>
      single(pyJson("ERROR", WS_SSOT, "handle_message", 258, `AgentBridgeHandler error for user ${user(rng)}: 'AgentWebSocketBridge' object has no attribute 'handle_message'`), true),
  },
  {
    // Gone in the later window.
    id: "legacy-message-type",
    service: "backend",
    rates: { "window-1": { perMinute: 0.6 } },
    occur: () =>
      single(
        pyJson(
          "ERROR",
          WS_SSOT,
          "_legacy_message_loop",
          1619,
          `[LEGACY MODE] Message loop error: Invalid message type 'legacy_response': Unknown message type: 'legacy_response'. Valid types: ${VALID_TYPES}`,
        ),
        false,
      ),
  },
  {
    id: "ws-readiness-rejection",
    service: "backend",
    rates: { "window-1": { perMinute: 0.8, burst: { minute: 24, minutes: 3, factor: 6 } }, "window-2": { perMinute: 0.8 } },
    occur: () =>
      single(
        pyJson(
          "WARNING",
          READINESS,
          "_reject_websocket_connection_cloud_run_compatible",
          461,
          "[?] Rejecting WebSocket connection (Issue #449 protection) - State: unknown, Failed services: [], Error: service_not_ready, Path: /websocket",
        ),
        true,
      ),
  },
  {
    id: "http-beacon-405",
    service: "backend",
    rates: { "window-1": { perMinute: 2 }, "window-2": { perMinute: 2 } },
    occur: (rng) =>
      request(rng, {
        severity: "WARNING",
        method: "POST",
        url: `${BACKEND_HOST}/ws/beacon`,
        status: 405,
        latency: [0.002, 0.02],
        userAgent: rng.pick(BROWSERS),
        referer: "https://app.staging.netrasystems.ai/",
      }),
  },
  {
    id: "http-thread-messages-500",
    service: "backend",
    rates: { "window-1": { perMinute: 0.8 }, "window-2": { perMinute: 0.9 } },
    occur: (rng) =>
      request(rng, {
        severity: "ERROR",
        method: "POST",
        url: `${BACKEND_HOST}/api/threads/${rng.uuid()}/messages${rng.chance(0.3) ? `?stream=true&client_msg_id=${rng.int(1000, 99999)}` : ""}`,
        status: 500,
        latency: [0.3, 2.8],
        userAgent: rng.pick(BROWSERS),
        referer: "https://app.staging.netrasystems.ai/chat",
      }),
  },
  {
    id: "http-security-txt-404",
    service: "backend",
    rates: { "window-1": { perMinute: 0.25 }, "window-2": { perMinute: 0.25 } },
    occur: (rng) =>
      request(rng, {
        severity: "WARNING",
        method: "GET",
        url: `${BACKEND_HOST}/.well-known/security.txt`,
        status: 404,
        latency: [0.001, 0.006],
        userAgent: "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers' presences on the Internet.",
      }),
  },
  {
    // An uncaught exception in a background task: Python prints it to stderr as plain text (severity DEFAULT).
    id: "agent-heartbeat-connection-reset",
    service: "backend",
    rates: { "window-1": { perMinute: 0.4 }, "window-2": { perMinute: 0.4 } },
    occur: (rng) =>
      single(
        {
          kind: "text",
          severity: "DEFAULT",
          stream: "stderr",
          text: [
            "Task exception was never retrieved",
            `future: <Task finished name='Task-${rng.int(1000, 99999)}' coro=<AgentRegistry._heartbeat() done, defined at /app/netra_backend/app/agents/registry.py:201> exception=ConnectionResetError(104, 'Connection reset by peer')>`,
            "Traceback (most recent call last):",
            '  File "/app/netra_backend/app/agents/registry.py", line 214, in _heartbeat',
            "    await self._redis.publish(channel, payload)",
            '  File "/usr/local/lib/python3.12/site-packages/redis/asyncio/client.py", line 612, in execute_command',
            "    return await conn.retry.call_with_retry(",
            '  File "/usr/local/lib/python3.12/asyncio/streams.py", line 364, in drain',
            "    raise ConnectionResetError('Connection lost')",
            "ConnectionResetError: [Errno 104] Connection reset by peer",
          ].join("\n"),
        },
        false,
      ),
  },
  {
    id: "uvicorn-invalid-http-request",
    service: "backend",
    rates: { "window-1": { perMinute: 0.5 }, "window-2": { perMinute: 0.5 } },
    occur: () => single({ kind: "text", severity: "DEFAULT", stream: "stderr", text: "WARNING:  Invalid HTTP request received." }, false),
  },
  {
    id: "auth-session-check-undefined",
    service: "auth",
    rates: { "window-1": { perMinute: 2, arrival: "periodic" }, "window-2": { perMinute: 2, arrival: "periodic" } },
    occur: () =>
      single(
        {
          kind: "auth-json",
          severity: "WARNING",
          logger: "__main__",
          message: "Session management check failed: name 'auth_service' is not defined",
          error: { type: "str", message: "Missing field" },
        },
        false,
      ),
  },
  {
    // Differs from auth-session-cache-refresh in one constant word; different code, different problem.
    id: "auth-token-cache-refresh",
    service: "auth",
    rates: { "window-1": { perMinute: 1 }, "window-2": { perMinute: 1 } },
    occur: (rng) =>
      single(
        {
          kind: "auth-json",
          severity: "ERROR",
          logger: "auth_service.cache",
          message: `Failed to refresh token cache: Timeout connecting to redis at 10.128.0.${rng.int(2, 40)}:6379 after ${rng.int(1000, 5000)}ms (attempt ${rng.int(1, 3)}/3)`,
          sourceLocation: { file: "/app/auth_service/services/token_cache.py", line: 212, function: "TokenCache.refresh" },
        },
        false,
      ),
  },
  {
    id: "auth-session-cache-refresh",
    service: "auth",
    rates: { "window-1": { perMinute: 0.7 }, "window-2": { perMinute: 0.7 } },
    occur: (rng) =>
      single(
        {
          kind: "auth-json",
          severity: "ERROR",
          logger: "auth_service.cache",
          message: `Failed to refresh session cache: Timeout connecting to redis at 10.128.0.${rng.int(2, 40)}:6379 after ${rng.int(1000, 5000)}ms (attempt ${rng.int(1, 3)}/3)`,
          sourceLocation: { file: "/app/auth_service/services/session_store.py", line: 97, function: "SessionStore.refresh" },
        },
        false,
      ),
  },
  {
    id: "http-service-token-401",
    service: "auth",
    rates: { "window-1": { perMinute: 1 }, "window-2": { perMinute: 1 } },
    occur: (rng) =>
      request(rng, {
        severity: "WARNING",
        method: "POST",
        url: `${AUTH_HOST}/auth/service-token`,
        status: 401,
        latency: [0.004, 0.05],
        userAgent: "python-httpx/0.27.0",
      }),
  },
  {
    id: "auth-e2e-bypass-rejected",
    service: "auth",
    rates: { "window-1": { perMinute: 0.5 }, "window-2": { perMinute: 0.5 } },
    occur: (rng) =>
      single(
        {
          kind: "auth-json",
          severity: "WARNING",
          logger: "auth_service.routes.e2e",
          message: `E2E bypass rejected for ${ip(rng)}: Invalid E2E bypass key (api_key=${fakeCredential(rng, "e2e_")})`,
        },
        true,
      ),
  },
  {
    id: "auth-db-pool-exhausted",
    service: "auth",
    rates: { "window-1": { perMinute: 0.3, burst: { minute: 45, minutes: 2, factor: 15 } }, "window-2": { perMinute: 0.3 } },
    occur: (rng) =>
      single(
        {
          kind: "auth-json",
          severity: "ERROR",
          logger: "auth_service.db",
          message: `QueuePool limit of size 20 overflow 10 reached for postgresql+asyncpg://auth_svc:${fakeCredential(rng, "pw")}@10.128.0.12:5432/auth, connection timed out after ${(20 + rng.next() * 10).toFixed(1)}s`,
          error: { type: "TimeoutError", message: "QueuePool limit reached" },
          sourceLocation: { file: "/app/auth_service/db/session.py", line: 64, function: "get_session" },
        },
        true,
      ),
  },
  {
    // An uncaught exception in a request handler, printed by uvicorn to stderr.
    id: "auth-oauth-profile-error",
    service: "auth",
    rates: { "window-1": { perMinute: 0.3 }, "window-2": { perMinute: 0.5 } },
    occur: (rng) =>
      single(
        {
          kind: "text",
          severity: "DEFAULT",
          stream: "stderr",
          text: [
            "ERROR:    Exception in ASGI application",
            "Traceback (most recent call last):",
            '  File "/usr/local/lib/python3.12/site-packages/uvicorn/protocols/http/httptools_impl.py", line 409, in run_asgi',
            "    result = await app(  # type: ignore[func-returns-value]",
            '  File "/app/auth_service/routes/oauth.py", line 88, in google_callback',
            "    profile = await client.fetch_profile(token)",
            '  File "/app/auth_service/clients/google.py", line 41, in fetch_profile',
            '    raise OAuthProfileError(f"profile fetch failed: {resp.status}")',
            `auth_service.clients.google.OAuthProfileError: profile fetch failed: ${rng.pick([502, 503, 504])} for session sess_${rng.hex(16)}`,
          ].join("\n"),
        },
        true,
      ),
  },
  {
    // A crash loop: the new revision imports a module it does not ship. Every restart (about every 20 s on
    // the one instance that keeps trying) writes the traceback, the middleware failure, gunicorn's worker
    // exit and Cloud Run's container exit, and the requests routed to it in the meantime get 503s.
    // One problem, named after the import error; the 503s and exits are its symptoms.
    id: "crash-loop-missing-module",
    service: "backend",
    rates: { "window-1": { perMinute: 3, arrival: "periodic", minutes: [40, 46], revisions: "after-rollout", oneInstance: true } },
    occur: (rng, timeUs) => {
      const lines: OccurrenceLine[] = [
        {
          offsetUs: 0,
          line: {
            kind: "text",
            severity: "ERROR",
            stream: "stderr",
            text: [
              "Traceback (most recent call last):",
              '  File "/app/netra_backend/app/main.py", line 14, in <module>',
              "    app = create_app()",
              '  File "/app/netra_backend/app/core/app_factory.py", line 88, in setup_middleware',
              "    from netra_backend.app.middleware.sentry_hooks import SentryHooks",
              "ModuleNotFoundError: No module named 'netra_backend.app.middleware.sentry_hooks'",
            ].join("\n"),
          },
        },
        { offsetUs: rng.int(2_000, 6_000), line: pyJson("ERROR", "netra_backend.app.core.app_factory", "create_app", 131, "Failed to setup middleware: No module named 'netra_backend.app.middleware.sentry_hooks'") },
        { offsetUs: rng.int(40_000, 90_000), line: { kind: "text", severity: "DEFAULT", stream: "stderr", text: `[${formatPythonIso(timeUs).slice(0, 19).replace("T", " ")} +0000] [1] [ERROR] Worker (pid:${rng.int(8, 40)}) exited with code 3` } },
        { offsetUs: rng.int(150_000, 400_000), line: { kind: "text", severity: "WARNING", stream: "varlog/system", text: "Container called exit(3)." } },
      ];
      // every restart boots, and every boot logs the startup warning (its own problem: it is logged outside the loop too)
      if (rng.chance(0.8)) lines.unshift({ offsetUs: 0, line: SENTRY_UNAVAILABLE, label: "startup-sentry-unavailable" });
      for (let n = rng.int(3, 8); n > 0; n--) {
        const path = rng.pick(CRASH_ROUTES);
        lines.push({
          offsetUs: rng.int(500_000, 19_000_000),
          ownTrace: true,
          line: {
            kind: "request",
            severity: "ERROR",
            method: path === "/api/threads" ? rng.pick(["GET", "POST"]) : "GET",
            url: `${BACKEND_HOST}${path}`,
            status: 503,
            latencySeconds: 0.001 + rng.next() * 0.01,
            userAgent: rng.pick(BROWSERS),
            remoteIp: ip(rng),
            requestSize: rng.int(180, 900),
            responseSize: rng.int(90, 200),
          },
        });
      }
      return { traced: false, lines };
    },
  },
  {
    // Logged once on every boot: in the crash loop above (every restart) and at ordinary instance starts all
    // window long. Present outside the incident, so it is its own problem and not a symptom of the crash loop.
    id: "startup-sentry-unavailable",
    service: "backend",
    rates: { "window-1": { perMinute: 0.12 }, "window-2": { perMinute: 0.12 } },
    occur: () => single(SENTRY_UNAVAILABLE, false),
  },
  {
    // Also logged through the logging framework's frames (logging/callHandlers/1706), unrelated to the one above.
    id: "enhanced-middleware-setup-failed",
    service: "backend",
    rates: { "window-1": { perMinute: 0.3 }, "window-2": { perMinute: 0.3 } },
    occur: (rng) =>
      single(
        pyJson("WARNING", "logging", "callHandlers", 1706, `Enhanced middleware setup failed, using basic middleware: rate limiter backend unreachable after ${rng.int(100, 900)}ms`, "netra_backend.app.middleware.setup"),
        true,
      ),
  },
  {
    // Cloud Run's own line for a request whose response was malformed: once beside the request's httpRequest
    // (status 503, on whichever route it was), and often once more in the platform log without one.
    id: "platform-malformed-response",
    service: "backend",
    rates: { "window-1": { perMinute: 0.5 }, "window-2": { perMinute: 0.6 } },
    occur: (rng) => {
      const path = rng.pick(MALFORMED_ROUTES);
      const lines: OccurrenceLine[] = [
        {
          offsetUs: 0,
          line: {
            kind: "request",
            severity: "ERROR",
            method: rng.pick(["GET", "POST"]),
            url: `${BACKEND_HOST}${path}`,
            status: 503,
            latencySeconds: 0.5 + rng.next() * 4,
            userAgent: rng.pick(BROWSERS),
            remoteIp: ip(rng),
            requestSize: rng.int(180, 2400),
            responseSize: 0,
            text: MALFORMED,
          },
        },
      ];
      if (rng.chance(0.6)) lines.push({ offsetUs: rng.int(1_000, 80_000), line: { kind: "text", severity: "ERROR", stream: "varlog/system", text: MALFORMED } });
      return { traced: true, lines };
    },
  },
  {
    // A rate-limit storm: every route answers 429 for a few minutes (no instance available).
    id: "http-429-storm",
    service: "backend",
    rates: { "window-2": { perMinute: 45, minutes: [30, 34] } },
    occur: (rng) =>
      request(rng, {
        severity: "WARNING",
        method: "GET",
        url: `${BACKEND_HOST}${rng.pick(STORM_ROUTES)}`,
        status: 429,
        latency: [0.0005, 0.003],
        userAgent: rng.pick(BROWSERS),
      }),
  },
  {
    // A scanner sweeping paths that do not exist, two minutes long: one problem, not thirty.
    id: "http-scanner-sweep",
    service: "backend",
    rates: { "window-2": { perMinute: 25, minutes: [12, 14] } },
    occur: (rng) =>
      request(rng, {
        severity: "WARNING",
        method: "GET",
        url: `${BACKEND_HOST}${rng.pick(SCANNED_PATHS)}`,
        status: 404,
        latency: [0.0005, 0.002],
        userAgent: "Mozilla/5.0 zgrab/0.x",
      }),
  },
  {
    // The database slows down twice an hour: a query times out, and some of the time the code retries it on a
    // fresh connection. Counts differ (not every timeout is retried), both lines are in fetch_messages().
    id: "db-query-timeout-retry",
    service: "backend",
    rates: { "window-1": { perMinute: 0.04, burst: { minute: 15, minutes: 4, factor: 60 } }, "window-2": { perMinute: 0.04, burst: { minute: 48, minutes: 3, factor: 60 } } },
    occur: (rng) => {
      const thread = rng.uuid();
      const lines: OccurrenceLine[] = [
        { offsetUs: 0, line: pyJson("WARNING", MESSAGE_STORE, "fetch_messages", 212, `Query timed out after 30s: SELECT id, body, created_at FROM messages WHERE thread_id = '${thread}' ORDER BY created_at DESC LIMIT 50`) },
      ];
      if (rng.chance(0.4)) lines.push({ offsetUs: rng.int(20_000, 90_000), line: pyJson("WARNING", MESSAGE_STORE, "fetch_messages", 219, `Retrying query on fresh connection (attempt ${rng.int(2, 3)}/3) for thread ${thread}`) });
      return { traced: true, lines };
    },
  },
  {
    // A background task that retries with backoff and gives up after five attempts: five retries, one give-up.
    id: "usage-sync-give-up",
    service: "backend",
    rates: { "window-1": { perMinute: 0.12 }, "window-2": { perMinute: 0.1 } },
    occur: (rng) => {
      const lines: OccurrenceLine[] = [0, 1, 2, 4, 8].map((seconds, attempt) => ({
        offsetUs: seconds * 1_000_000 + rng.int(0, 50_000),
        line: pyJson("WARNING", USAGE_SYNC, "sync_usage", 77, `Usage sync attempt ${attempt + 1}/5 failed: upstream returned ${rng.pick([502, 504])}; retrying in ${2 ** attempt}s`),
      }));
      lines.push({ offsetUs: 9_000_000 + rng.int(0, 50_000), line: pyJson("ERROR", USAGE_SYNC, "sync_usage", 84, "Giving up on usage sync after 5 attempts; usage for this hour is not recorded") });
      return { traced: false, lines };
    },
  },
  {
    // One message whose HTTP method varies: one problem, not one per method.
    id: "bearer-auth-fallback",
    service: "backend",
    rates: { "window-1": { perMinute: 1.5 }, "window-2": { perMinute: 1.5 } },
    occur: (rng) =>
      single(pyJson("WARNING", "netra_backend.app.middleware.auth", "authenticate", 155, `Falling back to bearer auth for ${rng.pick(["GET", "POST", "PUT", "DELETE"])} ${rng.pick(["/api/threads", "/api/agents/run", "/api/settings", "/api/files/upload"])} (session unavailable)`), true),
  },
  {
    // A payload dump: the payload's values (and its type) vary, its shape does not.
    id: "invalid-client-json",
    service: "backend",
    rates: { "window-1": { perMinute: 0.8 }, "window-2": { perMinute: 0.8 } },
    occur: (rng) => {
      const type = rng.pick(["typing", "user_message", "ping", "agent_request"]);
      const payload = `{"type": "${type}", "thread_id": "th_${rng.hex(10)}", "content": ${rng.chance(0.5) ? `"${rng.pick(["hi", "hello there", "run report"])}"` : "null"}, "seq": ${rng.int(1, 500)}}`;
      return single(pyJson("WARNING", WS_SSOT, "_parse_client_message", 1102, `Invalid JSON from client: Expecting ',' delimiter: payload=${payload}`), true);
    },
  },
  {
    // Two problems in one function, at different times: invoice mismatches early in the first window,
    // webhook signature failures late in it. The same function, minutes that do not overlap: two problems.
    id: "billing-invoice-mismatch",
    service: "backend",
    rates: { "window-1": { perMinute: 2, minutes: [5, 12] } },
    occur: (rng) => single(pyJson("ERROR", BILLING, "reconcile", 61, `Invoice total mismatch for account acct_${rng.hex(8)}: expected ${rng.int(10, 99)}.00, got ${rng.int(10, 99)}.50`), false),
  },
  {
    id: "billing-webhook-signature",
    service: "backend",
    rates: { "window-1": { perMinute: 1.5, minutes: [50, 58] } },
    occur: (rng) => single(pyJson("WARNING", BILLING, "reconcile", 44, `Stripe webhook signature mismatch for event evt_${rng.hex(12)}; event ignored`), false),
  },
  {
    // Health checks and startup lines: INFO, left out by --min-severity WARNING.
    id: "info-health-check",
    service: "backend",
    rates: { "window-1": { perMinute: 2, arrival: "periodic" }, "window-2": { perMinute: 2, arrival: "periodic" } },
    occur: (rng) =>
      request(rng, { severity: "INFO", method: "GET", url: `${BACKEND_HOST}/health`, status: 200, latency: [0.001, 0.004], userAgent: "GoogleHC/1.0" }),
  },
  {
    id: "info-websocket-accepted",
    service: "backend",
    rates: { "window-1": { perMinute: 1 }, "window-2": { perMinute: 1 } },
    occur: (rng) =>
      single(pyJson("INFO", WS_SSOT, "websocket_endpoint", 402, `WebSocket connection accepted for user ${user(rng)} (connection ${connection(rng)})`), true),
  },
];
