/**
 * `sha256sum [-b|-t] [FILE]...`: the SHA-256 of each file, read a chunk at a time as GNU
 * coreutils 9.1 reads it, so a 157 MB `docker save` archive is never in memory whole
 * (just-bash's sha256sum read it whole, then copied it twice more for crypto.subtle: about
 * three times the file in memory). Lines as GNU prints them: `HASH  NAME`, `HASH *NAME` with
 * `-b`, a name holding a backslash or newline escaped behind a leading `\`; an unreadable file
 * is `sha256sum: NAME: ERROR` and status 1. As a BusyBox 1.35 applet, names are printed as they
 * are (its error words come from busybox/applets.ts). Anything else (`-c`, `--tag`, `--help`…)
 * goes to just-bash's sha256sum, in GNU's words.
 */
import { defineCommand, latin1FromBytes, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { Sha256 } from '../../../engine/hash/sha256.ts';
import { readChunksReusing } from '../../../engine/io/byte-source.ts';
import { execCaptured, overlayOf, runsAsBusyboxApplet } from '../../command-context.ts';
import { nativeName } from '../../programs/exec-command.ts';
import { nativeCall, withGnuWording } from '../../programs/native-wording.ts';
import { strerror } from '../shared/errno-text.ts';
import { quotef } from '../shared/gnu-quote.ts';

/** How much of a file is read (and held) at a time: what the hash kernel takes well. */
const CHUNK_BYTES = 1 << 20;

/** The words this command handles itself; any other option goes to just-bash's sha256sum. */
const OWN_OPTIONS = new Set(['-b', '-t', '--binary', '--text', '-', '--']);

export function sha256sumCommand(): Command {
  return defineCommand('sha256sum', async (args, ctx) => {
    if (args.some((arg) => arg.startsWith('-') && !OWN_OPTIONS.has(arg) && !/^-[bt]+$/.test(arg))) return nativeSha256sum(args, ctx);
    const busybox = runsAsBusyboxApplet(ctx);
    let binary = false;
    const names: string[] = [];
    let operandsOnly = false;
    for (const arg of args) {
      if (!operandsOnly && arg === '--') operandsOnly = true;
      else if (!operandsOnly && arg !== '-' && arg.startsWith('-')) binary = arg === '--binary' || (arg !== '--text' && arg.lastIndexOf('b') > arg.lastIndexOf('t'));
      else names.push(arg);
    }
    if (names.length === 0) names.push('-');
    let stdout = '';
    let stderr = '';
    for (const name of names) {
      let hex: string;
      try {
        hex = name === '-' ? hashText(latin1FromBytes(ctx.stdin)) : await hashFile(ctx, name);
      } catch (err) {
        stderr += `sha256sum: ${quotef(name)}: ${strerror(err)}\n`;
        continue;
      }
      const escaped = !busybox && /[\\\n]/.test(name);
      const shown = escaped ? name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : name;
      stdout += `${escaped ? '\\' : ''}${hex} ${binary ? '*' : ' '}${shown}\n`;
    }
    return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
  });
}

async function hashFile(ctx: CommandContext, name: string): Promise<string> {
  const source = await overlayOf(ctx).openFile(ctx.fs.resolvePath(ctx.cwd, name));
  const hasher = new Sha256();
  // The hasher is done with a chunk before the next is read: one buffer serves them all.
  for await (const chunk of readChunksReusing(source, CHUNK_BYTES)) hasher.update(chunk);
  return hasher.hex();
}

/** Stdin comes as a string of bytes (one char each): hashed a chunk at a time too. */
function hashText(bytes: string): string {
  const hasher = new Sha256();
  const chunk = new Uint8Array(Math.min(CHUNK_BYTES, bytes.length));
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    const length = Math.min(CHUNK_BYTES, bytes.length - at);
    for (let i = 0; i < length; i++) chunk[i] = bytes.charCodeAt(at + i);
    hasher.update(chunk.subarray(0, length));
  }
  return hasher.hex();
}

/** just-bash's sha256sum (for `-c` and the rest), with GNU's checks and words, as the dispatch runs it. */
function nativeSha256sum(args: string[], ctx: CommandContext): Promise<ExecResult> {
  const call = { ...nativeCall('sha256sum', args, overlayOf(ctx), (path) => ctx.fs.resolvePath(ctx.cwd, path)), busybox: runsAsBusyboxApplet(ctx) };
  return withGnuWording(call, (nativeArgs) => execCaptured(ctx, nativeName('sha256sum'), nativeArgs, { env: { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) } }));
}
