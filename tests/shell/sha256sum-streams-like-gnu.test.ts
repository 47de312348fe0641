/**
 * sha256sum prints what GNU coreutils 9.1's sha256sum prints (lines, `-b`'s `*`, the `\` of a
 * name with a backslash, errors and status) and, as a busybox applet, what BusyBox 1.35's does;
 * and it reads a file a chunk at a time: a 300 MB file whose source refuses reads over 1 MiB is
 * hashed (just-bash's sha256sum read the whole file, then copied it twice).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ByteSource } from '../../src/engine/io/byte-source.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { gnuOnTree, oursOnTree } from './support/tree-oracle.ts';
import { runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';
import { buildBusyboxOracle, type BusyboxOracle } from './busybox-oracle.ts';

const TREE = ['mkdir d', "printf 'hi\\n' > f", "printf x > 'a\\b'", "printf y > 'new\nline'", ': > empty'];

const CASES = ['sha256sum f empty', "sha256sum 'a\\b' 'new\nline'", 'sha256sum -b f', 'sha256sum --binary -t f', 'sha256sum f nope d; echo $?', 'sha256sum < f', 'sha256sum - f < f', 'sha256sum -- f', 'sha256sum f > sums; sha256sum -c sums'];

describeWithOracles(['coreutils'], 'sha256sum as GNU coreutils 9.1 prints it', () => {
  it.each(CASES)('%s', async (command) => {
    expect(await oursOnTree(TREE, command)).toEqual(gnuOnTree(TREE, command));
  });
});

describeWithOracles(['busybox'], 'busybox sha256sum as BusyBox 1.35 prints it', () => {
  let oracle: BusyboxOracle;
  beforeAll(async () => (oracle = await buildBusyboxOracle(TREE.join('; '))));
  afterAll(() => oracle.cleanup());
  it.each(["busybox sha256sum f 'a\\b'", 'busybox sha256sum f nope d; echo $?', 'busybox sha256sum < f'])('%s', async (command) => {
    const ours = await oracle.ours(command);
    expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual(oracle.real(command));
  });
});

describe('sha256sum reads a big file a chunk at a time', () => {
  it('hashes 300 MB from a source that refuses any read over 1 MiB, as node:crypto hashes the same bytes', async () => {
    const size = 300 * 2 ** 20;
    const byteAt = (i: number) => (i * 31 + (i >>> 20)) & 0xff;
    const source: ByteSource = {
      size,
      async read(offset, length) {
        if (length > 2 ** 20) throw new Error(`a read of ${length} bytes: the file was read whole`);
        const end = Math.min(size, offset + length);
        const bytes = new Uint8Array(end - offset);
        for (let i = 0; i < bytes.length; i++) bytes[i] = byteAt(offset + i);
        return bytes;
      },
    };
    const expected = createHash('sha256');
    for (let at = 0; at < size; at += 2 ** 20) {
      const chunk = await source.read(at, Math.min(2 ** 20, size - at));
      expected.update(chunk);
    }
    const first = await runShell('true', { commands: layerlabCommands() });
    await first.session.fs.overlay.writeFile('/big.tar', source);
    const run = await runShell('sha256sum /big.tar', { session: first.session });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${expected.digest('hex')}  /big.tar\n`);
  }, 120_000);
});
