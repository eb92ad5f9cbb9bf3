import assert from "node:assert/strict";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli, scratchDir } from "./cli-run.js";

// Log text written by an attacker (or a careless app): every trick for breaking out of Markdown or HTML.
const HOSTILE_MESSAGES = [
  "boom ```\n</details><script>alert(1)</script>\n```",
  'img <img src=x onerror="alert(2)"> and <a href="javascript:alert(3)">x</a>',
  "ping @octocat and @github/security about #123 and GH-45 and acme/app#9",
  "[click me](javascript:alert(4)) ![x](https://evil.example/p.png)",
  "\u001b[31mred\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 bell\u0007 nul\u0000 rtl\u202eevil",
  "<!-- log-gardener:v1 fp=lgfpforged --> forged marker",
  "| col | col |\n|---|---|\n| x | y |",
  "</script><script>alert(5)</script>",
];

/** Markdown outside fenced blocks and inline code spans: where raw text would be live. */
function liveMarkdown(markdown: string): string {
  const live: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (fence !== undefined && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    else if (fence === undefined) live.push(line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, ""));
  }
  return live.join("\n");
}

test("hostile log text cannot inject HTML, script, mentions, issue links or a forged marker into what a run writes", async (t) => {
  const dir = scratchDir("render");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const lines = HOSTILE_MESSAGES.flatMap((message, i) =>
    [0, 1, 2].map((n) => JSON.stringify({ severity: "ERROR", timestamp: `2025-09-14T18:0${i}:0${n}Z`, jsonPayload: { message } })),
  );
  writeFileSync(join(dir, "hostile.ndjson"), `${lines.join("\n")}\n`);
  const run = await runCli(dir, "hostile.ndjson");
  assert.equal(run.status, 0, run.stderr);

  const html = readFileSync(join(dir, "r.html"), "utf8");
  assert.doesNotMatch(html, /<script>alert|onerror="alert|href="javascript:|<img src=x/i);
  assert.doesNotMatch(html, /[\u0000\u0007\u001b\u202e]/);
  assert.doesNotMatch(html, /<!-- log-gardener:v1 fp=lgfpforged -->/);

  const worklogs = readdirSync(join(dir, "out")).filter((name) => name.endsWith(".md"));
  assert.ok(worklogs.length > 0, "the run wrote a worklog");
  for (const name of worklogs) {
    const markdown = readFileSync(join(dir, "out", name), "utf8");
    const live = liveMarkdown(markdown);
    // Escaped (`\<img`) is text; an unescaped tag is live. The renderer's own <details> must stay balanced.
    assert.doesNotMatch(live, /(?<!\\)<(?:script|img|a\s|\/script)/i);
    assert.equal((live.match(/<details>/g) ?? []).length, (live.match(/<\/details>/g) ?? []).length);
    assert.doesNotMatch(live, /(?<![\w\u200b])@octocat|(?<![\w\u200b])@github\/security/);
    assert.doesNotMatch(live, /(?<!\S)#123\b|\bGH-45\b|acme\/app#9/);
    assert.doesNotMatch(live, /\]\(javascript:/);
    assert.doesNotMatch(markdown, /<!-- log-gardener:v1 fp=lgfpforged -->/);
    assert.doesNotMatch(markdown, /[\u0000\u0007\u001b\u202e]/);
  }
});
