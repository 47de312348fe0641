/**
 * Corner cases where tar readers disagree, read the way Go's archive/tar reads them (Docker
 * reads layers with Go): several pax `x` headers before one member, pax numbers with leading
 * zeros, pax global (`g`) headers, and the misplaced ustar prefix of Go ≤ 1.7's writer. Each
 * archive is built at test time from raw header bytes (Python's tarfile writes the blocks), and
 * the index is checked against GNU tar's `tar -tv --full-time` or Python's tarfile, whichever
 * follows Go's rule in that case (the comments say which one does not, and why).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TarFormatError } from '../../src/engine/errors.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { readEntry } from '../../src/engine/tar/entry-data.ts';
import { type TarIndexOptions, indexTarStream, readTarIndex } from '../../src/engine/tar/read-tar-index.ts';
import type { TarEntry } from '../../src/engine/tar/types.ts';
import { comparable, comparablePython, pythonMembers, tempDir } from './oracles.ts';

/** One block group of a test archive: a pax header (records or raw text) or a member. */
type Part =
  | { pax: 'x' | 'g'; records?: [string, string][]; raw?: string }
  | {
      name: string;
      type?: string;
      data?: string;
      /** The header's size field, when it should differ from the data stored. */
      headerSize?: number;
      mtime?: number;
      uid?: number;
      gid?: number;
      uname?: string;
      linkname?: string;
      format?: 'ustar' | 'gnu';
      /** Bytes written at offset 345 (ustar prefix; GNU atime/ctime), checksum fixed up. */
      at345?: string;
    };

/** Writes the archive described on stdin (JSON `Part[]`) to argv[1], header bytes by tarfile. */
const PYTHON_BUILDER = String.raw`
import json, sys, tarfile
def pad(b): return b + b'\0' * ((-len(b)) % 512)
def record(k, v):
    body = (' %s=%s\n' % (k, v)).encode('utf-8', 'surrogateescape')
    n = len(body) + 1
    while len(str(n)) + len(body) > n: n += 1
    return str(n).encode() + body
out = b''
for part in json.load(sys.stdin):
    if 'pax' in part:
        data = part['raw'].encode('latin1') if 'raw' in part else b''.join(record(k, v) for k, v in part['records'])
        ti = tarfile.TarInfo('PaxHeaders/x' if part['pax'] == 'x' else 'pax_global_header')
        ti.type = part['pax'].encode(); ti.size = len(data)
        out += ti.tobuf(tarfile.USTAR_FORMAT) + pad(data)
        continue
    data = part.get('data', '').encode('latin1')
    ti = tarfile.TarInfo(part['name'])
    ti.type = part.get('type', '0').encode(); ti.size = part.get('headerSize', len(data)); ti.mtime = part.get('mtime', 1000)
    ti.uid = part.get('uid', 0); ti.gid = part.get('gid', 0); ti.uname = part.get('uname', ''); ti.linkname = part.get('linkname', '')
    block = bytearray(ti.tobuf(tarfile.GNU_FORMAT if part.get('format') == 'gnu' else tarfile.USTAR_FORMAT))
    if 'at345' in part:
        raw = part['at345'].encode('latin1')
        block[345:345 + len(raw)] = raw
        block[148:156] = b'        '
        block[148:156] = b'%06o\0 ' % sum(block)
    out += bytes(block) + pad(data)
sys.stdout.buffer.write(out + b'\0' * 1024)
`;

const work = tempDir('layerlab-go-rules-');
afterAll(() => work.remove());
let archives = 0;

function buildArchive(parts: Part[]): { path: string; bytes: Uint8Array } {
  const path = join(work.path, `case-${archives++}.tar`);
  const tar = execFileSync('python3', ['-c', PYTHON_BUILDER], { input: JSON.stringify(parts) });
  writeFileSync(path, tar);
  return { path, bytes: new Uint8Array(tar) };
}

/** Index with both indexers; they must agree. */
async function indexBoth(bytes: Uint8Array, options?: TarIndexOptions): Promise<TarEntry[]> {
  const random = [...(await readTarIndex(new MemorySource(bytes), options))];
  async function* blocks() {
    for (let pos = 0; pos < bytes.length; pos += 512) yield bytes.subarray(pos, pos + 512);
  }
  expect([...(await indexTarStream(blocks(), options))]).toEqual(random);
  return random;
}

/** What one line of `TZ=UTC tar -tv --full-time` says about a member. */
interface GnuListed {
  owner: string;
  size: number;
  mtime: number;
  name: string;
}

function gnuFullTimeListing(path: string): GnuListed[] {
  const r = spawnSync('tar', ['-tv', '--full-time', '-f', path], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C.UTF-8' }, encoding: 'utf8' });
  if (r.error) throw new Error('GNU tar is needed for this test: apt-get install -y tar');
  if (r.status !== 0) throw new Error(`tar -tv --full-time ${path} failed: ${r.stderr}`);
  return r.stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      // --full-time prints a pax mtime's fraction too (2009-02-13 23:31:30.5) and pads the
      // column for it on the lines after.
      const m = /^\S{10} (\S+)\s+(\d+) (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? +(.*)$/.exec(line);
      if (!m) throw new Error(`unexpected tar -tv line: ${line}`);
      const mtime = Date.parse(`${m[3]}T${m[4]}Z`) / 1000 + Number(m[5] ?? 0);
      return { owner: m[1]!, size: Number(m[2]), mtime, name: m[6]!.replace(/ -> .*$/, '') };
    });
}

/** Our entry as GNU tar's listing shows it (owner name or number). */
function asGnuListed(entry: TarEntry): GnuListed {
  return { owner: `${entry.uname || entry.uid}/${entry.gname || entry.gid}`, size: entry.size, mtime: entry.mtime, name: entry.name };
}

async function expectTarFormatError(bytes: Uint8Array, options?: TarIndexOptions): Promise<void> {
  const error = await readTarIndex(new MemorySource(bytes), options).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(TarFormatError);
  expect((error as Error).message).toMatch(/^invalid tar at byte \d+: [^\n]+$/);
  async function* once() {
    yield bytes;
  }
  await expect(indexTarStream(once(), options)).rejects.toBeInstanceOf(TarFormatError);
}

describe('several pax x headers before one member', () => {
  // Go: `paxHdrs, err = parsePAX(tr)` replaces the records of an earlier x header; GNU tar keeps
  // the last extended header block too. Python's tarfile differs: it merges them, the first
  // header's records winning (it would name this member first-path, mtime 111, owner firstuser).
  const parts: Part[] = [
    { pax: 'x', records: [['path', 'first-path'], ['uname', 'firstuser'], ['mtime', '111'], ['SCHILY.xattr.user.first', '1']] },
    { pax: 'x', records: [['path', 'second-path'], ['gid', '42'], ['SCHILY.xattr.user.second', '2']] },
    { name: 'ustar-name', data: 'hello', mtime: 1000 },
    { name: 'next', data: 'x' },
  ];

  it('uses only the last one, as Go and GNU tar do', async () => {
    const { path, bytes } = buildArchive(parts);
    const entries = await indexBoth(bytes);
    expect(entries.map(asGnuListed)).toEqual(gnuFullTimeListing(path));
    expect(entries[0]).toMatchObject({ name: 'second-path', gid: 42, uname: '', mtime: 1000, xattrs: { 'user.second': '2' }, headerOffset: 0 });
    expect(Buffer.from(await readEntry(new MemorySource(bytes), entries[0]!)).toString()).toBe('hello');
  });

  it('fails with one TarFormatError when an earlier one is malformed (Go parses each)', async () => {
    const { bytes } = buildArchive([{ pax: 'x', raw: '9 bad\n' }, ...parts]);
    await expectTarFormatError(bytes);
  });
});

describe('pax numbers with leading zeros', () => {
  const zeros = '0'.repeat(40);

  it('reads size=000…0999 as 999, as strconv.ParseInt does, whatever the ustar size field says', async () => {
    const data = 'y'.repeat(999);
    const { path, bytes } = buildArchive([
      { pax: 'x', records: [['size', `${zeros}999`], ['mtime', `${zeros}1234567890.5`], ['uid', `${zeros}7`]] },
      { name: 'zero-padded', data, headerSize: 0 },
      { name: 'after', data: 'ok' },
    ]);
    const entries = await indexBoth(bytes);
    expect(entries.map(comparable)).toEqual(pythonMembers(path).map(comparablePython));
    expect(entries.map(asGnuListed)).toEqual(gnuFullTimeListing(path));
    expect(entries[0]).toMatchObject({ size: 999, mtime: 1234567890.5, uid: 7 });
    expect(Buffer.from(await readEntry(new MemorySource(bytes), entries[1]!)).toString()).toBe('ok');
  });

  it('reads a record length with leading zeros (Go parses it with strconv.ParseInt too)', async () => {
    const record = (key: string, value: string) => {
      const body = ` ${key}=${value}\n`;
      return `${zeros}${zeros.length + String(body.length).length + body.length}${body}`;
    };
    const { path, bytes } = buildArchive([{ pax: 'x', raw: record('path', 'long-length') + record('mtime', '77') }, { name: 'short', data: 'z' }]);
    const entries = await indexBoth(bytes);
    expect(entries.map(comparable)).toEqual(pythonMembers(path).map(comparablePython));
    expect(entries.map(asGnuListed)).toEqual(gnuFullTimeListing(path));
    expect(entries[0]).toMatchObject({ name: 'long-length', mtime: 77 });
  });

  it.each([
    ['a size that is not a number', [['size', `${zeros}12a`]]],
    ['a size that overflows', [['size', `${zeros}${'9'.repeat(30)}`]]],
    ['a negative size', [['size', '-5']]],
    ['an mtime that is not a time', [['mtime', `${zeros}1x`]]],
  ] as [string, [string, string][]][])('fails with one TarFormatError on %s', async (_, records) => {
    const { bytes } = buildArchive([{ pax: 'x', records }, { name: 'f', data: 'abc' }]);
    await expectTarFormatError(bytes);
  });

  it('fails with one TarFormatError, without hanging, on a record length of a million zeros', async () => {
    const { bytes } = buildArchive([{ pax: 'x', raw: `${'0'.repeat(1_000_000)} path=x\n` }, { name: 'f' }]);
    await expectTarFormatError(bytes);
  });
});

describe('pax global headers', () => {
  const parts: Part[] = [
    { pax: 'g', records: [['path', 'global-path'], ['mtime', '222'], ['uname', 'guser'], ['comment', 'from git archive']] },
    { name: 'a', data: '1' },
    { pax: 'x', records: [['path', 'local-path']] },
    { name: 'b', data: '22' },
    { pax: 'g', records: [['uname', 'second-guser']] },
    { name: 'c', data: '333', mtime: 3000 },
  ];
  const withoutGlobals = parts.filter((part) => !('pax' in part && part.pax === 'g'));

  it("by default change nothing and list nothing, as in Go's reader and Docker's extractor", async () => {
    // Go returns a g header from Next as an entry of its own (TypeXGlobalHeader) and merges its
    // records into no later header; Docker skips that entry. So the members must read exactly as
    // GNU tar and Python read the same archive without its g headers.
    const { bytes } = buildArchive(parts);
    const plain = buildArchive(withoutGlobals);
    const entries = await indexBoth(bytes);
    expect(entries.map(asGnuListed)).toEqual(gnuFullTimeListing(plain.path));
    expect(entries.map(comparable)).toEqual(pythonMembers(plain.path).map(comparablePython));
    expect(entries.map((e) => e.format)).toEqual(['ustar', 'pax', 'ustar']);
  });

  it("apply to every later member with globalPaxRecords: 'apply', as GNU tar 1.34 and Python do", async () => {
    const { path, bytes } = buildArchive(parts.slice(0, 4));
    const entries = await indexBoth(bytes, { globalPaxRecords: 'apply' });
    expect(entries.map(asGnuListed)).toEqual(gnuFullTimeListing(path));
    expect(entries.map(comparable)).toEqual(pythonMembers(path).map(comparablePython));
    expect(entries.map((e) => [e.name, e.uname, e.mtime])).toEqual([
      ['global-path', 'guser', 222],
      ['local-path', 'guser', 222],
    ]);
  });

  it("each replace the one before with globalPaxRecords: 'apply', as in GNU tar", async () => {
    // GNU tar's xheader_decode_global empties its list of global records before decoding the
    // next g header. Python's tarfile merges them instead (it would name member c global-path).
    const { path, bytes } = buildArchive(parts);
    const entries = await indexBoth(bytes, { globalPaxRecords: 'apply' });
    expect(entries.map(asGnuListed)).toEqual(gnuFullTimeListing(path));
    expect(entries[2]).toMatchObject({ name: 'c', uname: 'second-guser', mtime: 3000 });
  });

  it('fail with one TarFormatError when malformed, in both modes (Go parses them too)', async () => {
    const { bytes } = buildArchive([{ pax: 'g', raw: '99 path=x\n' }, { name: 'f', data: 'abc' }]);
    await expectTarFormatError(bytes);
    await expectTarFormatError(bytes, { globalPaxRecords: 'apply' });
  });
});

describe("the ustar prefix in a GNU header written by Go ≤ 1.7's tar.Writer", () => {
  // Go's own test archive testdata/invalid-go17.tar, rebuilt: a GNU header (the writer switched
  // to GNU for the base-256 uid) whose bytes 345.. hold a ustar prefix of 97 'a's.
  const prefix = 'a'.repeat(97);

  it('is read back as Go reads it: prefix/name, like Python (GNU tar reads just the name)', async () => {
    const { path, bytes } = buildArchive([{ name: 'foo', format: 'gnu', uid: 0o10000000, mtime: 0, at345: prefix }]);
    const entries = await indexBoth(bytes);
    // Go's expected header for invalid-go17.tar (reader_test.go): this name and uid.
    expect(entries.map((e) => [e.name, e.uid, e.mtime, e.format])).toEqual([[`${prefix}/foo`, 0o10000000, 0, 'gnu']]);
    expect(entries.map(comparable)).toEqual(pythonMembers(path).map(comparablePython));
  });

  it.each([
    ['atime and ctime set by GNU tar --incremental', '15305425164\0' + '15305425164\0'],
    ['an octal-only "prefix", which Go cannot tell from a time', '0123\0'],
    ['a non-ASCII prefix, which Go does not take', 'caf\xe9x\0'],
  ])('is not used when those bytes are %s: the name alone, as GNU tar lists it', async (_, at345) => {
    // Python's tarfile would prefix the name here (it always reads bytes 345..500 as a prefix).
    const { path, bytes } = buildArchive([{ name: 'dir/file', format: 'gnu', data: 'abc', at345 }]);
    const entries = await indexBoth(bytes);
    expect(entries.map(asGnuListed)).toEqual(gnuFullTimeListing(path));
    expect(entries[0]!.name).toBe('dir/file');
  });

  it('is not used in an archive GNU tar itself writes with --incremental', async () => {
    const dir = join(work.path, 'incremental');
    execFileSync('mkdir', ['-p', join(dir, 'sub')]);
    writeFileSync(join(dir, 'sub', 'file'), 'content');
    const path = join(work.path, 'incremental.tar');
    execFileSync('tar', ['--format=gnu', '--incremental', '-cf', path, '-C', dir, 'sub/file']);
    const bytes = new Uint8Array(readFileSync(path));
    expect(bytes[345]).not.toBe(0); // the atime GNU tar wrote
    const entries = await indexBoth(bytes);
    expect(entries.map(asGnuListed)).toEqual(gnuFullTimeListing(path));
  });
});
