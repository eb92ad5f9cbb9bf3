/**
 * A payload inside a message is mined by its shape: a JSON object or Python dict keeps its keys and
 * punctuation and every value becomes `<*>`; a run of `key=value` pairs keeps its keys. The values of
 * `Invalid JSON from client: payload={"type": "typing", "id": 7}` say which message it was, not
 * which problem: left to the miner, each payload shape would be its own template (and issue).
 * Only a payload given as a value (`payload={…}`, `body={…}`) or cut short is shaped: a context
 * block the application writes about itself (`ROUTING FAILURE CONTEXT: {"message_type": "disconnect", …}`)
 * holds the fields it chose to say which case it is in, and the miner masks its ids and numbers anyway.
 */
const WILDCARD = "<*>";

/** `key=value` pairs in a row needed before they read as a payload (one `x=y` is often the message's own word). */
const MIN_PAIRS = 2;
const PAIR = /(^|[\s,;(\[{])([A-Za-z_][\w.-]{0,63})=("[^"]*"|'[^']*'|[^\s,;)\]}]+)/g;

export function maskPayloadValues(text: string): string {
  let out = text.includes("{") ? maskObjects(text) : text;
  if (out.includes("=")) out = maskPairs(out);
  return out;
}

function maskPairs(text: string): string {
  let pairs = 0;
  const masked = text.replace(PAIR, (_all, lead: string, key: string) => {
    pairs += 1;
    return `${lead}${key}=${WILDCARD}`;
  });
  return pairs >= MIN_PAIRS ? masked : text;
}

/** Each balanced `{…}` that holds a `key: value` is rewritten with its values masked; anything else is left as it is. */
function maskObjects(text: string): string {
  let out = "";
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf("{", at);
    if (open < 0) break;
    // only a payload given as a value is shaped: anything else is passed over without scanning it
    if (open === 0 || text.charCodeAt(open - 1) !== 61) {
      out += text.slice(at, open + 1);
      at = open + 1;
      continue;
    }
    const close = matchingBrace(text, open);
    if (close < 0) {
      // a payload cut short (`payload={"type": "typ…`): what there is of it, by its shape
      const rest = text.slice(open);
      out += text.slice(at, open) + (shapeOf(rest) ?? rest);
      return out;
    }
    const shaped = shapeOf(text.slice(open, close + 1));
    out += text.slice(at, open) + (shaped ?? text.slice(open, close + 1));
    at = close + 1;
  }
  return out + text.slice(at);
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let quote = 0;
  for (let index = open; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (quote !== 0) {
      if (code === 92) index += 1;
      else if (code === quote) quote = 0;
      continue;
    }
    if (code === 34 || code === 39) quote = code;
    else if (code === 123) depth += 1;
    else if (code === 125) {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/**
 * The object with values masked: strings followed by `:` are keys, kept; a nested object keeps its
 * keys too; any other value (string, number, literal, list) is one `<*>`. Undefined when it holds no key.
 */
function shapeOf(object: string): string | undefined {
  let out = "";
  let keys = 0;
  let index = 0;
  /** Whether the next value follows a `:` (it is a value) or not (it may be a key). */
  let afterColon = false;
  while (index < object.length) {
    const code = object.charCodeAt(index);
    if (code === 123 || code === 125 || code === 44 || code === 32 || code === 10 || code === 9) {
      out += object[index];
      if (code === 44 || code === 123) afterColon = false;
      index += 1;
      continue;
    }
    if (code === 58) {
      out += ":";
      afterColon = true;
      index += 1;
      continue;
    }
    const end = valueEnd(object, index);
    const token = object.slice(index, end);
    if (afterColon) {
      out += code === 123 ? (shapeOf(token) ?? WILDCARD) : WILDCARD;
      afterColon = false;
    } else {
      // a key: quoted (`"type"`, `'type'`) or a bare word
      keys += 1;
      out += token;
    }
    index = end;
  }
  return keys > 0 && out.includes(WILDCARD) ? out : undefined;
}

/** Where the token starting at `start` ends: a quoted string, a bracketed value, or a run up to `,` `:` `}`. */
function valueEnd(text: string, start: number): number {
  const code = text.charCodeAt(start);
  if (code === 34 || code === 39) {
    for (let index = start + 1; index < text.length; index += 1) {
      const c = text.charCodeAt(index);
      if (c === 92) index += 1;
      else if (c === code) return index + 1;
    }
    return text.length;
  }
  if (code === 123 || code === 91) {
    const closer = code === 123 ? 125 : 93;
    let depth = 0;
    let quote = 0;
    for (let index = start; index < text.length; index += 1) {
      const c = text.charCodeAt(index);
      if (quote !== 0) {
        if (c === 92) index += 1;
        else if (c === quote) quote = 0;
        continue;
      }
      if (c === 34 || c === 39) quote = c;
      else if (c === code) depth += 1;
      else if (c === closer) {
        depth -= 1;
        if (depth === 0) return index + 1;
      }
    }
    return text.length;
  }
  let index = start;
  while (index < text.length) {
    const c = text.charCodeAt(index);
    if (c === 44 || c === 125 || c === 58) break;
    index += 1;
  }
  // a value's trailing spaces belong to the separator
  while (index > start + 1 && text.charCodeAt(index - 1) === 32) index -= 1;
  return index;
}
