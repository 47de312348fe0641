/**
 * `realpath` and `readlink` resolve names as GNU coreutils 9.1 does (gnulib's canonicalize:
 * which components must exist, links, loops, trailing slashes) and say so in its words. The
 * oracle is the real tools on the same tree in a temporary directory; its path is replaced by
 * the shell's working directory before comparing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';

const TREE = ['touch f', 'mkdir -p d/s', 'ln -s d/s ls', 'ln -s nowhere dl', 'ln -s loop1 loop2', 'ln -s loop2 loop1', 'ln -s ../f d/up', 'ln -s /tmp abs'];
const NAMES = ['f', 'f/', 'f/x', 'nope', 'nope/', 'nope/x', 'd/s/..', 'ls/..', 'ls/../f', 'dl', 'dl/x', 'loop1', 'd/up', '/', '.', 'd//s/', 'abs', "''"];
const OUR_DIR = '/tmp/w';


function real(script: string) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'layerlab-realpath-')));
  try {
    const run = spawnSync('bash', ['-c', `${TREE.join('; ')}; ${script}`], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', HOME: '/root' },
      // stdin not a socket (Node's pipes are): bash would read ~/.bashrc as if rshd had started it.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ours = (text: string) => text.split(dir).join(OUR_DIR);
    return { stdout: ours(run.stdout), stderr: ours(run.stderr), status: run.status ?? -1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ours(script: string) {
  const run = await runShell([`mkdir ${OUR_DIR}`, `cd ${OUR_DIR}`, ...TREE, script].join('\n'), { commands: layerlabCommands() });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

const each = (command: string) => NAMES.map((name) => `${command} ${name}; echo "[$?]"`).join('; ');

describeWithOracles(['coreutils'], 'realpath and readlink resolve names as GNU coreutils does', () => {
  it.each(['realpath', 'realpath -e', 'realpath -m', 'realpath -s', 'realpath -L', 'realpath -P', 'realpath -q'])('%s, on each kind of name', async (command) => {
    const script = each(command);
    expect(await ours(script)).toEqual(real(script));
  });

  it.each(['readlink', 'readlink -f', 'readlink -e', 'readlink -m', 'readlink -v', 'readlink -fv', 'readlink -ev'])('%s, on each kind of name', async (command) => {
    const script = each(command);
    expect(await ours(script)).toEqual(real(script));
  });

  it.each([
    ['--relative-to and --relative-base', 'realpath --relative-to=d f d/s ls .; realpath --relative-base=d f d/s d; realpath --relative-to=d/s --relative-base=d f d/s/x; realpath --relative-to=nope/x f; echo "[$?]"'],
    ['-z, several names, failures among them', `realpath -z f d | cat -v; echo; realpath f nope/x d; echo "[$?]"; readlink -f /nope/x/y; echo "[$?]"; readlink -f f /nope/x d; echo "[$?]"`],
    ['readlink -n', 'readlink -n ls; echo; readlink -n ls dl; readlink -qn ls dl'],
    ['missing operands, bad options', 'realpath; echo "[$?]"; readlink; echo "[$?]"; realpath --bogus f; echo "[$?]"; readlink -x f; echo "[$?]"'],
  ])('%s', async (_, script) => {
    expect(await ours(script)).toEqual(real(script));
  });
});
