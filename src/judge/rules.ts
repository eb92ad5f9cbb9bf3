// The default priority rules, as data. The first rule whose conditions all hold gives the priority.
import type { PriorityRule } from "../config/sections/judge.js";

/**
 * Words that say access control was bypassed or refused: a hole or an attack, worth a person's attention even at
 * WARNING. Kept narrow on purpose: a scanner's `GET /.well-known/security.txt 404` or a routine JWT note must not
 * become P1 just by naming the topic.
 */
export const SECURITY_BREACH_KEYWORDS: readonly string[] = [
  "permissive",
  "bypass",
  "unauthorized",
  "unauthenticated",
  "forbidden",
  "permission denied",
  "access denied",
  "csrf",
  "xss",
  "injection",
  "breach",
  "tamper",
  "privilege escalation",
];

/** Words that put a failure in security's territory: with ERROR or worse, the failure is in the auth path. */
export const SECURITY_KEYWORDS: readonly string[] = [
  ...SECURITY_BREACH_KEYWORDS,
  "auth", // authentication, authorization, auth_service, AuthError, OAuth
  "security",
  "credential",
  "password",
  "secret",
  "jwt", // not "token": "token cache timeout" and tokenizer errors are not the auth path
];

/** Words that mean a programming error, whatever level it was logged at: a NameError logged as WARNING is still a bug. */
export const CODE_DEFECT_KEYWORDS: readonly string[] = [
  "is not defined",
  "has no attribute",
  "NameError",
  "AttributeError",
  "TypeError",
  "KeyError",
  "NullPointerException",
  "cannot read properties of undefined",
  "cannot read properties of null",
];

/**
 * Words that point at lost or damaged data, which cannot be retried away. Not "integrity": SQLAlchemy's
 * IntegrityError is a unique-key clash a retry or a 409 answers, not lost data.
 */
export const DATA_LOSS_KEYWORDS: readonly string[] = [
  "data loss",
  "lost data",
  "data lost",
  "corrupt", // corrupt, corrupted, corruption
  "inconsistent state",
  "rollback failed",
  "dropped message",
  "checksum mismatch",
];

/** Words that say an attack got somewhere or protection is off: with ERROR or worse, someone must look now. */
export const SECURITY_INCIDENT_KEYWORDS: readonly string[] = ["breach", "bypass", "tamper", "privilege escalation", "injection", "csrf", "xss"];

/**
 * What a platform or server says when a process keeps dying or never becomes ready (Cloud Run, Kubernetes, gunicorn,
 * uvicorn, Node). Matched as normalised words: `CrashLoopBackOff` reads `crash loop back off`.
 */
export const CRASH_LOOP_KEYWORDS: readonly string[] = [
  "container called exit",
  "container terminated",
  "container exited",
  "container failed to start",
  "failed to start and then listen",
  "startup tcp probe failed",
  "startup http probe failed",
  "startup probe failed",
  "readiness probe failed",
  "liveness probe failed",
  "crash loop back off",
  "back off restarting failed container",
  "worker exited",
  "exited with code",
  "was sent sigkill",
  "worker timeout",
  "uncaught signal",
];

/**
 * Why these rules, in this order (Cloud Logging's LogSeverity says ALERT means "a person must take action
 * immediately", CRITICAL "more severe problems or outages", ERROR "likely to cause problems"):
 * - P0 is for what needs someone now: ALERT/EMERGENCY, a service that is hurt (a crash loop, most routes failing, most
 *   of many instances erroring), lost data, an attack that got somewhere, or CRITICAL in the auth path.
 * - P1 is for real failures that need fixing this week: any CRITICAL, errors in the auth path or that touch data,
 *   errors that keep coming, burst or reach many users, and breach words even at WARNING (a permissive-auth warning
 *   is a hole, however quiet).
 * - P2 is for the rest of the errors, for warnings that name a programming error, and for warnings loud or wide enough
 *   to hide real problems.
 * - P3 is everything else: known noise, a few warnings.
 * Rates are per minute over the window; with a 60-minute window, 1/min is 60 entries.
 */
export const DEFAULT_PRIORITY_RULES: readonly PriorityRule[] = [
  { name: "alert-or-emergency", priority: "P0", minSeverity: "ALERT" },
  // P0 also means the service is hurt, whatever level the platform logged it at:
  // a process that keeps exiting or failing its probes (3 in a window is a loop, 1 is a restart)…
  { name: "crash-loop", priority: "P0", keywords: [...CRASH_LOOP_KEYWORDS], minCount: 3 },
  // …most routes answering 5xx in the same minute (an outage, not one broken endpoint)…
  { name: "most-routes-5xx", priority: "P0", minFailingRouteShare: 0.5, minRoutes: 3 },
  // …an error at a sustained rate on most of the instances that logged anything, and on enough of them to be the
  // service rather than a handful of machines running the same code (where any bug is on all of them); instances count
  // only where it logged at ERROR or above…
  { name: "most-instances", priority: "P0", minSeverity: "ERROR", minRatePerMinute: 1, minInstanceShare: 0.8, minInstances: 10 },
  // …and errors that say data was lost or an attack got through.
  { name: "error-data-loss", priority: "P0", minSeverity: "ERROR", keywords: [...DATA_LOSS_KEYWORDS] },
  { name: "error-security-incident", priority: "P0", minSeverity: "ERROR", keywords: [...SECURITY_INCIDENT_KEYWORDS] },
  { name: "critical-security", priority: "P0", minSeverity: "CRITICAL", keywords: [...SECURITY_KEYWORDS] },
  // CRITICAL alone, however often, is P1: it is the application's own word (the sample's services log routing failures
  // at CRITICAL twice a minute), and P0 needs a sign that the service is hurt, above.
  { name: "critical", priority: "P1", minSeverity: "CRITICAL" },
  { name: "error-integrity", priority: "P1", minSeverity: "ERROR", keywords: ["integrity"] },
  { name: "error-security", priority: "P1", minSeverity: "ERROR", keywords: [...SECURITY_KEYWORDS] },
  { name: "error-sustained", priority: "P1", minSeverity: "ERROR", minRatePerMinute: 1 },
  { name: "error-burst", priority: "P1", minSeverity: "ERROR", minPeakPerMinute: 20 },
  { name: "error-many-users", priority: "P1", minSeverity: "ERROR", minDistinctUsers: 10 },
  { name: "breach-warning", priority: "P1", minSeverity: "WARNING", keywords: [...SECURITY_BREACH_KEYWORDS] },
  { name: "error", priority: "P2", minSeverity: "ERROR" },
  { name: "defect-warning", priority: "P2", minSeverity: "WARNING", keywords: [...CODE_DEFECT_KEYWORDS] },
  { name: "warning-sustained", priority: "P2", minSeverity: "WARNING", minRatePerMinute: 5 },
  { name: "warning-many-users", priority: "P2", minSeverity: "WARNING", minDistinctUsers: 10 },
  { name: "rest", priority: "P3" },
];
