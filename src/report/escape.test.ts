import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  codeFence,
  escapeHtml,
  GITHUB_BODY_MAX_CHARS,
  inlineCode,
  markdownTableRow,
  markdownText,
  safeHref,
  scriptJson,
  stripAnsi,
  stripControl,
  terminalText,
  truncateMarkdown,
  truncateText,
} from "./escape.js";

const ZWSP = "\u200b";

describe("codeFence", () => {
  test("uses three backticks for text without backticks", () => assert.equal(codeFence("a\nb", "json"), "```json\na\nb\n```"));
  test("is longer than any backtick run in the text, so the text cannot close it", () => {
    const fenced = codeFence("x\n````\n<script>alert(1)</script>");
    assert.ok(fenced.startsWith("`````\n"));
    assert.ok(fenced.endsWith("\n`````"));
  });
  test("keeps the info string to one word", () => assert.equal(codeFence("x", "js`\n<b>"), "```jsb\nx\n```"));
  test("breaks HTML comment delimiters so a forged marker cannot be parsed back", () =>
    assert.equal(codeFence("<!-- log-gardener:v1 fp=x -->"), "```\n<\u200b!-- log-gardener:v1 fp=x --\u200b>\n```"));
  test("strips ANSI and control characters from the body", () => assert.equal(codeFence("\x1b[31mred\x1b[0m\x00"), "```\nred\n```"));
});

describe("inlineCode", () => {
  test("wraps plain text in one backtick", () => assert.equal(inlineCode("a b"), "`a b`"));
  test("uses a longer run and padding around backticks", () => assert.equal(inlineCode("`x``"), "``` `x`` ```"));
  test("puts everything on one line", () => assert.equal(inlineCode("a\nb"), "`a b`"));
  test("renders empty text as a visible space", () => assert.equal(inlineCode(""), "` `"));
});

describe("markdownText", () => {
  const cases: readonly [string, string, string][] = [
    ["breaks @mentions", "ping @octocat", `ping @${ZWSP}octocat`],
    ["breaks #123 issue references", "see #123", `see #${ZWSP}123`],
    ["breaks GH-123 references", "see GH-42", `see GH-${ZWSP}42`],
    ["escapes HTML", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"],
    ["keeps a comment opener out of the raw text", "<!-- x -->", "&lt;!-- x -->"],
    ["leaves a pipe alone outside a table", "a | b", "a | b"],
    ["escapes links", "[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"],
    ["breaks URL autolinks", "https://evil.example/x", `https:/${ZWSP}/evil.example/x`],
    ["breaks www autolinks", "www.evil.example", `www${ZWSP}.evil.example`],
    ["escapes emphasis and code", "*a* _b_ `c`", "\\*a\\* \\_b\\_ \\`c\\`"],
    ["escapes an ordered-list start", "1. item", "1\\. item"],
    ["escapes entities", "&lt;b&gt;", "&amp;lt;b&amp;gt;"],
    ["keeps it on one line", "a\nb", "a b"],
    ["removes bidi overrides", "abc\u202edef", "abcdef"],
  ];
  for (const [name, input, expected] of cases) test(name, () => assert.equal(markdownText(input), expected));
});

describe("markdownTableRow", () => {
  // GFM splits a table row at every `|` not written `\\|`, inside code spans too, and reads `\\|` as `|`.
  test("escapes a pipe inside a code span", () => assert.equal(markdownTableRow([inlineCode("a | b"), "2"]), "| `a \\| b` | 2 |"));
  test("escapes a pipe in text", () => assert.equal(markdownTableRow([markdownText("x|y")]), "| x\\|y |"));
  test("a backslash before a pipe in the log stays a backslash", () => assert.equal(markdownTableRow([markdownText("x\\|y")]), "| x\\\\\\|y |"));
  test("inline code outside a table keeps its pipes as they are", () => assert.equal(inlineCode("a | b"), "`a | b`"));
});

describe("escapeHtml", () => {
  test("escapes the five HTML specials and backtick", () => assert.equal(escapeHtml(`<a href="x" title='y'>&\`</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;"));
  test("drops control characters", () => assert.equal(escapeHtml("a\x1b[2Jb\x00"), "ab"));
});

describe("safeHref and scriptJson", () => {
  test("accepts https", () => assert.equal(safeHref("https://github.com/o/r/issues/1"), "https://github.com/o/r/issues/1"));
  test("rejects javascript:", () => assert.equal(safeHref("javascript:alert(1)"), undefined));
  test("rejects data:", () => assert.equal(safeHref("data:text/html,<script>"), undefined));
  test("scriptJson cannot close a script element", () => {
    const json = scriptJson({ s: "</script><!--\u2028" });
    assert.ok(!json.includes("<"));
    assert.deepEqual(JSON.parse(json), { s: "</script><!--\u2028" });
  });
});

describe("stripAnsi and stripControl", () => {
  test("stripAnsi removes colours", () => assert.equal(stripAnsi("\x1b[1;32mok\x1b[0m"), "ok"));
  test("stripControl keeps newline and tab", () => assert.equal(stripControl("a\tb\r\nc"), "a\tb\nc"));
});

describe("truncateText", () => {
  test("returns short text unchanged", () => assert.equal(truncateText("abc", 5), "abc"));
  test("cuts with an ellipsis", () => assert.equal(truncateText("abcdef", 4), "abc…"));
  test("never splits a surrogate pair", () => assert.equal(truncateText("ab🔑cd", 4), "ab…"));
});

describe("truncateMarkdown", () => {
  test("returns a body within the limit unchanged", () => assert.equal(truncateMarkdown("# hi\n", 100), "# hi\n"));
  test("fits GitHub's limit and closes an open code fence", () => {
    const body = `# Title\n\n${codeFence("line of log text\n".repeat(10_000))}\n`;
    const out = truncateMarkdown(body);
    assert.ok(out.length <= GITHUB_BODY_MAX_CHARS);
    const fences = out.split("\n").filter((line) => /^```/.test(line));
    assert.equal(fences.length % 2, 0);
    assert.match(out, /characters truncated/);
  });
  test("closes a longer fence with the same length", () => {
    const body = `${codeFence("````\n" + "x".repeat(5000))}`;
    const out = truncateMarkdown(body, 1000);
    assert.ok(out.length <= 1000);
    assert.match(out, /\n`````\n/);
  });
  test("never leaves an HTML comment open", () => {
    const out = truncateMarkdown(`${"a".repeat(800)} <!-- marker ${"b".repeat(800)} -->`, 1000);
    assert.ok(!out.includes("<!--"));
  });
  test("never splits an entity", () => {
    const out = truncateMarkdown("&amp;".repeat(400), 1000);
    assert.match(out.split("\n")[0] ?? "", /^(&amp;)+$/);
  });
});

test("bidi controls and invisible formatting characters are stripped from every rendering and from terminal text", () => {
  const hidden = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060", "\u2063", "\ufeff", "\u00ad", "\u180e"];
  for (const c of hidden) {
    const text = `admin${c}txt.exe`;
    assert.equal(stripControl(text), "admintxt.exe", `U+${c.codePointAt(0)!.toString(16)}`);
    assert.equal(terminalText(`${text}\nnext`), "admintxt.exe next");
    assert.ok(!markdownText(text).includes(c));
  }
});
