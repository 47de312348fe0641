/**
 * just-bash's generic utilities fail as GNU coreutils (grep, sed, diffutils) fail on a Debian
 * host: same stdout, same stderr, same exit status. The oracle is the real tools, run by bash on
 * the same tree in a temporary directory (LC_ALL=C, TZ=UTC); ours run in the playground's shell.
 * We are root on both sides: a mode-000 file is still readable, as the real run shows.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';
import { gnuOnTree, oursOnTree } from './support/tree-oracle.ts';
import { describeWithOracles, itWithOracles } from '../support/oracles.ts';


/** The tree every case starts from (a fresh one each time: some cases move or remove things). */
const TREE = [
  'mkdir -p d/sub e',
  'echo hello > f',
  "printf 'b\\na\\nb\\n' > g",
  'touch d/in',
  'ln -s nowhere dangling',
  'echo secret > locked',
  'chmod 000 locked',
];

const gnu = (script: string) => gnuOnTree(TREE, script);
const ours = (script: string) => oursOnTree(TREE, script);

const FAILURES = {
  'missing files and directories where files are expected': [
    'cat /nope', 'cat d', 'cat /tmp', 'cat f/x', 'cat f /nope g', 'cat dangling', "cat 'a b'",
    'head /nope', 'head d', 'head f /nope', "head 'a b'", 'tail /nope', 'tail d',
    'wc /nope',
    'sort /nope', 'sort d', "sort 'a b'", 'uniq /nope', 'uniq d',
    'sha256sum /nope', 'sha256sum d', 'sha256sum f /nope', 'md5sum /nope', 'md5sum d',
    'grep x /nope', 'grep x d', 'grep -q x /nope', 'grep hello f /nope',
    'sed p /nope', 'sed p d', 'cut -f1 /nope', 'cut -f1 d', 'diff f /nope',
  ],
  'missing parents, files where directories are expected': [
    'cp f /nonexistent/', 'cp f /nonexistent/q/', 'cp f /nope/x', 'cp f nodir/', 'cp f g/', 'cp f f/x',
    'cp -r d /nope/x', 'cp -r d f', 'cp f g h', 'cp /nope x', 'cp d x', 'cp f f',
    'mv f /nope/x', 'mv f nodir/', 'mv f g/', 'mv f /nope/x/', 'mv d f', 'mv d d/sub', 'mv f g h', 'mv /nope x',
    'rm /nope', 'rm d', 'rm -r /nope', 'rm f/x', 'rmdir d', 'rmdir /nope', 'rmdir f',
    'mkdir d', 'mkdir /nope/x', 'mkdir f/x', 'mkdir -p f/x', 'mkdir d/sub/x/y',
    'touch /nonexistent/x', 'touch f/x',
    'ln -s f g', 'ln /nope x', 'ln d x', 'ln f', 'ln -s f',
    'chmod 755 /nope', 'echo hi | tee /nope/x', 'echo hi | tee d',
    'readlink /nope', 'readlink f',
  ],
  'bad options and missing operands': [
    'cat --bogus f', 'head -n x f', 'head -c x f', 'head --bogus f', 'tail -n x f', 'tail --bogus f',
    'wc --nope', 'sort --bogus', 'uniq --bogus', 'grep', 'grep --bogus x f', 'cut f',
    'cp', 'cp f', 'mv', 'mv f', 'rm', 'rmdir', 'mkdir', 'touch', 'ln', 'ln -s',
    'chmod', 'chmod 755', 'chmod xyz f', 'tr', 'tr a', 'basename', 'dirname', 'diff f',
    'seq', 'seq x', 'echo a | xargs nocmd', 'LC_ALL=C env nocmd',
  ],
};

const SUCCESSES = [
  'cat locked',
  'cp f d/ && cat d/f',
  'cp f e/new && cat e/new',
  'cp -r d newd/ && test -f newd/in && echo copied',
  'mv f e/ && cat e/f',
  'ln f d && cat d/f',
  'ln -s /etc/hostname && readlink hostname',
  'ln -s ../f d/sub && readlink d/sub/f',
  'rm -f /nope; echo "rm -f $?"',
];


interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}



describeWithOracles(['coreutils'], 'utilities fail with GNU coreutils’ words and status', () => {
  for (const [kind, commands] of Object.entries(FAILURES)) {
    describe(kind, () => {
      it.each(commands)('%s', async (command) => {
        const real = gnu(command);
        expect(real.status, 'the oracle case must fail').not.toBe(0);
        expect(await ours(command)).toEqual(real);
      });
    });
  }

  describe('and succeed as they do where just-bash differed', () => {
    it.each(SUCCESSES)('%s', async (command) => {
      const real = gnu(command);
      expect(real.status).toBe(0);
      expect(await ours(command)).toEqual(real);
    });
  });
});

describe('the host has the base files of a Debian 12 install', () => {
  it('passwd, group, hosts, hostname and os-release (a link into /usr/lib, as on Debian)', async () => {
    const run = await runShell(
      [
        'grep ^root: /etc/passwd /etc/group',
        'grep -c . /etc/passwd /etc/group',
        "grep -E '^(ID|VERSION_ID)=' /etc/os-release",
        'readlink /etc/os-release',
        'cat /etc/hostname',
        'grep -w localhost /etc/hosts | head -1',
        'grep -w "$(hostname)" /etc/hosts',
      ].join('\n'),
      { commands: layerlabCommands() },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        '/etc/passwd:root:x:0:0:root:/root:/bin/bash',
        '/etc/group:root:x:0:',
        '/etc/passwd:18',
        '/etc/group:38',
        'VERSION_ID="12"',
        'ID=debian',
        '../usr/lib/os-release',
        'layerlab',
        '127.0.0.1\tlocalhost',
        '127.0.1.1\tlayerlab',
        '',
      ].join('\n'),
    );
  });

  itWithOracles(['debian-12'], 'os-release and the base users are what this Debian 12 machine has', async () => {
    const realOsRelease = readFileSync('/usr/lib/os-release', 'utf8');
    const run = await runShell('cat /etc/os-release; cut -d: -f1,3 /etc/passwd', { commands: layerlabCommands() });
    const machineUsers = spawnSync('bash', ['-c', "cut -d: -f1,3 /etc/passwd | sed -n '1,/^nobody:/p'"], { encoding: 'utf8' }).stdout;
    expect(run.stdout).toBe(realOsRelease + machineUsers);
  });
});
