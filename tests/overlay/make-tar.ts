/**
 * Test helpers: layer tars written by Python's `tarfile` (an independent writer), read back
 * through the engine's own tar reader.
 */
import { execFileSync } from 'node:child_process';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import type { LayerContents } from '../../src/engine/image/types.ts';
import { tarLayerContents } from '../../src/engine/overlay/tar-layer.ts';

export interface PyEntry {
  name: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'chardev' | 'fifo';
  /** File content (UTF-8). */
  text?: string;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  linkname?: string;
}

const SCRIPT = `
import io, json, sys, tarfile
entries = json.load(sys.stdin)
out = io.BytesIO()
types = {'file': tarfile.REGTYPE, 'dir': tarfile.DIRTYPE, 'symlink': tarfile.SYMTYPE,
         'hardlink': tarfile.LNKTYPE, 'chardev': tarfile.CHRTYPE, 'fifo': tarfile.FIFOTYPE}
with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
    for e in entries:
        info = tarfile.TarInfo(e['name'])
        info.type = types[e.get('type', 'file')]
        info.mode = e.get('mode', 0o755 if e.get('type') == 'dir' else 0o644)
        info.uid = e.get('uid', 0)
        info.gid = e.get('gid', 0)
        info.mtime = e.get('mtime', 1700000000)
        info.linkname = e.get('linkname', '')
        data = e.get('text', '').encode()
        info.size = len(data) if info.type == tarfile.REGTYPE else 0
        tar.addfile(info, io.BytesIO(data) if info.size else None)
sys.stdout.buffer.write(out.getvalue())
`;

/** A tar holding `entries`, in that order, written by Python's tarfile. */
export function pyTar(entries: readonly PyEntry[]): Uint8Array {
  return new Uint8Array(execFileSync('python3', ['-c', SCRIPT], { input: JSON.stringify(entries), maxBuffer: 1 << 28 }));
}

export function memoryLayer(tar: Uint8Array): LayerContents {
  return tarLayerContents(new MemorySource(tar));
}

/** Layers from entry lists, bottom first. */
export function pyLayers(...layers: (readonly PyEntry[])[]): LayerContents[] {
  return layers.map((entries) => memoryLayer(pyTar(entries)));
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
