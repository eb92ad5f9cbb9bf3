// Safe rendering of untrusted log text into Markdown and HTML: nothing in a log line can close a
// code fence, inject HTML or script, mention a person, link an issue, or move the cursor of a terminal.
import ansiRegex from "ansi-regex";
import { INVISIBLE_FORMAT_CLASS } from "../model/invisible.js";
import { NAME_PLACEHOLDERS } from "../model/placeholder.js";

const ZERO_WIDTH_SPACE = "\u200b";

/** GitHub rejects issue and comment bodies longer than this (HTTP 422 "body is too long"). */
export const GITHUB_BODY_MAX_CHARS = 65_536;

const ANSI_ESCAPES = ansiRegex();
// C0 controls except \t and \n, DEL, C1 controls, and the bidi and invisible formatting characters
// (src/model/invisible.ts). Our own defusing spaces (U+200B after `@`, `#`) are added after this,
// never stripped again.
const CONTROL = new RegExp(`[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f${INVISIBLE_FORMAT_CLASS}]`, "g");
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NEEDS_CLEANING = /[^\x20-\x7e\t\n]/;
// HTML elements (and SVG/MathML roots a renderer might know): `<b>` of these stays `&lt;b>` in raw text
// unless it is one of our name placeholders (`<time>`).
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set(NAME_PLACEHOLDERS);
const HTML_ELEMENTS = new Set(
  ("a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup data datalist dd del " +
    "details dfn dialog div dl dt em embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i " +
    "iframe img input ins kbd label legend li link main map mark math menu meta meter nav noembed noframes noscript object ol optgroup option output p " +
    "param picture plaintext pre progress q rp rt ruby s samp script search section select slot small source span strike strong style sub summary sup svg " +
    "table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr xmp").split(" "),
);

/** Removes terminal escape sequences (colours, cursor moves, titles, hyperlinks). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPES, "");
}

/** Text fit to render: no ANSI escapes, no control or bidi-override characters, \r\n → \n, lone surrogates → U+FFFD. */
export function stripControl(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  return stripAnsi(text).replace(/\r\n?/g, "\n").replace(CONTROL, "").replace(LONE_SURROGATE, "\ufffd");
}

/** One line of untrusted text for a terminal: no escapes, controls or bidi characters, no line breaks. */
export function terminalText(text: string): string {
  return stripControl(text).replace(/[\n\t]/g, " ");
}

/**
 * Breaks HTML comment delimiters with an invisible space, so log text shown in code can never be
 * read back as one of our hidden `<!-- log-gardener:… -->` markers by anything that scans a body.
 */
function defuseComments(text: string): string {
  return text.includes("<!--") || text.includes("-->") ? text.replace(/<!--/g, `<${ZERO_WIDTH_SPACE}!--`).replace(/-->/g, `--${ZERO_WIDTH_SPACE}>`) : text;
}

function longestRun(text: string, char: "`" | "~"): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

/** A fenced code block that the text inside can never close: the fence is longer than any backtick run in it. */
export function codeFence(text: string, language = ""): string {
  const body = defuseComments(stripControl(text));
  const fence = "`".repeat(Math.max(3, longestRun(body, "`") + 1));
  // The info string is ours, but keep it to a word: a backtick in it would end the fence line early.
  const info = language.replace(/[^\w+#.-]/g, "");
  return `${fence}${info}\n${body}\n${fence}`;
}

/** Inline code that cannot break out of its backticks. */
export function inlineCode(text: string): string {
  const oneLine = defuseComments(stripControl(text)).replace(/[\n\t]/g, " ");
  if (oneLine.length === 0) return "` `";
  const ticks = "`".repeat(longestRun(oneLine, "`") + 1);
  // A space on both sides lets the content start or end with a backtick; GitHub strips one each side.
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") || (oneLine.startsWith(" ") && oneLine.endsWith(" ")) ? " " : "";
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

/**
 * Untrusted text as plain Markdown inside a line (a heading, a list item, a paragraph), escaping
 * only what GFM would act on there, so the raw file reads like the rendered one: no HTML (a `<`
 * that could open a tag as `&lt;`, which also keeps `<!--` and `<script>` out of the raw text; a
 * placeholder such as `<ip>` or `<github-token>`, not an HTML element, as `\<ip>`, which reads better
 * and cannot open a tag either), no emphasis, code, links, strikethrough or math, no block syntax at
 * its start, no `@mention`, `#123`, `GH-123` or autolink. A `_` inside a word (`auth_service`)
 * cannot emphasise in GFM and stays as it is; a `|` does nothing outside a table and stays too. For
 * a table cell, pass the result (or any inline Markdown) through `markdownTableRow`.
 */
export function markdownText(value: string): string {
  return stripControl(value)
    .replace(/[\n\t]/g, " ")
    .replace(/&(?=#?\w+;)/g, "&amp;")
    // Only `<` before a letter, `/`, `!` or `?` can open a tag, comment or autolink; `<*>` stays readable.
    .replace(/<(?=[a-zA-Z/!?])/g, "&lt;")
    .replace(/[\\`*[\]~$]/g, (c) => `\\${c}`)
    // Our placeholders (`<ip>`, `<github-token>`) read better as `\<ip>`, one way whatever made them.
    .replace(/&lt;([a-z][a-z0-9]*(?:-[a-z0-9]+)*)>/g, (escaped: string, word: string) => (HTML_ELEMENTS.has(word) && !PLACEHOLDER_WORDS.has(word) ? escaped : `\\<${word}>`))
    .replace(/_/g, (c, offset: number, whole: string) => (/[\p{L}\p{N}]/u.test(whole[offset - 1] ?? "") && /[\p{L}\p{N}]/u.test(whole[offset + 1] ?? "") ? c : "\\_"))
    .replace(/^(\s*)([#>+=-]|\d+(?=[.)]))/, (_match, space: string, start: string) => (/\d/.test(start) ? `${space}${start}\\` : `${space}\\${start}`))
    .replace(/@(?=[\w-])/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${ZERO_WIDTH_SPACE}`)
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, `$1:/${ZERO_WIDTH_SPACE}/`)
    .replace(/\b(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`);
}

/**
 * One row of a GFM table from cells of inline Markdown (`markdownText`, `inlineCode`, our own
 * links). GitHub splits cells at every `|` not written `\|`, even inside a code span, and takes
 * `\|` back to `|` before it reads the cell, so every `|` in a cell is escaped here and nowhere else.
 */
export function markdownTableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Text for HTML element content and quoted attribute values (control characters removed). */
export function escapeHtml(text: string): string {
  return stripControl(text).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** An href we are willing to render: http(s) only, escaped for a quoted attribute; otherwise undefined. */
export function safeHref(url: string): string | undefined {
  const trimmed = stripControl(url).trim();
  return /^https?:\/\/[^\s]+$/i.test(trimmed) ? escapeHtml(trimmed) : undefined;
}

/** JSON to embed in an HTML `<script>` element: cannot close the element or open a comment. */
export function scriptJson(value: unknown): string {
  return (JSON.stringify(value) ?? "null")
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Cuts plain text to at most `maxChars` UTF-16 units without splitting a surrogate pair; marks the cut with "…". */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 0) return "";
  let end = maxChars - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

/** What `truncateMarkdown` appends; `{omitted}` is the number of characters cut. */
export const TRUNCATION_NOTE = "\n\n_… {omitted} characters truncated._\n";

/**
 * Cuts a Markdown document to at most `maxChars` (GitHub's body limit by default) and keeps it
 * valid: the cut falls on a line boundary where one is near, an open code fence is closed, a
 * surrogate pair, HTML entity or comment is never split, and a note says how much was dropped.
 */
export function truncateMarkdown(markdown: string, maxChars: number = GITHUB_BODY_MAX_CHARS): string {
  if (markdown.length <= maxChars) return markdown;
  const noteFor = (omitted: number): string => TRUNCATION_NOTE.replace("{omitted}", String(omitted));
  // Reserve the note (with the widest count) and a closing fence of up to 64 backticks.
  const reserve = noteFor(markdown.length).length + 66;
  if (maxChars < reserve * 2) return truncateText(markdown, maxChars);
  const budget = Math.max(0, maxChars - reserve);
  let cut = budget;
  const lineEnd = markdown.lastIndexOf("\n", cut);
  // Prefer a line boundary when it costs less than a quarter of the budget.
  if (lineEnd >= 0 && lineEnd >= budget * 0.75) cut = lineEnd;
  let kept = markdown.slice(0, cut);
  const lastCode = kept.charCodeAt(kept.length - 1);
  if (lastCode >= 0xd800 && lastCode <= 0xdbff) kept = kept.slice(0, -1);
  kept = kept.replace(/&#?\w*$/, "");
  const openComment = kept.lastIndexOf("<!--");
  if (openComment > kept.lastIndexOf("-->")) kept = kept.slice(0, openComment);

  let openFence: string | undefined;
  for (const line of kept.split("\n")) {
    const marker = FENCE_LINE.exec(line)?.[1];
    if (marker === undefined) continue;
    if (openFence === undefined) openFence = marker;
    else if (marker[0] === openFence[0] && marker.length >= openFence.length && line.trim() === marker) openFence = undefined;
  }
  const closing = openFence === undefined ? "" : `\n${openFence}`;
  const result = `${kept}${closing}${noteFor(markdown.length - kept.length)}`;
  // Only a fence longer than the reserve can overflow; cut again by the excess.
  return result.length <= maxChars ? result : truncateMarkdown(markdown, maxChars - (result.length - maxChars));
}
