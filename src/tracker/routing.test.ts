import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RoutingConfigSchema } from "../config/sections/routing.js";
import { globToRegExp, routeFor } from "./routing.js";

describe("globToRegExp", () => {
  for (const [glob, name, matches] of [
    ["api", "api", true],
    ["api", "api-v2", false],
    ["api-*", "api-v2", true],
    ["*-worker", "mail-worker", true],
    ["a?i", "api", true],
    ["svc.prod", "svcXprod", false],
    ["(x)", "(x)", true],
  ] as const) {
    test(`${glob} ${matches ? "matches" : "does not match"} ${name}`, () => assert.equal(globToRegExp(glob).test(name), matches));
  }
});

describe("routeFor", () => {
  const { routes } = RoutingConfigSchema.parse({
    routes: [
      { services: ["auth-*"], repo: "acme/auth", labels: ["team-auth"], assignees: ["alice"] },
      { services: ["*"], labels: ["triage"] },
    ],
  });
  test("the first matching route wins", () => assert.deepEqual(routeFor("auth-service", routes), { repo: "acme/auth", labels: ["team-auth"], assignees: ["alice"] }));
  test("a catch-all keeps the tracker's repository", () => assert.deepEqual(routeFor("api", routes), { labels: ["triage"], assignees: [] }));
  test("no service, no route", () => assert.equal(routeFor(undefined, routes), undefined));
  test("a login with a space is refused by the config", () => assert.equal(RoutingConfigSchema.safeParse({ routes: [{ services: ["x"], assignees: ["a b"] }] }).success, false));
});
