import assert from "node:assert/strict";
import { test } from "node:test";
import { maskPayloadValues } from "./payload-shape.js";

test("a JSON payload given as a value is mined by its keys, values masked, nested objects kept by shape", () => {
  assert.equal(
    maskPayloadValues('Invalid JSON from client: payload={"type": "typing", "id": 7, "data": {"a": [1, 2], "b": null}}'),
    'Invalid JSON from client: payload={"type": <*>, "id": <*>, "data": {"a": <*>, "b": <*>}}',
  );
  assert.equal(maskPayloadValues("got body={'user': 'x', 'n': 3}"), "got body={'user': <*>, 'n': <*>}");
});

test("two payloads of one shape give one text whatever their values", () => {
  const a = maskPayloadValues('Invalid JSON from client: payload={"type": "typing", "to": "u1"}');
  const b = maskPayloadValues('Invalid JSON from client: payload={"type": "message", "to": "u2"}');
  assert.equal(a, b);
});

test("a payload cut short is shaped as far as it goes", () => {
  assert.equal(maskPayloadValues('bad payload={"type": "typing", "conversation_id": "c_12'), 'bad payload={"type": <*>, "conversation_id": <*>');
});

test("key=value runs keep their keys; a single pair and an application's own context block are left to the miner", () => {
  assert.equal(maskPayloadValues("retry host=db.internal port=5432 db=main"), "retry host=<*> port=<*> db=<*>");
  assert.equal(maskPayloadValues("token JWT=REDACTED refused"), "token JWT=REDACTED refused");
  const context = 'ROUTING FAILURE CONTEXT: {"message_type": "disconnect", "n": 3}';
  assert.equal(maskPayloadValues(context), context);
  assert.equal(maskPayloadValues("set {a, b}"), "set {a, b}");
});
