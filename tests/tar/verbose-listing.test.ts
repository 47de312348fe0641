/**
 * `tar -tv` lines: GNU tar's mode string, name quoting, and the column widths it carries from
 * line to line, checked against GNU tar itself on an archive built to exercise them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import type { TarEntry } from '../../src/engine/tar/types.ts';
import { createVerboseLister, formatVerboseListing, modeString, quoteName } from '../../src/engine/tar/verbose-listing.ts';
import { writeTar } from '../../src/engine/tar/write-tar.ts';
import { gnuVerboseListing, tempDir } from './oracles.ts';

const work = tempDir();
afterAll(() => work.remove());

const base: TarEntry = {
  name: 'etc/hosts',
  type: 'file',
  size: 1234,
  mode: 0o644,
  uid: 0,
  gid: 0,
  uname: 'root',
  gname: 'root',
  mtime: Date.UTC(2024, 0, 2, 3, 4, 59) / 1000,
  linkname: '',
  devmajor: 0,
  devminor: 0,
  headerOffset: 0,
  dataOffset: 512,
  format: 'ustar',
};

it('formats one line like GNU tar', () => {
  expect(formatVerboseListing(base)).toBe('-rw-r--r-- root/root      1234 2024-01-02 03:04 etc/hosts');
  expect(formatVerboseListing({ ...base, type: 'symlink', size: 0, mode: 0o777, linkname: 'target' })).toBe(
    'lrwxrwxrwx root/root         0 2024-01-02 03:04 etc/hosts -> target',
  );
  expect(formatVerboseListing({ ...base, type: 'hardlink', size: 0, linkname: 'a b' })).toBe(
    'hrw-r--r-- root/root         0 2024-01-02 03:04 etc/hosts link to a b',
  );
  expect(formatVerboseListing({ ...base, type: 'chardev', size: 0, devmajor: 1, devminor: 3 })).toBe(
    'crw-r--r-- root/root       1,3 2024-01-02 03:04 etc/hosts',
  );
  expect(formatVerboseListing({ ...base, uname: '', gname: '', uid: 1000, gid: 50 })).toBe('-rw-r--r-- 1000/50        1234 2024-01-02 03:04 etc/hosts');
  expect(formatVerboseListing(base, { timeZone: 'Asia/Tokyo' })).toContain(' 2024-01-02 12:04 ');
});

it('spells modes with setuid, setgid and sticky bits as s/S and t/T', () => {
  expect(modeString(0o4755)).toBe('rwsr-xr-x');
  expect(modeString(0o4644)).toBe('rwSr--r--');
  expect(modeString(0o2750)).toBe('rwxr-s---');
  expect(modeString(0o2640)).toBe('rw-r-S---');
  expect(modeString(0o1777)).toBe('rwxrwxrwt');
  expect(modeString(0o1776)).toBe('rwxrwxrwT');
  expect(modeString(0)).toBe('---------');
});

it('quotes names as GNU tar does in a UTF-8 locale', () => {
  expect(quoteName('plain name.txt')).toBe('plain name.txt');
  expect(quoteName('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d');
  expect(quoteName('del\x7f esc\x1b')).toBe('del\\177 esc\\033');
  expect(quoteName('é☺')).toBe('é☺');
  expect(quoteName('bad\udcff\udce9')).toBe('bad\\377\\351');
});

it('widens the owner/size column as GNU tar does, and keeps it wide for later lines', async () => {
  const path = join(work.path, 'widths.tar');
  const data = (n: number) => new Uint8Array(n);
  writeFileSync(
    path,
    writeTar([
      { name: 'a', data: data(1), uname: 'root', gname: 'root' },
      { name: 'b', data: data(123456), uname: 'a-rather-long-user', gname: 'and-group' },
      { name: 'c', data: data(2), uname: 'root', gname: 'root' },
      { name: 'd', type: 'blockdev', devmajor: 259, devminor: 1048575, uname: 'x', gname: 'y' },
      { name: 'e', data: data(0), uname: 'ünïcode', gname: 'grüp' },
      { name: 'f', data: data(3), mtime: 253402300800 }, // year 10000: the date column widens
      { name: 'g', data: data(4), mtime: -2208988800 }, // 1900
      { name: 'h', data: data(5), mtime: 1.999 },
    ]),
  );
  const entries = await readTarIndex(new MemorySource(new Uint8Array(readFileSync(path))));
  const line = createVerboseLister();
  const ours = [...entries].map((e) => line(e) + '\n').join('');
  expect(ours).toBe(gnuVerboseListing(path));
  expect(ours.split('\n')[2]).toMatch(/^-rw-r--r-- root\/root {25}2 /); // still wide after the long owner
});
