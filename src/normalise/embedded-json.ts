/**
 * Messages often carry a pretty-printed JSON block (`LOOP ERROR CONTEXT: {\n  "connection_id": …\n}`).
 * Spread over lines it would be cut at the first line; collapsed to one readable line it stays in the
 * message, and the miner sees its values as tokens.
 */

/** `{"a": 1, "b": [2, 3]}`: one line, a space after `:` and `,`, the way people write JSON in prose. */
export function readableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(readableJson).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const fields = Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}: ${readableJson(v)}`);
    return `{${fields.join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** True when only spaces or tabs follow `index` on its line (an opening bracket that ends its line). */
function endsLine(text: string, index: number): boolean {
  for (let i = index + 1; i < text.length; i += 1) {
    const c = text[i];
    if (c === "\n" || c === "\r") return true;
    if (c !== " " && c !== "\t") return false;
  }
  return false;
}

/**
 * Outermost bracket blocks that open at the end of a line and close on a later line, as [start, end]
 * offsets (end inclusive). One pass with a stack, so it stays linear on any input (a 5 MB line of `{`
 * included); quotes are tracked per line, since JSON strings never span lines.
 */
function multiLineBlocks(text: string): [number, number][] {
  const opened: number[] = [];
  const found: [number, number][] = [];
  let quote = false;
  let lineStart = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === "\n") {
      quote = false;
      lineStart = i + 1;
    } else if (quote) {
      if (c === "\\") i += 1;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === "{" || c === "[") opened.push(i);
    else if (c === "}" || c === "]") {
      const open = opened.pop();
      if (open !== undefined && open < lineStart && endsLine(text, open)) found.push([open, i]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  const outermost: [number, number][] = [];
  for (const block of found) {
    const last = outermost.at(-1);
    if (!last || block[0] > last[1]) outermost.push(block);
  }
  return outermost;
}

/**
 * Collapses every multi-line JSON block that opens at the end of a line and closes on a later line
 * into one line: parsed and rewritten with `readableJson` when it is JSON, or its lines joined with
 * single spaces when it is not (Python dict reprs). Text without such a block comes back unchanged.
 */
export function collapseEmbeddedJson(text: string): string {
  if (!text.includes("\n")) return text;
  const blocks = multiLineBlocks(text);
  if (blocks.length === 0) return text;
  let out = "";
  let from = 0;
  for (const [start, end] of blocks) {
    const block = text.slice(start, end + 1);
    let collapsed: string;
    try {
      collapsed = readableJson(JSON.parse(block));
    } catch {
      collapsed = block.replace(/\s*\n\s*/g, " ");
    }
    out += text.slice(from, start) + collapsed;
    from = end + 1;
  }
  return out + text.slice(from);
}
