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
      source += (index === 0 ? "" : "\\s+") + word.split(WILDCARD).map(escapeRegExp).join("(\\S*?)");
    }
  });
  return new RegExp(`${source}\\s*$`, "s");
}

/** The variable values of `text` under `template`, in order; undefined when the text does not fit it. */
export function extractParameters(template: string, text: string, pattern: RegExp = templatePattern(template)): string[] | undefined {
  const match = pattern.exec(text);
  return match === null ? undefined : match.slice(1).map((value) => value ?? "");
}
