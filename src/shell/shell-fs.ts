/**
 * just-bash's `IFileSystem` over our `OverlayFs`, so the shell's generic utilities (cat, grep,
 * sed, find…) and our own commands (tar, docker, ls, stat…) share one filesystem that keeps what
 * images need and just-bash's own filesystems drop: owners, device files, hard links, layers.
 *
 * The host side is an `OverlayFs` with no lower layers (everything lives in the upper layer); a
 * container is an `OverlayFs` over its image's layers. Both are driven through this adapter.
 */
import type { BufferEncoding, CpOptions, FileContent, FsStat, IFileSystem, MkdirOptions, RmOptions } from 'just-bash';
import type { ByteString } from 'just-bash';
import { unsafeBytesFromLatin1 } from 'just-bash';
import { bytesInMemory, MemorySource, type ByteSource } from '../engine/io/byte-source.ts';
import { ConcatSource } from '../engine/io/concat-source.ts';
import { FsError, type FsErrorCode } from '../engine/errors.ts';
import type { OverlayFs } from '../engine/overlay/overlay-fs.ts';
import type { FileStat } from '../engine/overlay/file-stat.ts';
import { bytesToLatin1, latin1ToBytes } from './bytes.ts';
import type { ShellDialect } from './programs/shell-dialect.ts';

/** A character device the shell writes to, e.g. the terminal behind `/dev/tty`. */
export type OutputSink = (bytes: Uint8Array) => void;

const NODE_ERROR_TEXT: Record<FsErrorCode, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory',
  ELOOP: 'too many symbolic links encountered',
  EEXIST: 'file already exists',
  ENOTEMPTY: 'directory not empty',
  EINVAL: 'invalid argument',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'name too long',
  EACCES: 'permission denied',
  ENOSPC: 'no space left on device',
  ENXIO: 'no such device or address',
  EBUSY: 'resource busy or locked',
};

/**
 * just-bash's commands recognise errors the way Node reports them: cp, mv, rm and mkdir test
 * `message.includes("ENOENT")` (or "no such file"), and cp's and mv's "does the destination
 * exist?" check treats any other message as "cannot tell". So the message keeps Node's shape
 * (`ENOENT: no such file or directory, open '/x'`), with the absolute path; where a command
 * prints it whole (`touch: cannot touch 'x': …`), the dispatch's GNU wording layer
 * (programs/native-wording.ts) turns it into strerror's words, as coreutils print them.
 */
export class ShellFsError extends Error {
  readonly code: string;
  readonly path: string;
  constructor(code: FsErrorCode, syscall: string, path: string) {
    // The engine's paths are relative to the root (`etc/x`); the shell's are absolute.
    const absolute = path.startsWith('/') ? path : `/${path}`;
    super(`${code}: ${NODE_ERROR_TEXT[code]}, ${syscall} '${absolute}'`);
    this.code = code;
    this.path = absolute;
  }
}

const DEV_NULL = '/dev/null';

/** just-bash's Dirent shape (not exported by its package entry). */
interface DirentEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

export class ShellFs implements IFileSystem {
  private readonly sinks = new Map<string, OutputSink>();
  private readonly internalPrograms = new Set<string>();

  /**
   * Whose words the shell's own builtins fail in (bash's when unset): just-bash's `cd` reaches
   * the shell only through its context's filesystem, this one (scripts/patch-just-bash.mjs).
   */
  shellDialect: ShellDialect | undefined;

  constructor(private current: OverlayFs) {}

  /** The filesystem behind this adapter. */
  get overlay(): OverlayFs {
    return this.current;
  }

  /** Serve another filesystem from now on (a container's shell reused for the next container). */
  retarget(overlay: OverlayFs): void {
    this.current = overlay;
  }

  /** Route writes to `path` (an absolute path, e.g. `/dev/tty`) to `sink` instead of a file. */
  attachSink(path: string, sink: OutputSink): void {
    this.sinks.set(path, sink);
  }

  detachSink(path: string): void {
    this.sinks.delete(path);
  }

  /**
   * just-bash runs a registered command only when `/usr/bin/<name>` (or `/bin/<name>`) exists.
   * The session's own plumbing commands exist for that lookup alone: they are never listed.
   */
  addInternalProgram(name: string): void {
    this.internalPrograms.add(`/usr/bin/${name}`);
  }

  // ---- reading ----------------------------------------------------------------------------

  async readFile(path: string, options?: { encoding?: BufferEncoding | null } | BufferEncoding): Promise<string> {
    const bytes = await this.readFileBuffer(path);
    const encoding = typeof options === 'string' ? options : options?.encoding;
    if (encoding === 'binary' || encoding === 'latin1') return bytesToLatin1(bytes);
    return new TextDecoder().decode(bytes);
  }

  async readFileBytes(path: string): Promise<ByteString> {
    return unsafeBytesFromLatin1(bytesToLatin1(await this.readFileBuffer(path)));
  }

  async readFileBuffer(path: string): Promise<Uint8Array> {
    if (path === DEV_NULL || this.sinks.has(path)) return new Uint8Array(0);
    return this.call(() => this.overlay.readFile(path));
  }

  /** A file's content as a source, read only as far as asked (see `OverlayFs.openFile`). */
  async openFile(path: string): Promise<ByteSource> {
    if (path === DEV_NULL || this.sinks.has(path)) return new MemorySource(new Uint8Array(0));
    return this.call(() => this.overlay.openFile(path));
  }

  async exists(path: string): Promise<boolean> {
    return path === DEV_NULL || this.sinks.has(path) || this.internalPrograms.has(path) || this.overlay.exists(path);
  }

  async stat(path: string): Promise<FsStat> {
    return this.deviceStat(path) ?? toFsStat(this.callSync(() => this.overlay.stat(path)));
  }

  async lstat(path: string): Promise<FsStat> {
    return this.deviceStat(path) ?? toFsStat(this.callSync(() => this.overlay.lstat(path)));
  }

  /** Paths served by this adapter rather than the overlay: sinks, /dev/null, internal programs. */
  private deviceStat(path: string): FsStat | undefined {
    if (this.internalPrograms.has(path)) return { isFile: true, isDirectory: false, isSymbolicLink: false, mode: 0o755, size: 0, mtime: new Date(0) };
    if (path === DEV_NULL || this.sinks.has(path)) return { isFile: true, isDirectory: false, isSymbolicLink: false, mode: 0o666, size: 0, mtime: new Date(0) };
    return undefined;
  }

  async readdir(path: string): Promise<string[]> {
    return this.callSync(() => this.overlay.readdir(path));
  }

  async readdirWithFileTypes(path: string): Promise<DirentEntry[]> {
    return this.callSync(() =>
      this.overlay.readdirEntries(path).map(({ name, type }) => ({
        name,
        isFile: type === 'file' || type === 'hardlink',
        isDirectory: type === 'directory',
        isSymbolicLink: type === 'symlink',
      })),
    );
  }

  async readlink(path: string): Promise<string> {
    return this.callSync(() => this.overlay.readlink(path));
  }

  async realpath(path: string): Promise<string> {
    return this.callSync(() => this.overlay.realpath(path));
  }

  resolvePath(base: string, path: string): string {
    const joined = path.startsWith('/') ? path : `${base.replace(/\/+$/, '')}/${path}`;
    const parts: string[] = [];
    for (const part of joined.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return '/' + parts.join('/');
  }

  /** Globbing walks directories with `readdir`; listing every path of an image up front would not scale. */
  getAllPaths(): string[] {
    return [];
  }

  // ---- writing ----------------------------------------------------------------------------

  async writeFile(path: string, content: FileContent, options?: { encoding?: BufferEncoding } | BufferEncoding): Promise<void> {
    const bytes = contentBytes(content, options);
    if (path === DEV_NULL) return;
    const sink = this.sinks.get(path);
    if (sink) {
      if (bytes.length > 0) sink(bytes);
      return;
    }
    await this.call(() => this.overlay.writeFile(path, bytes));
  }

  /** Write a file whose content is a source (a saved archive): kept as it is, not expanded. */
  async writeFileSource(path: string, source: ByteSource): Promise<void> {
    if (path === DEV_NULL) return;
    const sink = this.sinks.get(path);
    if (sink) {
      if (source.size > 0) sink(await source.read(0, source.size));
      return;
    }
    await this.call(() => this.overlay.writeFile(path, source));
  }

  async appendFile(path: string, content: FileContent, options?: { encoding?: BufferEncoding } | BufferEncoding): Promise<void> {
    const bytes = contentBytes(content, options);
    if (path === DEV_NULL || this.sinks.has(path)) return this.writeFile(path, bytes);
    if (bytes.length === 0 && this.overlay.exists(path)) return;
    if (this.overlay.exists(path)) {
      const source = await this.openFile(path);
      // A big file (a saved archive over pattern runs) is not copied to append to it: the new
      // bytes go after its source. Its small last piece takes them, so a loop of appends adds a
      // part per APPEND_TAIL_BYTES, not one per append.
      if (source.size > APPEND_COPY_MAX_BYTES) {
        const parts = source instanceof ConcatSource ? [...source.parts] : [source];
        const tail = parts[parts.length - 1]!.size < APPEND_TAIL_BYTES ? bytesInMemory(parts[parts.length - 1]!) : undefined;
        if (tail) parts[parts.length - 1] = new MemorySource(joinBytes(tail, bytes));
        else parts.push(new MemorySource(bytes.slice()));
        await this.call(() => this.overlay.writeFile(path, new ConcatSource(parts)));
        return;
      }
    }
    const before = this.overlay.exists(path) ? await this.readFileBuffer(path) : new Uint8Array(0);
    const joined = new Uint8Array(before.length + bytes.length);
    joined.set(before);
    joined.set(bytes, before.length);
    await this.call(() => this.overlay.writeFile(path, joined));
  }

  async mkdir(path: string, options?: MkdirOptions): Promise<void> {
    await this.call(() => this.overlay.mkdir(path, { recursive: options?.recursive ?? false }));
  }

  async rm(path: string, options?: RmOptions): Promise<void> {
    await this.call(() => this.overlay.rm(path, { recursive: options?.recursive ?? false, force: options?.force ?? false }));
  }

  async cp(src: string, dest: string, options?: CpOptions): Promise<void> {
    const stat = this.callSync(() => this.overlay.lstat(src));
    if (stat.type === 'directory') {
      if (!options?.recursive) throw new ShellFsError('EISDIR', 'cp', src);
      if (!this.overlay.exists(dest)) await this.call(() => this.overlay.mkdir(dest));
      await this.call(() => this.overlay.chmod(dest, stat.mode));
      for (const name of this.overlay.readdir(src)) await this.cp(`${src}/${name}`, `${dest}/${name}`, options);
      return;
    }
    if (stat.type === 'symlink') {
      if (this.overlay.exists(dest)) await this.call(() => this.overlay.rm(dest));
      await this.call(() => this.overlay.symlink(stat.linkname, dest));
      return;
    }
    // The copy reads from the original's content (never changed in place): a placeholder
    // binary copied stays unexpanded.
    const data = await this.openFile(src);
    await this.call(() => this.overlay.writeFile(dest, data, { mode: stat.mode }));
  }

  async mv(src: string, dest: string): Promise<void> {
    await this.call(() => this.overlay.rename(src, dest));
  }

  async chmod(path: string, mode: number): Promise<void> {
    await this.call(() => this.overlay.chmod(path, mode));
  }

  async symlink(target: string, linkPath: string): Promise<void> {
    await this.call(() => this.overlay.symlink(target, linkPath));
  }

  async link(existingPath: string, newPath: string): Promise<void> {
    await this.call(() => this.overlay.link(existingPath, newPath));
  }

  async utimes(path: string, _atime: Date, mtime: Date): Promise<void> {
    await this.call(() => this.overlay.utimes(path, Math.floor(mtime.getTime() / 1000)));
  }

  // ---- errors -----------------------------------------------------------------------------

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw asShellError(err);
    }
  }

  private callSync<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw asShellError(err);
    }
  }
}

function asShellError(err: unknown): unknown {
  return err instanceof FsError ? new ShellFsError(err.code as FsErrorCode, err.syscall, err.path) : err;
}

function contentBytes(content: FileContent, options?: { encoding?: BufferEncoding } | BufferEncoding): Uint8Array {
  if (typeof content !== 'string') return content;
  const encoding = typeof options === 'string' ? options : options?.encoding;
  if (encoding === 'binary' || encoding === 'latin1') return latin1ToBytes(content);
  return new TextEncoder().encode(content);
}

function toFsStat(stat: FileStat): FsStat {
  return {
    isFile: stat.type === 'file' || stat.type === 'hardlink',
    isDirectory: stat.type === 'directory',
    isSymbolicLink: stat.type === 'symlink',
    mode: stat.mode & 0o7777,
    size: stat.size,
    mtime: new Date(stat.mtime * 1000),
  };
}

/** Files up to this size are appended to by copying them (one array, as they were); bigger ones keep their source. */
const APPEND_COPY_MAX_BYTES = 1 << 20;
/** The most bytes an append copies of a big file's last piece. */
const APPEND_TAIL_BYTES = 64 * 1024;

function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
