import type { Priority } from "./judgement.js";
import type { ProblemLinks } from "./links.js";

/** Why a problem is worth telling people about now. */
export type NotifyEventKind = "new" | "escalation" | "regression";

export interface NotifyEvent {
  readonly kind: NotifyEventKind;
  readonly fingerprint: string;
  readonly priority: Priority;
  /** For an escalation: the priority it had. */
  readonly from?: Priority;
  readonly name: string;
  readonly service?: string;
  readonly count: number;
  readonly ratePerMinute: number;
  readonly issue?: { readonly number: number; readonly url?: string };
  readonly links?: ProblemLinks;
}

/** What became of one sink's message this run; a failure is reported here and never fails the run. */
export interface NotificationOutcome {
  readonly sink: "slack" | "webhook";
  /** The configured name; never the URL, which is a secret for Slack. */
  readonly name: string;
  readonly status: "sent" | "failed" | "preview" | "nothing-to-send";
  readonly events: number;
  readonly attempts: number;
  readonly error?: string;
  /** The message's plain text, shown on a dry run instead of sending. */
  readonly preview?: string;
}
