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

/** Walks from `lines[line][column]` (an opening bracket) to its matching close, outside string literals. */
function findClose(lines: readonly string[], line: number, column: number): { line: number; column: number } | undefined {
  let depth = 0;
  let quote = false;
  for (let l = line; l < lines.length; l += 1) {
    const text = lines[l]!;
    for (let c = l === line ? column : 0; c < text.length; c += 1) {
      const ch = text[c];
      if (quote) {
        if (ch === "\\") c += 1;
        else if (ch === '"') quote = false;
      } else if (ch === '"') quote = true;
      else if (ch === "{" || ch === "[") depth += 1;
      else if (ch === "}" || ch === "]") {
        depth -= 1;
        if (depth === 0) return { line: l, column: c };
      }
    }
  }
  return undefined;
}

/** Where the block that a line opens starts: the last unmatched `{`/`[` at its end (ignoring strings). */
function openingIndex(line: string): number | undefined {
  const trimmed = line.trimEnd();
  const last = trimmed[trimmed.length - 1];
  return last === "{" || last === "[" ? trimmed.length - 1 : undefined;
}

/**
 * Collapses every multi-line JSON block that opens at the end of a line and closes on a later line
 * into one line: parsed and rewritten with `readableJson` when it is JSON, or its lines joined with
 * single spaces when it is not (Python dict reprs). Text without such a block comes back unchanged.
 */
export function collapseEmbeddedJson(text: string): string {
  if (!text.includes("\n")) return text;
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const open = openingIndex(line);
    if (open === undefined) {
      out.push(line);
      continue;
    }
    const close = findClose(lines, i, open);
    if (!close || close.line === i) {
      out.push(line);
      continue;
    }
    const last = lines[close.line]!;
    const block = [line.slice(open), ...lines.slice(i + 1, close.line), last.slice(0, close.column + 1)].join("\n");
    let collapsed: string;
    try {
      collapsed = readableJson(JSON.parse(block));
    } catch {
      collapsed = block.replace(/\s*\n\s*/g, " ");
    }
    out.push(line.slice(0, open) + collapsed + last.slice(close.column + 1));
    i = close.line;
  }
  return out.join("\n");
}
