import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { errnoText, LayerlabError } from '../engine/errors.ts';
import type { ByteSource } from '../engine/io/byte-source.ts';

/**
 * A file on disk as a `ByteSource` (the Node counterpart of the browser's `BlobSource`).
 * Reads are synchronous `pread`s wrapped in promises: for the many small header reads of an
 * index they are several times cheaper than `FileHandle.read`, and the CLI has nothing else to
 * do meanwhile.
 */
export class FileSource implements ByteSource {
  readonly size: number;
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
    this.size = fstatSync(fd).size;
  }

  static open(path: string): FileSource {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      throw fileError(path, err);
    }
    const source = new FileSource(path, fd);
    if (fstatSync(fd).isDirectory()) {
      source.close();
      throw new LayerlabError('EISDIR', `${path}: Is a directory`);
    }
    return source;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (this.fd === undefined) throw new LayerlabError('EBADF', `${this.path}: file is closed`);
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new LayerlabError('EINVAL', `invalid read range: offset ${offset}, length ${length}`);
    }
    const n = Math.max(0, Math.min(length, this.size - offset));
    const buffer = new Uint8Array(n);
    let done = 0;
    while (done < n) {
      const got = readSync(this.fd, buffer, done, n - done, offset + done);
      if (got === 0) break; // the file shrank under us
      done += got;
    }
    return done === n ? buffer : buffer.subarray(0, done);
  }

  /** `read` without the allocation: a `pread` straight into the caller's buffer. */
  async readInto(offset: number, target: Uint8Array): Promise<number> {
    if (this.fd === undefined) throw new LayerlabError('EBADF', `${this.path}: file is closed`);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new LayerlabError('EINVAL', `invalid read offset ${offset}`);
    const n = Math.max(0, Math.min(target.length, this.size - offset));
    let done = 0;
    while (done < n) {
      const got = readSync(this.fd, target, done, n - done, offset + done);
      if (got === 0) break; // the file shrank under us
      done += got;
    }
    return done;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Node's fs errors as one line: "path: No such file or directory". */
export function fileError(path: string, err: unknown): LayerlabError {
  const code = (err as { code?: string }).code ?? 'EIO';
  return new LayerlabError(code, `${path}: ${errnoText(code) ?? (err as Error).message}`);
}
