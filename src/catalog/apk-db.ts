/**
 * Alpine's installed-package database, /lib/apk/db/installed: one block of `key:value` lines per
 * package, blank-line separated; `F:` starts a directory, `R:` a file in it, `a:`/`M:` give
 * owner and mode when they are not 0:0:644 / 0:0:755, `Z:Q1…` is the base64 SHA-1 of a file's
 * bytes (of a symlink's target). https://wiki.alpinelinux.org/wiki/Apk_spec#Installed_Database_V2
 */
import { bytesInMemory, type ByteSource } from '../engine/io/byte-source.ts';
import { PatternSource } from '../engine/io/pattern-source.ts';
import { encodeUtf8 } from '../engine/platform.ts';
import type { FileTree } from './file-tree.ts';
import { base64, sha1 } from './sha1.ts';

export interface ApkPackage {
  name: string;
  version: string;
  description: string;
  url: string;
  license: string;
  origin?: string;
  maintainer: string;
  /** Build time, seconds since the epoch. */
  buildTime: number;
  size: number;
  installedSize: number;
  depends?: string[];
  provides?: string[];
  /** Absolute paths this package owns, all present in the tree. */
  files: string[];
}

/** A file's bytes for its checksum: a placeholder binary's are made for the hash and dropped. */
function contentBytes(data: Uint8Array | ByteSource): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof PatternSource) return data.readSync(0, data.size);
  const bytes = bytesInMemory(data);
  if (!bytes) throw new Error('apk checksums need file contents in memory or patterned');
  return bytes;
}

const q1 = (bytes: Uint8Array) => `Q1${base64(sha1(bytes))}`;

/**
 * The `C:` line: apk's checksum of the package's control data. The catalog has no .apk files,
 * so it is a stable stand-in (SHA-1 of name-version) in the real format.
 */
export const apkPackageChecksum = (name: string, version: string) => q1(encodeUtf8(`${name}-${version}`));

function packageBlock(pkg: ApkPackage, tree: FileTree): string {
  const lines = [
    `C:${apkPackageChecksum(pkg.name, pkg.version)}`,
    `P:${pkg.name}`,
    `V:${pkg.version}`,
    'A:x86_64',
    `S:${pkg.size}`,
    `I:${pkg.installedSize}`,
    `T:${pkg.description}`,
    `U:${pkg.url}`,
    `L:${pkg.license}`,
    `o:${pkg.origin ?? pkg.name}`,
    `m:${pkg.maintainer}`,
    `t:${pkg.buildTime}`,
  ];
  if (pkg.depends?.length) lines.push(`D:${pkg.depends.join(' ')}`);
  if (pkg.provides?.length) lines.push(`p:${pkg.provides.join(' ')}`);
  const byDir = new Map<string, string[]>();
  for (const path of pkg.files) {
    const rel = path.replace(/^\/+/, '');
    const slash = rel.lastIndexOf('/');
    const dir = slash < 0 ? '' : rel.slice(0, slash);
    if (!byDir.has(dir)) byDir.set(dir, []);
    byDir.get(dir)!.push(rel.slice(slash + 1));
  }
  for (const [dir, names] of byDir) {
    lines.push(`F:${dir}`);
    const dirNode = tree.describe(dir);
    if (dirNode && (dirNode.mode !== 0o755 || dirNode.uid !== 0 || dirNode.gid !== 0)) lines.push(`M:${dirNode.uid}:${dirNode.gid}:${dirNode.mode.toString(8)}`);
    for (const name of names) {
      const path = dir ? `${dir}/${name}` : name;
      const node = tree.describe(path);
      if (!node || node.type === 'directory') throw new Error(`apk package ${pkg.name} owns ${path}, which is not a file of the tree`);
      lines.push(`R:${name}`);
      const defaultMode = node.type === 'symlink' ? 0o777 : 0o644;
      if (node.mode !== defaultMode || node.uid !== 0 || node.gid !== 0) lines.push(`a:${node.uid}:${node.gid}:${node.mode.toString(8)}`);
      lines.push(`Z:${q1(node.type === 'symlink' ? encodeUtf8(node.target!) : contentBytes(node.data!))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function apkInstalledDb(packages: readonly ApkPackage[], tree: FileTree): string {
  return `${packages.map((pkg) => packageBlock(pkg, tree)).join('\n')}\n`;
}
