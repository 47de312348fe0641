/**
 * `free` prints /proc/meminfo as procps-ng 4.0.2 does on the host, and as BusyBox 1.35's applet
 * does. Oracles: this machine's procps `free` and Debian's busybox-static, each reading a
 * /proc/meminfo of ours bind-mounted in a private mount namespace (`unshare -m`). procps reads
 * everything from that file; BusyBox takes total, free, shared, buffers and swap from sysinfo(2) (the
 * real kernel's), so its figures are read back from its own byte-exact (-b) table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { busyboxCommand } from '../../src/shell/commands/busybox/busybox.ts';
import { freeCommand, type Meminfo } from '../../src/shell/commands/free/free.ts';
import { MEMORY_KIB } from '../../src/shell/commands/system/host-machine.ts';
import { runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';

const dir = mkdtempSync(join(tmpdir(), 'layerlab-free-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function meminfoFile(m: Meminfo): string {
  const line = (name: string, kib: number) => `${`${name}:`.padEnd(16)}${String(kib).padStart(8)} kB\n`;
  return (
    line('MemTotal', m.total) + line('MemFree', m.free) + line('MemAvailable', m.available) + line('Buffers', m.buffers) +
    line('Cached', m.cached) + line('SwapCached', 0) + line('SwapTotal', m.swapTotal) + line('SwapFree', m.swapFree) +
    line('Shmem', m.shared) + line('SReclaimable', m.reclaimable)
  );
}

/** `script` run with `m` as /proc/meminfo, or undefined where a private mount namespace cannot be had. */
function withMeminfo(m: Meminfo, script: string): string | undefined {
  const file = join(dir, `meminfo-${m.total}`);
  writeFileSync(file, meminfoFile(m));
  const run = spawnSync('unshare', ['-m', 'bash', '-c', `mount --bind ${file} /proc/meminfo && ${script}`], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout : undefined;
}


/** A 64 GiB machine with swap in use, so that every column and unit is exercised. */
const BIG: Meminfo = { total: 65831764, free: 1203344, available: 40123456, buffers: 1234567, cached: 30123987, shared: 987654, reclaimable: 2345678, swapTotal: 8388604, swapFree: 5123456 };
/** Small values: -h's bytes (`0B`, `512B`) and one-digit units. */
const SMALL: Meminfo = { total: 1000, free: 1, available: 999, buffers: 0, cached: 3, shared: 0, reclaimable: 1, swapTotal: 1, swapFree: 0 };

const PROCPS_OPTIONS = ['', '-h', '-m', '-k', '-g', '-b', '--si -h', '--mega', '--giga', '-t', '-w', '-ht', '-wh', '--kilo --si'];

describeWithOracles(['mount-namespace', 'procps'], 'free prints /proc/meminfo as procps-ng 4.0.2 does', () => {
  for (const [name, m] of [['the host', MEMORY_KIB], ['a big machine', BIG], ['a tiny machine', SMALL]] as const) {
    it.each(PROCPS_OPTIONS)(`${name}: free %s`, async (options) => {
      const real = withMeminfo(m, `free ${options}`);
      const ours = await runShell(`free ${options}`, { commands: [freeCommand(m)] });
      expect(ours.stdout).toBe(real);
    });
  }

  it('rejects an unknown option and an operand with its usage, status 1', async () => {
    for (const args of ['-x', 'extra']) {
      const real = spawnSync('bash', ['-c', `free ${args}`], { encoding: 'utf8' });
      const ours = await runShell(`free ${args}`, { commands: [freeCommand()] });
      expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual({ stdout: real.stdout, stderr: real.stderr, status: real.status });
    }
  });
});

describeWithOracles(['mount-namespace', 'busybox'], 'busybox free prints memory as BusyBox 1.35 does', () => {
  /**
   * BusyBox's "used" is sysinfo's total − free − buffers (the real kernel's) minus our Cached and
   * SReclaimable, in an unsigned type: page cache figures larger than the memory this machine
   * has in use wrap it round to 2⁶⁴ − n. So the figures given to both sides are cut to fit in
   * half of what is in use now, leaving the other half for the machine to move while the test
   * runs: the same table every run, on any machine.
   */
  function fittingCache(m: Meminfo): Meminfo {
    const meminfo = readFileSync('/proc/meminfo', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
    const room = Math.floor((field('MemTotal') - field('MemFree') - field('Buffers')) / 2);
    return { ...m, cached: Math.min(m.cached, Math.floor(room * 0.8)), reclaimable: Math.min(m.reclaimable, Math.floor(room * 0.1)) };
  }
  const HOST = fittingCache(MEMORY_KIB);
  const CACHED = fittingCache({ ...MEMORY_KIB, cached: 3123987, reclaimable: 412345, available: 9876543 });

  /** The figures busybox printed in bytes, with our meminfo's Cached, SReclaimable and MemAvailable. */
  function kernelFigures(m: Meminfo, table: string): Meminfo {
    const row = (i: number) => table.split('\n')[i]!.trim().split(/\s+/).slice(1).map((n) => Number(n) / 1024);
    const [total, , free, shared, cache] = row(1) as [number, number, number, number, number];
    const [swapTotal, , swapFree] = row(2) as [number, number, number];
    return { ...m, total, free, shared, buffers: cache - m.cached - m.reclaimable, swapTotal, swapFree };
  }

  it.each([['the host', HOST], ['more cache', CACHED]] as const)('%s: -b, byte for byte', async (_name, m) => {
    const real = withMeminfo(m, 'busybox free -b')!;
    const ours = await runShell('busybox free -b', { commands: [busyboxCommand(), freeCommand(kernelFigures(m, real))] });
    expect(ours.stdout).toBe(real);
  });

  it.each(['', '-k', '-m', '-g', '-h'])('busybox free %s: the same table, the kernel’s stable columns equal', async (option) => {
    const real = withMeminfo(CACHED, `busybox free -b; busybox free ${option}`)!;
    const [bytes, table] = [real.split('\n').slice(0, 3).join('\n') + '\n', real.split('\n').slice(3).join('\n')];
    const ours = (await runShell(`busybox free ${option}`, { commands: [busyboxCommand(), freeCommand(kernelFigures(CACHED, bytes))] })).stdout;
    const [realLines, ourLines] = [table.split('\n'), ours.split('\n')];
    expect(ourLines[0]).toBe(realLines[0]);
    expect(ourLines[2]).toBe(realLines[2]);
    // total, shared, available: 12 wide after `Mem:   `; used and free move as the machine runs.
    const columns = (line: string) => [1, 4, 6].map((i) => line.slice(7 + 12 * (i - 1), 7 + 12 * i));
    expect(columns(ourLines[1]!)).toEqual(columns(realLines[1]!));
    expect(ourLines[1]!.length).toBe(realLines[1]!.length);
  });
});
