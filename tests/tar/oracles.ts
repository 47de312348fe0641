/**
 * Independent oracles for the tar tests: Python's `tarfile` and GNU tar, run as child processes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import type { TarEntry, TarIndex } from '../../src/engine/tar/types.ts';

/** What Python's tarfile reports for one member, in our vocabulary. */
export interface PythonMember {
  name: string;
  type: TarEntry['type'];
  size: number;
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  mtime: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  xattrs: Record<string, string>;
  sparse: [number, number][] | null;
  offset: number;
  offsetData: number;
  /** sha256 of the contents tarfile extracts (files only). */
  sha256: string | null;
}

const PYTHON_LISTER = String.raw`
import hashlib, json, sys, tarfile
TYPES = {tarfile.REGTYPE: 'file', tarfile.AREGTYPE: 'file', tarfile.CONTTYPE: 'file', tarfile.GNUTYPE_SPARSE: 'file',
         tarfile.LNKTYPE: 'hardlink', tarfile.SYMTYPE: 'symlink', tarfile.CHRTYPE: 'chardev', tarfile.BLKTYPE: 'blockdev',
         tarfile.DIRTYPE: 'directory', tarfile.FIFOTYPE: 'fifo'}
out = []
with tarfile.open(sys.argv[1], 'r:') as tf:
    for m in tf:
        t = TYPES.get(m.type, 'file')
        digest = None
        if t == 'file':
            digest = hashlib.sha256(tf.extractfile(m).read()).hexdigest()
        out.append(dict(name=m.name, type=t, size=m.size, mode=m.mode, uid=m.uid, gid=m.gid, uname=m.uname,
                        gname=m.gname, mtime=m.mtime, linkname=m.linkname, devmajor=m.devmajor, devminor=m.devminor,
                        xattrs={k[13:]: v for k, v in m.pax_headers.items() if k.startswith('SCHILY.xattr.')},
                        sparse=m.sparse, offset=m.offset, offsetData=m.offset_data, sha256=digest))
print(json.dumps(out))
`;

export function pythonMembers(path: string): PythonMember[] {
  const stdout = execFileSync('python3', ['-c', PYTHON_LISTER, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(stdout) as PythonMember[];
}

/** `TZ=UTC tar -tvf`, in a UTF-8 locale; `undefined` when GNU tar reports an error. */
export function gnuVerboseListing(path: string): string | undefined {
  const r = spawnSync('tar', ['-tvf', path], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' }, encoding: 'latin1' });
  if (r.status !== 0) {
    if (process.env.LAYERLAB_DEBUG_TAR) console.error(`tar -tvf ${path}: ${r.stderr}`);
    return undefined;
  }
  return Buffer.from(r.stdout, 'latin1').toString('utf8');
}

/** Run GNU tar (throws on failure). */
export function gnuTar(args: string[], cwd?: string): string {
  return execFileSync('tar', args, { cwd, env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' }, encoding: 'utf8', maxBuffer: 1 << 28 });
}

export function tempDir(prefix = 'layerlab-tar-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function indexFile(path: string): Promise<{ bytes: Uint8Array; index: TarIndex }> {
  const bytes = new Uint8Array(readFileSync(path));
  return { bytes, index: await readTarIndex(new MemorySource(bytes)) };
}

/** The fields both sides report, normalised the way Python does (directories lose their '/'). */
export function comparable(entry: TarEntry) {
  return {
    name: entry.type === 'directory' ? entry.name.replace(/(.)\/+$/, '$1') : entry.name,
    type: entry.type,
    size: entry.size,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    uname: entry.uname,
    gname: entry.gname,
    mtime: entry.mtime,
    linkname: entry.linkname,
    devmajor: entry.devmajor,
    devminor: entry.devminor,
    xattrs: entry.xattrs ?? {},
  };
}

export function comparablePython(m: PythonMember) {
  return {
    name: m.name,
    type: m.type,
    // tarfile keeps the size field of header-only entries; they have no data.
    size: m.type === 'file' ? m.size : 0,
    mode: m.mode,
    uid: m.uid,
    gid: m.gid,
    uname: m.uname,
    gname: m.gname,
    mtime: m.mtime,
    linkname: m.linkname,
    devmajor: m.type === 'chardev' || m.type === 'blockdev' ? m.devmajor : 0,
    devminor: m.type === 'chardev' || m.type === 'blockdev' ? m.devminor : 0,
    xattrs: m.xattrs,
  };
}
