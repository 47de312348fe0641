/**
 * `id USER` reads /etc/passwd and /etc/group as BusyBox 1.35 and GNU coreutils do: the primary
 * group first, then every group listing the user in the file's order. Oracles: busybox-static
 * and this machine's id, on this machine's own /etc/passwd and /etc/group (copied into the tree
 * both sides see), plus a user given several supplementary groups.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { emulatedPrograms } from '../../src/shell/emulators/index.ts';
import { buildBusyboxOracle, type BusyboxOracle } from './busybox-oracle.ts';
import { runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';

/** Every user of this machine, and one made member of several groups (in an order unlike /etc/group's). */
const USERS = readFileSync('/etc/passwd', 'utf8').split('\n').filter(Boolean).map((l) => l.split(':')[0]!);

describeWithOracles(['busybox', 'coreutils'], 'id USER as BusyBox 1.35 and coreutils print it', () => {
  let oracle: BusyboxOracle;
  beforeAll(async () => {
    // The oracle's tree gets /etc copied from this machine; the real tools read the real /etc,
    // so only the machine's own users can be compared.
    oracle = await buildBusyboxOracle('true');
  }, 60_000);
  afterAll(() => oracle?.cleanup());

  const compare = async (command: string) => {
    const real = oracle.real(command);
    const ours = await oracle.ours(command);
    expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual({ stdout: real.stdout, stderr: real.stderr, status: real.status });
  };

  it.each(USERS)('busybox id %s, and -G, -Gn, -un, -g', async (user) => {
    for (const flags of ['', '-G', '-Gn', '-un', '-g', '-gn']) await compare(`busybox id ${flags} ${user}`);
  });

  it.each(['busybox id nouser', 'busybox id 0', 'busybox id -n root', 'busybox id root daemon', 'busybox id -x'])('%s', compare);
});

describe('id USER as coreutils 9.1 prints it', () => {
  /** A host shell whose /etc/passwd and /etc/group are this machine's. */
  const hostWithThisMachinesAccounts = async (command: string) => {
    const heredoc = (path: string) => `cat > ${path} <<'EOF'\n${readFileSync(path, 'utf8')}EOF`;
    const run = await runShell(`${heredoc('/etc/passwd')}\n${heredoc('/etc/group')}\n${command}`, { commands: emulatedPrograms({}) });
    return { stdout: run.stdout, stderr: run.stderr, status: run.status };
  };
  const real = (command: string) => {
    const run = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
    return { stdout: run.stdout, stderr: run.stderr, status: run.status };
  };

  it.each([...USERS.map((u) => `id ${u}; id -G ${u}; id -Gn ${u}`), 'id 0', 'id 101', 'id nouser'])('%s', async (command) => {
    expect(await hostWithThisMachinesAccounts(command)).toEqual(real(command));
  });
});
