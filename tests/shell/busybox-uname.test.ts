/**
 * `uname` prints the one kernel of host-machine.ts — in BusyBox's words as an applet (Debian's
 * busybox-static 1.35 as the oracle) and GNU coreutils' on the host — and `docker info` names
 * the same release. The real tools print this machine's kernel: each of its fields is swapped
 * for ours in their output (fields only, so order, spacing and `unknown`s are theirs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { KERNEL } from '../../src/shell/commands/system/host-machine.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { buildBusyboxOracle, type BusyboxOracle } from './busybox-oracle.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';

const OPTIONS = ['', '-a', '--all', '-s', '-n', '-r', '-v', '-m', '-o', '-p', '-i', '-mr', '-rm', '-snrvmpio', '-x', 'extra'];

/** This machine's uname fields, and ours for a machine named `ourHost`. */
function fieldSwap(ourHost: string): (text: string) => string {
  const real = (flag: string) => execFileSync('uname', [flag], { encoding: 'utf8' }).trim();
  const version = real('-v');
  const words = new Map([
    [real('-s'), KERNEL.name],
    [hostname(), ourHost],
    [real('-r'), KERNEL.release],
    [real('-m'), KERNEL.machine],
    [real('-o'), KERNEL.operatingSystem],
  ]);
  return (text) =>
    text
      .replace(version, KERNEL.version)
      .split('\n')
      .map((line) => line.split(' ').map((word) => words.get(word) ?? word).join(' '))
      .join('\n');
}

describeWithOracles(['busybox'], 'busybox uname prints as BusyBox 1.35 does', () => {
  let oracle: BusyboxOracle;
  beforeAll(async () => {
    oracle = await buildBusyboxOracle('echo box > /dev/null');
  }, 60_000);
  afterAll(() => oracle?.cleanup());

  it.each(OPTIONS)('busybox uname %s', async (options) => {
    const swap = fieldSwap('localhost');
    const real = oracle.real(`busybox uname ${options} 2>&1`);
    const ours = await oracle.ours(`busybox uname ${options} 2>&1`);
    expect({ stdout: ours.stdout, status: ours.status }).toEqual({ stdout: swap(real.stdout), status: real.status });
  });
});

describe('uname on the host and in containers', () => {
  const shell = (script: string) => runShell(script, { commands: [dockerCommand(containerDaemon()), ...layerlabCommands({ now: () => FIXED_NOW })] });

  it.each(OPTIONS)('GNU uname %s', async (options) => {
    const swap = fieldSwap('layerlab');
    const real = spawnSync('bash', ['-c', `uname ${options} 2>&1`], { encoding: 'utf8' });
    const ours = await shell(`uname ${options} 2>&1`);
    expect({ stdout: ours.stdout, status: ours.status }).toEqual({ stdout: swap(real.stdout), status: real.status });
  });

  it('a busybox container names its own host name; docker info reports the same kernel', async () => {
    const run = await shell('docker pull -q busybox >/dev/null\ndocker run --rm -h web busybox uname -a\ndocker run --rm -h web busybox hostname\ndocker info 2>/dev/null | grep Kernel');
    expect(run.stdout).toBe(`Linux web ${KERNEL.release} ${KERNEL.version} x86_64 GNU/Linux\nweb\n Kernel Version: ${KERNEL.release}\n`);
  });
});
