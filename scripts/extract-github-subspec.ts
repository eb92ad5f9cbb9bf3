// Extracts the GitHub REST operations log-gardener calls, plus every component they reference,
// from @octokit/openapi's `generated/api.github.com.json` into a small committed sub-spec that the
// fake GitHub validates requests and responses against.
//
//   tsx scripts/extract-github-subspec.ts /path/to/generated/api.github.com.json [out.json]
//
// The package itself (~385 MB installed) is not a dependency: install it elsewhere, run this, commit the output.
import { readFileSync, writeFileSync } from "node:fs";

/** The operations the tracker uses: method and path exactly as the spec spells them. */
export const USED_OPERATIONS = [
  ["get", "/repos/{owner}/{repo}/issues"],
  ["post", "/repos/{owner}/{repo}/issues"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["patch", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["patch", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["post", "/repos/{owner}/{repo}/labels"],
  ["get", "/search/issues"],
  ["get", "/repos/{owner}/{repo}/contents/{path}"],
  ["get", "/user"],
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Keys that only document (examples, long prose, GitHub's own extensions): dropped to keep the file small. */
const DROPPED_KEYS = new Set(["examples", "example", "description", "externalDocs", "x-github", "x-githubEnterpriseOverlays"]);

/**
 * Rewrites what ajv (inside openapi-backend) cannot compile: `nullable: true` without `type`
 * (ajv throws "nullable cannot be used without type"). `{ allOf: [X], nullable: true }` becomes
 * `{ anyOf: [{ allOf: [X] }, NULL_ONLY] }`, which accepts the same documents.
 */
const NULL_ONLY: JsonObject = { type: "string", nullable: true, enum: [null] };

/** `description` is required on Response Objects (OpenAPI 3.0), so those keep theirs. */
function rewrite(node: Json, isResponseObject = false): Json {
  if (Array.isArray(node)) return node.map((item) => rewrite(item));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "description" && isResponseObject) out[key] = value;
    else if (DROPPED_KEYS.has(key)) continue;
    // Inside `properties` and `responses` the keys are names (a property may be called "description").
    else if ((key === "properties" || key === "responses") && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, rewrite(inner, key === "responses")]));
    } else out[key] = rewrite(value);
  }
  // ajv applies `nullable` before `enum`, so a nullable enum must list null itself (GitHub's state_reason).
  if (out["nullable"] === true && Array.isArray(out["enum"]) && !out["enum"].includes(null)) out["enum"] = [...out["enum"], null];
  if (out["nullable"] === true && out["type"] === undefined) {
    delete out["nullable"];
    return { anyOf: [out, NULL_ONLY] };
  }
  return out;
}

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") into.add(value);
      else collectRefs(value, into);
    }
  }
}

function resolvePointer(root: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith("#/")) throw new Error(`external $ref not supported: ${ref}`);
  let node: Json | undefined = root;
  for (const part of ref.slice(2).split("/")) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : undefined;
  }
  return node;
}

export function extractSubspec(spec: JsonObject): JsonObject {
  const paths: JsonObject = {};
  for (const [method, path] of USED_OPERATIONS) {
    const pathItem = (spec["paths"] as JsonObject)[path];
    if (!isObject(pathItem) || !isObject(pathItem[method])) throw new Error(`operation missing from spec: ${method} ${path}`);
    const existing = paths[path];
    paths[path] = { ...(isObject(existing) ? existing : {}), [method]: rewrite(pathItem[method]) };
  }
  // Follow $refs transitively (after rewriting, so refs inside dropped examples are not followed).
  const components: Record<string, JsonObject> = {};
  const seen = new Set<string>();
  const pending = new Set<string>();
  collectRefs(paths, pending);
  while (pending.size > 0) {
    const [ref] = pending;
    pending.delete(ref!);
    if (seen.has(ref!)) continue;
    seen.add(ref!);
    const target = resolvePointer(spec, ref!);
    if (target === undefined) throw new Error(`unresolved $ref: ${ref}`);
    const [, , section, name] = ref!.split("/");
    const rewritten = rewrite(target, section === "responses");
    (components[section!] ??= {})[name!] = rewritten;
    const inner = new Set<string>();
    collectRefs(rewritten, inner);
    for (const r of inner) if (!seen.has(r)) pending.add(r);
  }
  const sortedComponents = Object.fromEntries(
    Object.entries(components)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([section, entries]) => [section, Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)))]),
  );
  const info = spec["info"] as JsonObject;
  return {
    openapi: spec["openapi"] ?? "3.0.3",
    info: {
      title: "GitHub REST API: the operations log-gardener uses",
      version: info["version"] ?? "unknown",
      license: { name: "MIT", url: "https://spdx.org/licenses/MIT" },
      "x-extracted-from": "@octokit/openapi generated/api.github.com.json by scripts/extract-github-subspec.ts",
    },
    servers: [{ url: "https://api.github.com" }],
    paths,
    components: sortedComponents,
  };
}

function main(argv: readonly string[]): void {
  const [input, output = "test/fakes/github-openapi.subset.json"] = argv;
  if (input === undefined) {
    process.stderr.write("usage: tsx scripts/extract-github-subspec.ts <generated/api.github.com.json> [out.json]\n");
    process.exitCode = 2;
    return;
  }
  const spec = JSON.parse(readFileSync(input, "utf8")) as JsonObject;
  const subspec = extractSubspec(spec);
  const text = `${JSON.stringify(subspec, null, 1)}\n`;
  writeFileSync(output, text);
  process.stdout.write(`${output}: ${USED_OPERATIONS.length} operations, ${text.length} bytes\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
