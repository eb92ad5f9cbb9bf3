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
  const parts = words.map((word, index) => {
    if (word === WILDCARD && index === words.length - 1) return "(.*?)";
    return word.split(WILDCARD).map(escapeRegExp).join("(\\S*?)");
  });
  return new RegExp(`^\\s*${parts.join("\\s+")}\\s*$`, "s");
}

/** The variable values of `text` under `template`, in order; undefined when the text does not fit it. */
export function extractParameters(template: string, text: string, pattern: RegExp = templatePattern(template)): string[] | undefined {
  const match = pattern.exec(text);
  return match === null ? undefined : match.slice(1).map((value) => value ?? "");
}
