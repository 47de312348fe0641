/**
 * `set` with no arguments lists what an interactive bash 5.2 lists: its own variables (BASH,
 * BASH_VERSION as `bash --version` says, BASHOPTS and SHELLOPTS in full, PS1…PS4, UID, EUID…)
 * beside the environment, sorted as bash sorts them, then the shell's functions as `declare -f`
 * prints them — never the session's plumbing. Oracle: this machine's bash, interactive in a
 * pseudo-terminal (util-linux `script`), with the host session's environment and Debian's PS1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { describeWithOracles } from '../support/oracles.ts';
import { HOST_ENVIRONMENT } from '../../src/shell/create-shell.ts';
import { runShell } from './support/run-shell.ts';

/** The host session's environment (src/shell/create-shell.ts), as real bash gets it: `bash -c` counts itself in. */
const { SHLVL: _loginLevel, ...LOGIN } = HOST_ENVIRONMENT;
const HOST_ENV = { ...LOGIN, SHLVL: '0' };

/** What Debian's /etc/bash.bashrc sets for root. */
const DEBIAN_PS1 = '${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ ';

/** Functions in several shapes print_cmd.c prints its own way (`elif`, `>&2`, `case`, `(( ))`). */
const FUNCTIONS = [
  'f(){ echo a; echo b | cat >&2; x=1; }',
  'g() { for i in 1 "$x" a\\ b; do echo $i >&2 | cat; if [ -n "$i" ]; then x=1; elif true; then :; else y=(1 2); fi; done; while read a; do case $a in a|b) echo z;; *) :;; esac; done < f; { a && b || c; }; ( cd / ); echo $(ls) $((1 + 2)); for ((i=0;i<3;i++)); do :; done; [[ -n $x ]]; (( x++ )); }',
  'h() { sleep 1 & echo x; ls -l /tmp 2>/dev/null | head -1; }',
];

/** Real bash, interactive on a pseudo-terminal (80×24), running `lines` as typed; `set` written to a file. */
function realInteractiveBash(lines: string[], listing: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-set-'));
  try {
    const out = join(dir, 'out');
    const input = [`PS1='${DEBIAN_PS1}'`, ...lines, `{ ${listing}; } > ${out}`, 'exit', ''].join('\n');
    spawnSync('script', ['-qc', '/bin/bash --norc --noprofile -i', '/dev/null'], { cwd: '/root', env: HOST_ENV, input, encoding: 'utf8' });
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines that depend on the process, not on the shell: its parent's PID and `$_`. */
const processLines = (text: string) => text.replace(/^PPID=\d+\n/m, 'PPID=<n>\n').replace(/^_=.*\n/m, '');

describeWithOracles(['script'], 'set in the host shell, as interactive bash 5.2 lists it', () => {
  it('lists bash’s own variables with the environment, sorted, then the functions in declare -f form', async () => {
    const real = realInteractiveBash(FUNCTIONS, 'set');
    const ours = await runShell(`${FUNCTIONS.join('\n')}\nset`, { commands: layerlabCommands() });
    expect(ours.stderr).toBe('');
    expect(processLines(ours.stdout)).toBe(processLines(real));
  }, 60_000);

  it('declare -f and declare -f NAME print the definitions as bash does', async () => {
    const real = realInteractiveBash(FUNCTIONS, 'declare -f; declare -f h f');
    const ours = await runShell(`${FUNCTIONS.join('\n')}\ndeclare -f; declare -f h f`, { commands: layerlabCommands() });
    expect(ours.stdout).toBe(real);
  }, 60_000);

  it('$BASH_VERSION, BASH_VERSINFO and bash --version agree with the host’s bash', async () => {
    const script = 'echo "$BASH_VERSION ${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}"; bash --version | head -1; echo "$UID $EUID $BASH"';
    const real = spawnSync('/bin/bash', ['-c', script], { env: HOST_ENV, encoding: 'utf8' }).stdout;
    const ours = await runShell(script, { commands: layerlabCommands() });
    expect(ours.stdout).toBe(real);
  });
});

it('in a debian container, $BASH_VERSION, $BASH and bash --version are that image’s bash (5.2.15, as Debian 12’s)', async () => {
  const script = 'docker pull -q debian >/dev/null\ndocker run --rm debian bash -c \'echo "$BASH_VERSION"; bash --version | head -1\'\ndocker run --rm -it debian bash\necho "$BASH_VERSION $BASH"\nexit';
  const run = await runShell(script, { commands: [dockerCommand(containerDaemon()), ...layerlabCommands()] });
  expect(run.stdout).toBe('5.2.15(1)-release\nGNU bash, version 5.2.15(1)-release (x86_64-pc-linux-gnu)\n5.2.15(1)-release /usr/bin/bash\n');
}, 60_000);
