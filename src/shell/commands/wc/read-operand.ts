import type { CommandContext } from 'just-bash';
import { FsError } from '../../../engine/errors.ts';
import { overlayOf, stdinBytes } from '../../command-context.ts';
import { strerror } from '../shared/errno-text.ts';

/**
 * An operand's bytes as wc reads them (stdin for none or `-`), or undefined when it cannot be
 * opened; the error line goes to `fail`. A directory opens, then fails to read: its (zero)
 * counts are still printed, after the error. Shared by GNU's wc and BusyBox's.
 */
export async function readOperand(ctx: CommandContext, name: string | undefined, fail: (message: string) => void): Promise<Uint8Array | undefined> {
  if (name === undefined || name === '-') return stdinBytes(ctx);
  const fs = overlayOf(ctx);
  try {
    const path = ctx.fs.resolvePath(ctx.cwd, name);
    // Paths the overlay does not have but the shell does (/dev/null, sinks) are read through the shell.
    return fs.statIfExists(path) === undefined && (await ctx.fs.exists(path)) ? await ctx.fs.readFileBuffer(path) : await fs.readFile(path);
  } catch (err) {
    fail(`wc: ${name}: ${strerror(err)}\n`);
    return err instanceof FsError && err.code === 'EISDIR' ? new Uint8Array(0) : undefined;
  }
}
