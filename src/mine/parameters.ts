import { WILDCARD } from "./tokenise.js";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A pattern that matches the messages a template covers and captures its variables. Inside a word
 * a `<*>` spans no whitespace; a final whole-word `<*>` may stand for a cut-off tail.
 */
export function templatePattern(template: string): RegExp {
  const words = template === "" ? [] : template.split(" ");
  let source = "^\\s*";
  words.forEach((word, index) => {
    if (word === WILDCARD) {
      // a whole-word variable may span several words, or none (templates merged across lengths)
      source += `${index === 0 ? "" : "\\s*"}(.*?)`;
    } else {
      source += (index === 0 ? "" : "\\s+") + wordSource(word);
    }
  });
  return new RegExp(`${source}\\s*$`, "s");
}

/** Brackets and punctuation around a word's value: `(<*>)`, `<*>:<*>,`. */
const AROUND = /^[(\[{'"=:<>~,;.!?)\]}]*$/;

/**
 * Inside a word a `<*>` spans no whitespace, except a first or last one with only punctuation
 * beside it: that one may be a value of several words folded into one (a date in words before a
 * clock time, `Fri Jun 17 07:07:00 2005` under `<*>:<*>:<*>`; a number and its unit, `(1.16 KB)` under `(<*>)`).
 */
function wordSource(word: string): string {
  const parts = word.split(WILDCARD);
  const last = parts.length - 1;
  return parts
    .map((part, index) => {
      const text = escapeRegExp(part);
      if (index === last) return text;
      const spans = (index === 0 && AROUND.test(part)) || (index === last - 1 && AROUND.test(parts[last] as string));
      return text + (spans ? "(.*?)" : "(\\S*?)");
    })
    .join("");
}

/** The variable values of `text` under `template`, in order; undefined when the text does not fit it. */
export function extractParameters(template: string, text: string, pattern: RegExp = templatePattern(template)): string[] | undefined {
  const match = pattern.exec(text);
  return match === null ? undefined : match.slice(1).map((value) => value ?? "");
}
