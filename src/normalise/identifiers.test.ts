import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fnv1a64Hex as fnv1a64 } from "../model/hash.js";
import { canonicalJson, contentKey } from "./content-hash.js";
import { extractIdentifiers } from "./identifiers.js";

describe("extractIdentifiers", () => {
  const cases: [string, string, string[], string[]][] = [
    ["a user in prose", "Multiple manager instances for user demo-user-001 - potential duplication", ["demo-user-001"], []],
    ["a connection in prose", "circuit breaker for connection main_e1999c70 - user_id: pending, connection_state: connected", [], ["main_e1999c70"]],
    ["keys inside embedded JSON", '{"connection_id": "main_b9ceb17a", "user_id": "demo-user-001"}', ["demo-user-001"], ["main_b9ceb17a"]],
    ["key=value pairs", "user_id=u42 session_id=s-9f2 request_id=r123", ["u42"], ["s-9f2", "r123"]],
    ["an email and an email mask token", "sent to a@example.com and <email:3fa2b1>", ["<email:3fa2b1>", "a@example.com"], []],
    ["no ids in ordinary words", "Connection pool exhausted for user session handling", [], []],
    ["no id from a value the application cut short", '{"user_id": "demo-use..."}', [], []],
    ["no id from a placeholder", "user_id: unknown, user: anonymous", [], []],
  ];
  for (const [name, text, users, connections] of cases) {
    test(`finds ${name}`, () => {
      const ids = extractIdentifiers([text], [], 16);
      assert.deepEqual([...ids.users].sort(), [...users].sort());
      assert.deepEqual([...ids.connections].sort(), [...connections].sort());
    });
  }

  test("finds ids in structured keys, one level down too", () => {
    const ids = extractIdentifiers([], [{ context: { user_id: "u-1", connectionId: "c-1" }, message: "user_id: not-this" }], 16, new Set(["message"]));
    assert.deepEqual(ids, { users: ["u-1"], connections: ["c-1"] });
  });

  test("every user and connection key spelling is looked at, the longest and capitalised ones included", () => {
    const ids = extractIdentifiers([], [{ Principal_Email: "p@x.io", UID: "u-7", Correlation_Id: "k-1", WS_ID: "w-2", MemberId: "m-3" }], 16);
    assert.deepEqual(ids, { users: ["p@x.io", "u-7", "m-3"], connections: ["k-1", "w-2"] });
  });

  test("keeps at most max ids per list", () => {
    const text = Array.from({ length: 30 }, (_, i) => `user_id=u${i}`).join(" ");
    assert.equal(extractIdentifiers([text], [], 5).users.length, 5);
  });
});

describe("content hash", () => {
  test("matches the FNV-1a 64 reference vectors", () => {
    assert.equal(fnv1a64(""), "cbf29ce484222325");
    assert.equal(fnv1a64("a"), "af63dc4c8601ec8c");
    assert.equal(fnv1a64("foobar"), "85944171f73967e8");
  });
  test("canonical JSON sorts keys at every level", () => assert.equal(canonicalJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: null } }), '{"a":{"c":null,"d":[1,{"e":2,"f":1}]},"b":1}'));
  test("a mask token's run-keyed hash does not change the key", () =>
    assert.equal(contentKey("login failed for <email:3fa2b1>"), contentKey("login failed for <email:99aa00>")));
});

describe("whole ids", () => {
  const cases: readonly [string, string, readonly string[]][] = [
    ["an Auth0 database user", "login failed for user_id=auth0|5f7c8ec7c33c6c004bbafe82", ["auth0|5f7c8ec7c33c6c004bbafe82"]],
    ["a Google account through Auth0", 'user: "google-oauth2|103456789012345678901" denied', ["google-oauth2|103456789012345678901"]],
    ["an email", "user_id=ana.p+test@example.org rejected", ["ana.p+test@example.org"]],
    ["a UUID", "userId=3f2b8c1e-9d4a-4e6b-a1c2-7f8e9d0a1b2c timed out", ["3f2b8c1e-9d4a-4e6b-a1c2-7f8e9d0a1b2c"]],
    ["a pipe-separated line keeps its next field out", "user_id=42|action=login|status=ok", ["42"]],
  ];
  for (const [name, text, users] of cases) {
    test(`counts ${name} on the whole id`, () => assert.deepEqual(extractIdentifiers([text], [], 16).users, users));
  }
  test("connections keep the provider part too", () =>
    assert.deepEqual(extractIdentifiers(["session_id=auth0|abc123 closed"], [], 16).connections, ["auth0|abc123"]));
  test("two Auth0 users with the same provider are two users", () =>
    assert.equal(extractIdentifiers(["user_id=auth0|aaa111 user_id=auth0|bbb222"], [], 16).users.length, 2));
});
