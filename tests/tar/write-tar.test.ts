/**
 * The writer: GNU tar and Python's tarfile read what it writes exactly as layerlab does, GNU tar
 * extracts it to the same files, modes, links and times; the output is deterministic, uses pax
 * only when ustar cannot hold a field, and is padded the way `tar -cf` pads.
 */
import { lstatSync, readFileSync, readlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { readEntry } from '../../src/engine/tar/entry-data.ts';
import { readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import { createVerboseLister } from '../../src/engine/tar/verbose-listing.ts';
import { type TarWriteEntry, encodeTarHeader, tarChunks, writeTar } from '../../src/engine/tar/write-tar.ts';
import { comparable, comparablePython, gnuTar, gnuVerboseListing, pythonMembers, tempDir } from './oracles.ts';

const work = tempDir();
afterAll(() => work.remove());

const text = (s: string) => new TextEncoder().encode(s);
const isRoot = process.getuid?.() === 0;

const entries: TarWriteEntry[] = [
  { name: 'dir', type: 'directory', mode: 0o755, mtime: 1_700_000_000 },
  { name: 'dir/hello.txt', data: text('hello world\n'), mode: 0o644, uid: 1000, gid: 1000, uname: 'alice', gname: 'staff', mtime: 1_700_000_001 },
  { name: 'dir/exec.sh', data: text('#!/bin/sh\necho hi\n'), mode: 0o755, mtime: 1_700_000_002 },
  { name: 'dir/setuid', data: text('x'), mode: 0o4755, mtime: 1_700_000_003 },
  { name: 'dir/empty', mode: 0o600 },
  { name: 'dir/block-sized', data: new Uint8Array(1024).fill(7) },
  { name: 'dir/odd-sized', data: new Uint8Array(1537).map((_, i) => i & 0xff) },
  { name: 'dir/link-to-hello', type: 'symlink', linkname: 'hello.txt', mode: 0o777 },
  { name: 'dir/hard-to-hello', type: 'hardlink', linkname: 'dir/hello.txt', mode: 0o644 },
  { name: `${'p'.repeat(80)}/${'q'.repeat(90)}/splittable.txt`, data: text('ustar prefix\n') },
  { name: `${'r'.repeat(120)}/${'s'.repeat(150)}/needs-pax.txt`, data: text('pax path\n') },
  { name: 'x'.repeat(101), data: text('one long component\n') },
  { name: 'dir/long-link', type: 'symlink', linkname: `${'t'.repeat(200)}/target`, mode: 0o777 },
  { name: 'dir/ünïcödé ☺.txt', data: text('unicode\n'), uname: 'üser', gname: 'grüp' },
  { name: 'dir/big-ids', data: text('ids\n'), uid: 0o7777777 + 1, gid: 3_000_000_000 },
  { name: 'dir/fractional-time', data: text('t\n'), mtime: 1_234_567_890.5 },
  { name: 'dir/old-time', data: text('old\n'), mtime: -1_000_000_000 },
  { name: 'dir/xattrs', data: text('x\n'), xattrs: { 'user.comment': 'hello', 'user.mime_type': 'text/plain' } },
  { name: 'dir/fifo', type: 'fifo', mode: 0o644 },
  { name: 'dir/null', type: 'chardev', devmajor: 1, devminor: 3, mode: 0o666 },
  { name: 'dir/sda', type: 'blockdev', devmajor: 8, devminor: 0, mode: 0o660 },
];

function writeArchive(name: string, list = entries): string {
  const path = join(work.path, name);
  writeFileSync(path, writeTar(list));
  return path;
}

describe('writeTar', () => {
  it('reads back through layerlab with every field as given', async () => {
    const bytes = writeTar(entries);
    const index = await readTarIndex(new MemorySource(bytes));
    expect(index.length).toBe(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const e = index.entry(i);
      const w = entries[i]!;
      const type = w.type ?? 'file';
      expect(e.name).toBe(type === 'directory' ? `${w.name}/` : w.name);
      expect(e.type).toBe(type);
      expect(e.mode).toBe(w.mode ?? (type === 'directory' ? 0o755 : 0o644));
      expect(e.uid).toBe(w.uid ?? 0);
      expect(e.gid).toBe(w.gid ?? 0);
      expect(e.uname).toBe(w.uname ?? '');
      expect(e.mtime).toBe(w.mtime ?? 0);
      expect(e.linkname).toBe(w.linkname ?? '');
      expect(e.devmajor).toBe(w.devmajor ?? 0);
      expect(e.xattrs).toEqual(w.xattrs);
      if (type === 'file') expect(await readEntry(new MemorySource(bytes), e)).toEqual(w.data ?? new Uint8Array(0));
    }
  });

  it('is read identically by Python tarfile', async () => {
    const path = writeArchive('python.tar');
    const index = await readTarIndex(new MemorySource(readFileSync(path)));
    expect(pythonMembers(path).map(comparablePython)).toEqual([...index].map(comparable));
  });

  it('is listed by GNU tar exactly as layerlab lists it', async () => {
    const path = writeArchive('gnu-list.tar');
    const index = await readTarIndex(new MemorySource(readFileSync(path)));
    const line = createVerboseLister();
    expect(gnuVerboseListing(path)).toBe([...index].map((e) => line(e) + '\n').join(''));
  });

  it('is extracted by GNU tar to the same files, modes, links and times', () => {
    const list = entries.filter((e) => isRoot || (e.type !== 'chardev' && e.type !== 'blockdev'));
    const path = writeArchive('extract.tar', list);
    const out = tempDir();
    try {
      gnuTar(['-xpf', path, '--numeric-owner', '-C', out.path]);
      for (const e of list) {
        const st = lstatSync(join(out.path, e.name));
        const type = e.type ?? 'file';
        const expectType = { file: 'isFile', directory: 'isDirectory', symlink: 'isSymbolicLink', hardlink: 'isFile', fifo: 'isFIFO', chardev: 'isCharacterDevice', blockdev: 'isBlockDevice' }[type];
        expect((st as unknown as Record<string, () => boolean>)[expectType]!.call(st), e.name).toBe(true);
        if (type !== 'symlink') expect(st.mode & 0o7777, e.name).toBe(e.mode ?? (type === 'directory' ? 0o755 : 0o644));
        if (type === 'file') {
          expect(new Uint8Array(readFileSync(join(out.path, e.name))), e.name).toEqual(e.data ?? new Uint8Array(0));
          expect(st.mtimeMs / 1000, e.name).toBeCloseTo(e.mtime ?? 0, 3);
          if (isRoot) expect([st.uid, st.gid], e.name).toEqual([e.uid ?? 0, e.gid ?? 0]);
        }
        if (type === 'symlink') expect(readlinkSync(join(out.path, e.name))).toBe(e.linkname);
        if (type === 'hardlink') expect(st.ino).toBe(lstatSync(join(out.path, e.linkname!)).ino);
      }
    } finally {
      out.remove();
    }
  });

  it('is deterministic: same entries, same bytes; mtime 0 unless given', () => {
    const a = writeTar(entries);
    expect(writeTar(entries)).toEqual(a);
    const bare = writeTar([{ name: 'f', data: text('x') }]);
    expect(new TextDecoder().decode(bare.subarray(136, 147))).toBe('00000000000');
  });

  it('pads to 10240-byte records by default and to two zero blocks with blockingFactor 1', () => {
    const one = [{ name: 'f', data: text('x') }];
    expect(writeTar(one).length).toBe(10240);
    expect(writeTar(one, { blockingFactor: 1 }).length).toBe(512 * 4);
    const gnu = join(work.path, 'gnu-made');
    writeFileSync(join(work.path, 'f'), 'x');
    gnuTar(['--format', 'ustar', '-cf', gnu, '-C', work.path, 'f']);
    expect(readFileSync(gnu).length).toBe(writeTar(one).length);
  });

  it('uses pax records only when ustar cannot hold the field', () => {
    const typeflag = (header: Uint8Array) => String.fromCharCode(header[156]!);
    expect(typeflag(encodeTarHeader({ name: 'short' }))).toBe('0');
    expect(encodeTarHeader({ name: `${'a'.repeat(150)}/${'b'.repeat(99)}` }).length).toBe(512); // prefix + name
    const paxData = (header: Uint8Array) => new TextDecoder().decode(header.subarray(512, header.length - 512));
    expect(typeflag(encodeTarHeader({ name: 'c'.repeat(101) }))).toBe('x');
    expect(paxData(encodeTarHeader({ name: 'c'.repeat(101) }))).toContain(`path=${'c'.repeat(101)}\n`);
    expect(paxData(encodeTarHeader({ name: 'é' }))).toContain('path=é\n');
    expect(paxData(encodeTarHeader({ name: 'f', uid: 0o10000000 }))).toBe('15 uid=2097152\n'.padEnd(512, '\0')); // the length counts itself
    expect(paxData(encodeTarHeader({ name: 'f', mtime: 1.25 }))).toContain('mtime=1.25\n');
    expect(paxData(encodeTarHeader({ name: 'f', size: 2 ** 33 }))).toContain('size=8589934592\n');
    expect(encodeTarHeader({ name: 'f', size: 2 ** 33 - 1 }).length).toBe(512);
  });

  it('writes sizes of 8 GiB and more that GNU tar reads (pax size)', async () => {
    const size = 2 ** 33 + 12345;
    const path = join(work.path, 'huge.tar');
    const header = encodeTarHeader({ name: 'huge.bin', size, mtime: 1_600_000_000 });
    writeFileSync(path, header);
    // The data is a hole: the file is sparse on disk, and GNU tar seeks over it.
    truncateSync(path, header.length + Math.ceil(size / 512) * 512 + 1024);
    const gnu = gnuVerboseListing(path);
    const { FileSource } = await import('../../src/node/file-source.ts');
    const source = FileSource.open(path);
    try {
      const index = await readTarIndex(source);
      expect(index.entry(0).size).toBe(size);
      expect(gnu).toBe(createVerboseLister()(index.entry(0)) + '\n');
    } finally {
      source.close();
    }
  });
});

describe('tarChunks', () => {
  it('streams the same bytes as writeTar, from sync or async entries', async () => {
    const collect = async (chunks: AsyncIterable<Uint8Array>) => {
      const parts: Uint8Array[] = [];
      for await (const c of chunks) parts.push(c);
      return new Uint8Array(Buffer.concat(parts));
    };
    async function* asyncEntries() {
      yield* entries;
    }
    expect(await collect(tarChunks(entries))).toEqual(writeTar(entries));
    expect(await collect(tarChunks(asyncEntries(), { blockingFactor: 1 }))).toEqual(writeTar(entries, { blockingFactor: 1 }));
  });
});
