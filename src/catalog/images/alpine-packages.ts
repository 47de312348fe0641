/**
 * What the images built FROM alpine:3.22 share: `apk add` of runtime packages (files, the
 * world file and /lib/apk/db/installed as apk rewrites them) and data files the catalog does
 * not carry (a head saying so, then the engine's pattern up to the real size).
 */
import { decodeUtf8, encodeUtf8 } from '../../engine/platform.ts';
import { PatternSource } from '../../engine/io/pattern-source.ts';
import { apkInstalledDb, type ApkPackage } from '../apk-db.ts';
import type { FileTree } from '../file-tree.ts';

export const BUILDKIT = 'buildkit.dockerfile.v0';

/** The value of an upstream checksum the catalog does not reproduce (rather than a made-up one). */
export const NOT_REPRODUCED = 'not-reproduced-in-layerlab';

/** A non-executable file whose bytes the catalog does not carry (source, libraries' data, archives): real size, honest head. */
export function standInData(what: string, realSize: number): PatternSource {
  const head = encodeUtf8(`layerlab stand-in: ${what}; the real file is ${realSize} bytes, its contents are not included.\n`);
  return new PatternSource(head, Math.max(head.length, realSize));
}

const ALPINE_DEV = 'Natanael Copa <ncopa@alpinelinux.org>';
const BUILD_TIME_3_22 = 1752563400;

/** An Alpine 3.22 package: maintainer and build time as the release's, sizes from its files. */
export function alpinePackage(tree: FileTree, p: Omit<ApkPackage, 'maintainer' | 'buildTime' | 'size' | 'installedSize'>): ApkPackage {
  const bytes = p.files.reduce((n, f) => n + (tree.describe(f)?.size ?? 0), 0);
  return { maintainer: ALPINE_DEV, buildTime: BUILD_TIME_3_22, size: Math.ceil(bytes / 2) + 4096, installedSize: Math.ceil(bytes / 4096) * 4096 + 4096, ...p };
}

/**
 * The apk files of `baseTree` (the last layer that wrote them) with `world` entries and
 * `packages` added, as `apk add --no-cache` leaves them.
 */
export function apkAdded(tree: FileTree, baseTree: FileTree, world: string[], packages: (tree: FileTree) => ApkPackage[]): void {
  const baseWorld = decodeUtf8(baseTree.contentOf('/etc/apk/world')).split('\n').filter(Boolean);
  tree.file('/etc/apk/world', `${[...new Set([...baseWorld, ...world])].sort().join('\n')}\n`);
  tree.file('/lib/apk/db/installed', decodeUtf8(baseTree.contentOf('/lib/apk/db/installed')) + apkInstalledDb(packages(tree), tree));
  tree.file('/lib/apk/db/lock', '', { mode: 0o600 });
  tree.file('/lib/apk/db/scripts.tar', new Uint8Array(0));
  tree.file('/lib/apk/db/triggers', decodeUtf8(baseTree.contentOf('/lib/apk/db/triggers')));
}
