// Safe rendering of untrusted log text into Markdown and HTML.

const ZERO_WIDTH_SPACE = "\u200b";

/** A fenced code block that the text inside can never close: the fence is longer than any backtick run in it. */
export function codeFence(text: string, language = ""): string {
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Inline code that cannot break out of its backticks. */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/\r?\n/g, " ");
  const longestRun = Math.max(0, ...Array.from(oneLine.matchAll(/`+/g), (m) => m[0].length));
  const ticks = "`".repeat(longestRun + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") || longestRun > 0 ? " " : "";
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

/**
 * Plain Markdown text from untrusted input: no HTML, no links, no emphasis, no `@mention` and
 * no `#123` issue reference (a zero-width space breaks the autolink).
 */
export function markdownText(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/[\\`*_{}[\]()<>#+!|~>-]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/@(?=[\w-])/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/\\#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
    .replace(/(https?|ftp):\/\//gi, `$1:/${ZERO_WIDTH_SPACE}/`);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
