import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * An append-only scratch file for what a run would otherwise hold an entry at a time (entry key
 * hashes), so its memory stays the same whatever the number of entries. Opened at the first write,
 * in the system's temporary directory; on POSIX the name is removed at once, so a run killed at any
 * point leaves nothing behind (the open descriptor keeps the data until it is closed). Nothing in it
 * outlives the run: it is not state, and a run that stops early just drops it.
 */
export class SpillFile {
  #fd: number | undefined;
  /** The directory to remove at close, where an open file's name cannot be removed (Windows). */
  #leftover: string | undefined;
  #size = 0;

  /** Bytes written so far. */
  get size(): number {
    return this.#size;
  }

  /** Appends the bytes; the offset to read them back at. */
  append(bytes: Uint8Array): number {
    const fd = this.#open();
    const at = this.#size;
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    this.#size += bytes.length;
    return at;
  }

  /** Fills `into` with the bytes written at `offset`. */
  read(offset: number, into: Uint8Array): void {
    if (this.#fd === undefined || offset + into.length > this.#size) throw new RangeError(`spill file: no ${into.length} bytes at ${offset} (${this.#size} written)`);
    for (let done = 0; done < into.length; ) {
      const n = readSync(this.#fd, into, done, into.length - done, offset + done);
      if (n === 0) throw new RangeError(`spill file: ended at ${offset + done} of ${this.#size}`);
      done += n;
    }
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    if (this.#leftover !== undefined) rmSync(this.#leftover, { recursive: true, force: true });
    this.#leftover = undefined;
    this.#size = 0;
  }

  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    const dir = mkdtempSync(join(tmpdir(), "log-gardener-spill-"));
    const path = join(dir, "keys");
    this.#fd = openSync(path, "w+");
    try {
      unlinkSync(path);
      rmSync(dir, { recursive: true, force: true });
    } catch {
      this.#leftover = dir;
    }
    return this.#fd;
  }
}
