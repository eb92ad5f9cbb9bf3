import { z } from "zod";

/** The working directories images run from (buildpacks use /workspace): not part of a repository path. */
export const DEFAULT_STRIP_PATH_PREFIXES: readonly string[] = ["/workspace/", "/app/", "/usr/src/app/"];

const SourceLinksSchema = z
  .object({
    /** The repository's web address, e.g. `https://github.com/acme/backend`. */
    repository: z.string().url(),
    /** How a file at a commit is addressed; GitHub's form by default (GitLab: `{repository}/-/blob/{commit}/{path}#L{line}`). */
    urlTemplate: z.string().default("{repository}/blob/{commit}/{path}#L{line}"),
    /** Leading parts of a logged file path that are the image's working directory, not the repository's. */
    stripPathPrefixes: z.array(z.string()).default([...DEFAULT_STRIP_PATH_PREFIXES]),
    /** A field of the entry that holds the commit the service runs, as the service logs it (`labels.commit_sha`, `jsonPayload.version`). */
    commitField: z.string().optional(),
    /** Cloud Run revision → commit, e.g. written by the deploy pipeline; used when the entry names no commit. */
    revisions: z.record(z.string(), z.string().regex(/^[0-9a-f]{7,40}$/i, "a commit id")).default({}),
  })
  .strict();

export const LinksConfigSchema = z
  .object({
    /** The Cloud console's origin; Logs Explorer and Cloud Trace links start here. */
    consoleUrl: z.string().url().default("https://console.cloud.google.com"),
    /** Constant pieces of a template put in the query: the longest few select the problem and keep the query readable. */
    maxTextTerms: z.number().int().positive().default(3),
    /** Characters of one text piece; a longer piece is cut (a prefix still matches, and URLs stay short). */
    maxTermChars: z.number().int().positive().default(100),
    /** Templates of a merged cluster ORed into its query, most frequent first; more would make a query nobody reads. */
    maxTemplates: z.number().int().positive().default(4),
    /** Link source lines to a repository at the commit each revision ran. */
    source: SourceLinksSchema.optional(),
  })
  .strict();
export type LinksConfig = z.infer<typeof LinksConfigSchema>;
export type SourceLinksConfig = z.infer<typeof SourceLinksSchema>;
