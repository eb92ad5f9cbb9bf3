// Who CODEOWNERS names for a problem's source file, as GitHub reads the file: the last rule whose
// pattern matches wins, and only user logins can be assigned to an issue (teams and emails cannot).
import picomatch from "picomatch";
import type { Tracker } from "./tracker.js";

/** Where GitHub looks, in its order; the first file found is the one it uses. */
const CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"] as const;

export interface CodeownersRule {
  readonly pattern: string;
  /** As written: `@login`, `@org/team` or an email. Empty: the rule clears ownership. */
  readonly owners: readonly string[];
  readonly matches: (path: string) => boolean;
}

export interface Codeowners {
  /** Which of CODEOWNERS_PATHS it was read from. */
  readonly path: string;
  readonly rules: readonly CodeownersRule[];
  /** Lines GitHub would reject (negation, character ranges), 1-based: skipped, as GitHub skips them. */
  readonly invalidLines: readonly number[];
}

export interface CodeownersVerdict {
  readonly pattern: string;
  /** Logins to assign, without the `@`. */
  readonly logins: readonly string[];
  /** Teams and emails the rule names: GitHub assigns issues to users only. */
  readonly unassignable: readonly string[];
}

/** picomatch's own syntax beyond `*`, `?` and `/` (braces, extglobs, regex groups): literal in CODEOWNERS. */
const LITERAL = /[\\(){}|+@!^$.,]/g;
const MATCH_OPTIONS: picomatch.PicomatchOptions = { dot: true, nobrace: true, noextglob: true, nonegate: true };
const LOGIN = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/**
 * The globs a CODEOWNERS pattern stands for. As in gitignore: a pattern with a slash before its end
 * (or a leading one) is anchored at the root, otherwise it matches at any depth; a trailing slash
 * matches a directory's contents; a name also matches everything under it. GitHub's exception:
 * `docs/*` matches the files directly in docs/, not nested ones.
 */
export function patternGlobs(pattern: string): string[] {
  const anchored = pattern.startsWith("/") || pattern.slice(0, -1).includes("/");
  const directoryOnly = pattern.endsWith("/");
  const body = pattern.replace(/^\/+/, "").replace(/\/+$/, "").replace(LITERAL, "\\$&");
  const base = anchored ? body : `**/${body}`;
  if (directoryOnly) return [`${base}/**`];
  if (body.endsWith("/*")) return [base];
  return [base, `${base}/**`];
}

export function parseCodeowners(text: string, path: string): Codeowners {
  const rules: CodeownersRule[] = [];
  const invalidLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith("#")) return;
    // Owners end at a comment; a pattern cannot hold a space (GitHub has no escape for one).
    const [pattern = "", ...rest] = line.split(/\s+/);
    const commentAt = rest.findIndex((token) => token.startsWith("#"));
    const owners = commentAt === -1 ? rest : rest.slice(0, commentAt);
    // GitHub documents `!` negation and `[ ]` ranges as not working: it marks such lines as errors.
    if (pattern.startsWith("!") || /[[\]]/.test(pattern)) {
      invalidLines.push(index + 1);
      return;
    }
    const matcher = picomatch(patternGlobs(pattern), MATCH_OPTIONS);
    rules.push({ pattern, owners, matches: (p) => matcher(p) });
  });
  return { path, rules, invalidLines };
}

/** The last matching rule's owners for a repository path; undefined when no rule matches. */
export function ownersOf(codeowners: Codeowners, path: string): CodeownersVerdict | undefined {
  const file = path.replace(/^\/+/, "");
  const rule = codeowners.rules.findLast((r) => r.matches(file));
  if (!rule) return undefined;
  const logins = rule.owners.filter((o) => LOGIN.test(o)).map((o) => o.slice(1));
  return { pattern: rule.pattern, logins, unassignable: rule.owners.filter((o) => !LOGIN.test(o)) };
}

/**
 * Reads each repository's CODEOWNERS once per run, however many problems ask: the first of
 * CODEOWNERS_PATHS that exists; none when the tracker cannot read files or the repository has none.
 */
export function codeownersReader(): (tracker: Tracker) => Promise<Codeowners | undefined> {
  const byRepository = new Map<string, Promise<Codeowners | undefined>>();
  return (tracker) => {
    const { readFile, repo } = tracker;
    if (!readFile || repo === undefined) return Promise.resolve(undefined);
    let read = byRepository.get(repo);
    if (!read) {
      read = (async () => {
        for (const path of CODEOWNERS_PATHS) {
          const text = await readFile.call(tracker, path);
          if (text !== undefined) return parseCodeowners(text, path);
        }
        return undefined;
      })();
      // A failed read is tried again by the next problem that asks, not remembered as "no file".
      read.catch(() => byRepository.delete(repo));
      byRepository.set(repo, read);
    }
    return read;
  };
}
