// Which repository, labels and assignees a problem's issue gets, from its service. Pure.
import type { RouteConfig } from "../config/sections/routing.js";

export interface IssueRoute {
  readonly repo?: string;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
}

/** `api-*` → /^api-.*$/; `?` is one character; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** The first route whose patterns match the service; none for a problem without a service. */
export function routeFor(service: string | undefined, routes: readonly RouteConfig[]): IssueRoute | undefined {
  if (service === undefined) return undefined;
  const route = routes.find((r) => r.services.some((pattern) => globToRegExp(pattern).test(service)));
  return route ? { ...(route.repo ? { repo: route.repo } : {}), labels: route.labels, assignees: route.assignees } : undefined;
}
