import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { maskCalendarWords, maskWord } from "./masking.js";

describe("maskWord", () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ["a number", "42", "<*>"],
    ["a decimal", "1.16", "<*>"],
    ["a signed number", "-856", "<*>"],
    ["a bound before a number", "<1", "<*>"],
    ["a duration", "250ms", "<*>"],
    ["a hex value", "0x1f2a", "<*>"],
    ["an IPv4 address and port", "10.0.0.1:8080", "<*>:<*>"],
    ["an IPv4 address inside brackets", "[173.234.31.186]", "[<*>]"],
    ["a host and port", "www.example.com:443", "<*>:<*>"],
    ["a host name", "proxy.example.hk", "<*>"],
    ["a version", "v1.0.0", "<*>"],
    ["a numbered host and port", "msra-sa-41:9000", "<*>:<*>"],
    ["a host with its address", "msra-sa-41/10.190.173.170:9000", "<*>/<*>:<*>"],
    ["a key with a number after a colon stays a key", "Error:404", "Error:<*>"],
    ["a numbered host", "220-135-151-1.hinet-ip.hinet.net", "<*>"],
    ["a UUID", "550e8400-e29b-41d4-a716-446655440000", "<*>"],
    ["an absolute path", "/var/log/app.log", "<*>"],
    ["a path with a port after it", "/10.10.34.11:45307", "<*>:<*>"],
    ["a URL", "hdfs://namenode:9000/a/b", "hdfs://<*>"],
    ["an email address", "ops@example.com", "<*>"],
    ["an ISO timestamp", "2015-10-18T18:01:47.978Z", "<*>"],
    ["the variables inside a double-quoted value", '"job 42 done"', '"job <*> done"'],
    ["a quoted request line: its method is a variable too", '"GET /v2/servers/detail HTTP/1.1"', '"<*> <*> HTTP/<*>"'],
    ["an HTTP method", "PATCH", "<*>"],
    ["a hex id with a single digit", '"main_addcee5b",', '"<*>",'],
    ["a hex id without a digit", "main_debbaccf", "<*>"],
    ["a word joined by _ to a hex-letter word stays", "add_face", "add_face"],
    ["a truncated id, ellipsis kept", "usr_dae2...", "<*>..."],
    ["a truncated id without a digit", "usr_eafd...", "<*>..."],
    ["a quoted truncated id", '"usr_eafd...",', '"<*>...",'],
    ["a truncated id with a Unicode ellipsis", "sess_0b1c\u2026", "<*>\u2026"],
    ["prose trailing off stays", "Retrying...", "Retrying..."],
    ["a snake_case name trailing off stays", "load_config...", "load_config..."],
    ["a level as a level is written", "[ERROR]", "[<*>]"],
    ["a level before a colon", "WARNING:", "<*>:"],
    ["an upper-case word that is not a level's form", "ERROR", "ERROR"],
    ["none as a value", "state=none,", "state=<*>,"],
    ["none as a word", "none", "none"],
    ["a quoted value after a key, keeping its words", 'msg="failed to connect",', 'msg="failed to connect",'],
    ["a boolean", "true", "<*>"],
    ["a boolean after a key", "overlap:false", "overlap:<*>"],
    ["a null after a key", "ws=null,", "ws=<*>,"],
    ["a negative number after a key", "Translation=-24.0", "Translation=<*>"],
    ["a word that starts like a literal stays", "nullable", "nullable"],
    ["lower-case none stays (a method name)", "none", "none"],
    ["an octal-escaped quoted value", "\\042alt0\\042", "<*>"],
    ["a key=value value", "(HWID=1973)", "(HWID=<*>)"],
    ["an id joined by underscores", "main_e1999c70", "<*>"],
    ["a block id with a sign", "blk_-6952295868487656571", "<*>"],
    ["a dashed id keeps its words", "demo-user-001", "demo-user-<*>"],
    ["a single digit inside a name stays", "ssh2", "ssh2"],
    ["a name with one digit stays", "log4j", "log4j"],
    ["a file name with one digit stays", "hadoop-metrics2.properties", "hadoop-metrics2.properties"],
    ["a Java class stays", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster", "org.apache.hadoop.mapreduce.v2.app.MRAppMaster"],
    ["a plain word stays", "terminating", "terminating"],
    ["an object address keeps its class", "Event@3ac5b4", "Event@<*>"],
  ];
  for (const [what, word, expected] of cases) {
    test(`masks ${what}`, () => assert.equal(maskWord(word), expected));
  }

  test("never changes a word made of letters and common punctuation", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z_,;:()[\]-]{0,20}$/), (word) => {
        assert.equal(maskWord(word), word);
      }),
    );
  });
});

describe("maskCalendarWords", () => {
  test("masks day and month names that stand next to a masked number", () => {
    const tokens = ["on", "Jun", "<*>,", "<*>"];
    maskCalendarWords(tokens);
    assert.deepEqual(tokens, ["on", "<*>", "<*>,", "<*>"]);
  });

  test("folds a date in words and the year after it into the clock time", () => {
    const tokens = ["at", "Fri", "Jun", "<*>", "<*>:<*>:<*>", "<*>"];
    maskCalendarWords(tokens);
    assert.deepEqual(tokens, ["at", "<*>:<*>:<*>"]);
  });

  test("leaves a year apart when a time zone stands between", () => {
    const tokens = ["#<*>", "Sat", "May", "<*>", "<*>:<*>:<*>", "EDT", "<*>"];
    maskCalendarWords(tokens);
    assert.deepEqual(tokens, ["#<*>", "<*>:<*>:<*>", "EDT", "<*>"]);
  });

  test("folds every date of a line", () => {
    const tokens = ["from", "Jun", "<*>", "<*>:<*>", "to", "Mon", "Jun", "<*>", "<*>:<*>:<*>", "<*>", "done"];
    maskCalendarWords(tokens);
    assert.deepEqual(tokens, ["from", "<*>:<*>", "to", "<*>:<*>:<*>", "done"]);
  });

  test("makes a run of more than eight values one list value, and leaves a shorter run", () => {
    const list = ["delete", ...Array.from({ length: 9 }, () => "<*>"), "now"];
    maskCalendarWords(list);
    assert.deepEqual(list, ["delete", "<*>", "now"]);
    const fixed = ["speeds", "(", ...Array.from({ length: 8 }, () => "<*>"), ")"];
    maskCalendarWords(fixed);
    assert.equal(fixed.length, 11);
  });

  test("makes a number and its size unit one value", () => {
    const tokens = ["size", "<*>", "KB,", "free", "(<*>", "MB)", "took", "<*>", "ms", "node-<*>", "GB"];
    maskCalendarWords(tokens);
    assert.deepEqual(tokens, ["size", "<*>,", "free", "(<*>)", "took", "<*>", "ms", "node-<*>", "GB"]);
  });

  test("keeps a month name that is not part of a date", () => {
    const tokens = ["report", "for", "May", "is", "ready"];
    maskCalendarWords(tokens);
    assert.deepEqual(tokens, ["report", "for", "May", "is", "ready"]);
  });
});
