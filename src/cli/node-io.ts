import { writeSync } from 'node:fs';
import type { CommandIo } from './command.ts';

/**
 * Standard output and error of the process. Writes are synchronous so that output keeps its
 * order and is complete when the process exits; a closed pipe (`layerlab … | head`) ends the
 * process quietly, as coreutils do.
 */
export const processIo: CommandIo = {
  stdout(data) {
    writeAll(1, data);
  },
  stderr(text) {
    writeAll(2, text);
  },
};

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let off = 0; off < bytes.length; ) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EAGAIN') continue; // non-blocking pipe is full: try again
      if (code === 'EPIPE') process.exit(0);
      throw err;
    }
  }
}
