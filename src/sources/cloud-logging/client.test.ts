import assert from "node:assert/strict";
import { test } from "node:test";
import { SourceError } from "../../model/errors.js";
import { entriesListUrl, parsePage } from "./client.js";

const urls: ReadonlyArray<readonly [string, string]> = [
  ["https://logging.googleapis.com", "https://logging.googleapis.com/v2/entries:list"],
  ["http://127.0.0.1:4040/", "http://127.0.0.1:4040/v2/entries:list"],
  ["https://proxy.example.com/logging", "https://proxy.example.com/logging/v2/entries:list"],
];
for (const [endpoint, expected] of urls) test(`entries:list URL for ${endpoint}`, () => assert.equal(entriesListUrl(endpoint), expected));

const pages: ReadonlyArray<readonly [string, unknown, unknown]> = [
  ["a page with entries and a token", { entries: [{ a: 1 }], nextPageToken: "t" }, { entries: [{ a: 1 }], nextPageToken: "t" }],
  ["an empty page that still has a token", { nextPageToken: "t" }, { entries: [], nextPageToken: "t" }],
  ["the last page", { entries: [{ a: 1 }] }, { entries: [{ a: 1 }] }],
  ["an empty token ends the read", { entries: [], nextPageToken: "" }, { entries: [] }],
  ["an empty object", {}, { entries: [] }],
];
for (const [name, body, expected] of pages) test(`parses ${name}`, () => assert.deepEqual(parsePage(body), expected));

const malformed: ReadonlyArray<readonly [string, unknown]> = [
  ["an array", []],
  ["null", null],
  ["entries that are not an array", { entries: {} }],
  ["a numeric token", { nextPageToken: 5 }],
];
for (const [name, body] of malformed) test(`rejects ${name}`, () => assert.throws(() => parsePage(body), SourceError));
