import { z } from "zod";

const Route = z
  .object({
    /** Service names or glob patterns (`api`, `api-*`, `*-worker`); the first route that matches a problem's service wins. */
    services: z.array(z.string().min(1)).min(1),
    /** OWNER/NAME whose issues this service's problems go to; the tracker's repo when absent. */
    repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "OWNER/NAME").optional(),
    /** Added to the issues it creates, besides the bot, priority and category labels (kept by later runs). */
    labels: z.array(z.string().min(1)).default([]),
    /** GitHub logins assigned to the issues it creates (GitHub drops them silently without push access). */
    assignees: z.array(z.string().regex(/^[A-Za-z0-9-]+$/, "a GitHub login")).default([]),
  })
  .strict();

export const RoutingConfigSchema = z
  .object({
    /** Service → repository, labels and assignees, in order; unmatched services go to `tracker.repo`. */
    routes: z.array(Route).default([]),
    /**
     * New issues are also assigned to the users the target repository's CODEOWNERS names for the
     * problem's source file (last matching rule, as GitHub reads it; one read per repository per
     * run, only when an issue is created). Teams and emails cannot be assigned to issues: skipped.
     */
    codeowners: z.boolean().default(true),
  })
  .strict();
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;
export type RouteConfig = z.infer<typeof Route>;
