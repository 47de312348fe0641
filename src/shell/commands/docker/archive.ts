/**
 * `docker save`, `docker load` and `docker import`: image archives in and out of the daemon,
 * through files of the shell's filesystem or stdin/stdout (bytes stay exact through pipes).
 *
 * `docker save` writes the layout of the Docker release imitated: 25+'s (OCI layout +
 * manifest.json) under 27, Docker ≤ 24's under 20.10 and 18.09; LAYERLAB_DOCKER_SAVE_FORMAT
 * (`legacy` or `oci`) in the environment picks one whatever the release.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import type { SaveFormat } from '../../../engine/docker/save.ts';
import { MemorySource, type ByteSource } from '../../../engine/io/byte-source.ts';
import { bytesResult, shellFsOf, stdinBytes, stdoutIsTerminal } from '../../command-context.ts';

/** docker/cli's answer to `docker save`/`export` with no -o at a terminal (cli/command/image/save.go). */
export const REFUSE_TERMINAL = 'cowardly refusing to save to a terminal. Use the -o flag or redirect';
import { releaseOf, saveFormatOf } from './release-setting.ts';
import { errorResult, fail, flagList, flagString, ok, parseDockerFlags, type CommandSpec } from './cli.ts';

export const SAVE: CommandSpec = {
  path: 'docker save',
  use: 'save [OPTIONS] IMAGE [IMAGE...]',
  short: 'Save one or more images to a tar archive (streamed to STDOUT by default)',
  aliases: 'docker image save, docker save',
  flags: [
    { long: 'output', short: 'o', kind: 'string', help: 'Write to a file, instead of STDOUT' },
    { long: 'platform', kind: 'string', help: 'Save only the given platform variant', hidden: true },
  ],
  args: { min: 1, max: Infinity },
};

export const LOAD: CommandSpec = {
  path: 'docker load',
  use: 'load [OPTIONS]',
  short: 'Load an image from a tar archive or STDIN',
  aliases: 'docker image load, docker load',
  flags: [
    { long: 'input', short: 'i', kind: 'string', help: 'Read from tar archive file, instead of STDIN' },
    { long: 'platform', kind: 'string', help: 'Load only the given platform variant', hidden: true },
    { long: 'quiet', short: 'q', kind: 'bool', help: 'Suppress the load output' },
  ],
  args: { min: 0, max: 0 },
};

export const IMPORT: CommandSpec = {
  path: 'docker import',
  use: 'import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  short: 'Import the contents from a tarball to create a filesystem image',
  aliases: 'docker image import, docker import',
  flags: [
    { long: 'change', short: 'c', kind: 'list', value: 'list', help: 'Apply Dockerfile instruction to the created image' },
    { long: 'message', short: 'm', kind: 'string', help: 'Set commit message for imported image' },
    { long: 'platform', kind: 'string', help: 'Set platform if server is multi-platform capable' },
  ],
  args: { min: 1, max: 2 },
};

export async function dockerSave(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const format: SaveFormat = saveFormatOf(daemon, ctx.env);
  const output = flagString(parsed, 'output');
  if (output === undefined && stdoutIsTerminal(ctx)) return fail(`${REFUSE_TERMINAL}\n`);
  try {
    const archive = daemon.save(parsed.positional, format);
    if (output === undefined) {
      // One buffer of the archive's exact size, filled as the layers stream in.
      const bytes = new Uint8Array(archive.byteLength);
      let at = 0;
      for await (const chunk of archive.chunks()) {
        bytes.set(chunk, at);
        at += chunk.length;
      }
      return bytesResult(bytes);
    }
    const path = ctx.fs.resolvePath(ctx.cwd, output);
    // The file holds the archive as a source: layers' pattern bytes are not expanded.
    const source = await archive.source();
    try {
      // Straight to our filesystem: just-bash's wrapped `ctx.fs` would copy the whole archive.
      await shellFsOf(ctx).writeFileSource(path, source);
    } catch {
      return fail(`failed to save image: invalid output path: directory ${JSON.stringify(parentOf(path))} does not exist\n`);
    }
    return ok();
  } catch (err) {
    return errorResult(err);
  }
}

const isSource = (read: ByteSource | ExecResult): read is ByteSource => 'size' in read && 'read' in read;

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

/** A file of the shell's filesystem, or the error line the CLI prints for it (`open x: no such file…`). */
async function readInput(ctx: CommandContext, name: string): Promise<ByteSource | ExecResult> {
  try {
    // Straight from our filesystem: just-bash's wrapped `ctx.fs` would copy the whole archive,
    // and a saved archive stays the source it was written as.
    return await shellFsOf(ctx).openFile(ctx.fs.resolvePath(ctx.cwd, name));
  } catch (err) {
    const code = (err as { code?: string }).code;
    const reason = code === 'EISDIR' ? 'is a directory' : code === 'ENOENT' ? 'no such file or directory' : 'input/output error';
    return fail(`open ${name}: ${reason}\n`);
  }
}

export async function dockerLoad(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const input = flagString(parsed, 'input');
  let source: ByteSource;
  if (input !== undefined) {
    const read = await readInput(ctx, input);
    if (!isSource(read)) return read;
    source = read;
  } else {
    const bytes = stdinBytes(ctx);
    if (bytes.length === 0) return fail('requested load from stdin, but stdin is empty\n');
    source = new MemorySource(bytes);
  }
  const lines: string[] = [];
  try {
    await daemon.load(source, (line) => lines.push(line));
    return ok(lines.map((l) => `${l}\n`).join(''));
  } catch (err) {
    return errorResult(err, lines.map((l) => `${l}\n`).join(''));
  }
}

export async function dockerImport(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const [source, repository] = parsed.positional as [string, string | undefined];
  let bytes: Uint8Array | ByteSource;
  if (source === '-') bytes = stdinBytes(ctx);
  else if (/^https?:\/\//.test(source)) {
    return fail(`Error response from daemon: Get "${source}": dial tcp: lookup ${new URL(source).hostname}: no such host\n`);
  } else {
    const read = await readInput(ctx, source);
    if (!isSource(read)) return read;
    // The file as a source: an uploaded tar becomes the layer without being read whole.
    bytes = read;
  }
  try {
    const message = flagString(parsed, 'message');
    const id = await daemon.importImage(bytes, {
      ...(repository !== undefined ? { repository } : {}),
      changes: flagList(parsed, 'change'),
      ...(message !== undefined ? { message } : {}),
      dockerVersion: releaseOf(daemon, ctx.env).version,
    });
    return ok(`${id}\n`);
  } catch (err) {
    return errorResult(err);
  }
}
