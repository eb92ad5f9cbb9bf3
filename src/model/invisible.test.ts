import assert from "node:assert/strict";
import { test } from "node:test";
import { trimInvisible } from "./invisible.js";

test("drops a variation selector left at the start when its symbol was stripped", () => assert.equal(trimInvisible("\ufe0f 寫入訂單摘要失敗"), "寫入訂單摘要失敗"));
test("drops invisible formatting characters at either end", () => assert.equal(trimInvisible("\u200b\u2066 failed \u2069\ufeff"), "failed"));
test("keeps a variation selector that belongs to the symbol before it", () => assert.equal(trimInvisible("done ✅\ufe0f"), "done ✅\ufe0f"));
test("drops an orphaned selector at the end", () => assert.equal(trimInvisible("done \ufe0f\u200b"), "done"));
test("keeps invisible characters inside the text (escaping deals with those)", () => assert.equal(trimInvisible("a\ufe0fb"), "a\ufe0fb"));
