// The one place reports touch the disk: write to a temporary file in the same directory, then rename over the target.
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Pieces of a large file are written in runs of about this many characters (few writes, no one huge string). */
const WRITE_RUN_CHARS = 1 << 20;

/**
 * Writes `content` (UTF-8; a string, or pieces of one) to `path` so a reader sees either the old file
 * or the whole new one, never half: rename is atomic within a filesystem, hence the temporary file
 * sits in the target's directory. Creates missing directories. The temporary file is removed if anything fails.
 */
export async function writeFileAtomic(path: string, content: string | Iterable<string>): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temporary, "wx");
    try {
      if (typeof content === "string") await handle.writeFile(content, "utf8");
      else {
        let run = "";
        for (const piece of content) {
          run += piece;
          if (run.length >= WRITE_RUN_CHARS) {
            await handle.write(run, null, "utf8");
            run = "";
          }
        }
        if (run.length > 0) await handle.write(run, null, "utf8");
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
