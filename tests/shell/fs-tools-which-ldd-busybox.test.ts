import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';
import { describeWithOracles, itWithOracles } from '../support/oracles.ts';

const commands = () => layerlabCommands({ now: () => FIXED_NOW });
const real = (command: string) => {
  const result = spawnSync('bash', ['-c', command], { env: { ...process.env, LC_ALL: 'C' } });
  return { stdout: result.stdout.toString(), stderr: result.stderr.toString(), status: result.status };
};

describe('which searches $PATH in the shell filesystem', () => {
  it('prints the first executable match, every match with -a, and fails for a missing name', async () => {
    const run = await runShell('which ls; which -a cat; which nope; echo "status $?"; which cat nope; echo "status $?"', { commands: commands() });
    expect(run.stdout).toBe('/usr/bin/ls\n/usr/bin/cat\n/bin/cat\nstatus 1\n/usr/bin/cat\nstatus 1\n');
  });

  it('skips files that are not executable and honours a changed PATH and names with a slash', async () => {
    const run = await runShell('mkdir -p /opt/x; echo "#!/bin/sh" > /opt/x/tool; which tool; echo "status $?"; chmod +x /opt/x/tool; PATH=/opt/x:$PATH which tool; cd /opt; which x/tool ./x/tool', { commands: commands() });
    expect(run.stdout).toBe('status 1\n/opt/x/tool\nx/tool\n./x/tool\n');
  });
});

describe('ldd tells static from dynamic programs as glibc ldd does', () => {
  itWithOracles(['busybox'], 'a static busybox and a script are "not a dynamic executable" (stderr, status 1), like the real ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-ldd-'));
    writeFileSync(join(dir, 'script.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
    try {
      for (const [ours, theirs] of [
        ['ldd /usr/bin/busybox', 'ldd /usr/bin/busybox'],
        ['cd /tmp; echo "#!/bin/sh" > script.sh; ldd script.sh', `cd ${dir}; ldd script.sh`],
        ['cd /tmp; ldd nope', `cd ${dir}; ldd nope`],
      ]) {
        const run = await runShell(ours!, { commands: commands() });
        expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual(real(theirs!));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists libc, the vDSO and the loader for a dynamic program, the same on every run', async () => {
    const run = await runShell('ldd /usr/bin/ls; ldd /usr/bin/ls', { commands: commands() });
    const lines = run.stdout.split('\n').slice(0, 5);
    expect(lines[0]).toMatch(/^\tlinux-vdso\.so\.1 \(0x[0-9a-f]{16}\)$/);
    expect(lines).toContainEqual(expect.stringMatching(/^\tlibc\.so\.6 => \/lib\/x86_64-linux-gnu\/libc\.so\.6 \(0x[0-9a-f]{16}\)$/));
    expect(lines[4]).toMatch(/^\t\/lib64\/ld-linux-x86-64\.so\.2 \(0x[0-9a-f]{16}\)$/);
    expect(run.stdout).toBe(run.stdout.slice(0, run.stdout.length / 2).repeat(2));
    expect(run.status).toBe(0);
  });
});

describeWithOracles(['busybox'], "the host's busybox answers as Debian's busybox-static 1.35", () => {
  it.each(['busybox', 'busybox --help', 'busybox --list', 'busybox --list-full', 'busybox --list-modules', 'busybox nope'])('%s', async (command) => {
    const run = await runShell(command, { commands: commands() });
    const expected = real(command);
    // Our --list-modules leaves out bin/busybox, so that the workshop's script keeps the binary (see busybox.ts).
    if (command.endsWith('--list-modules')) expected.stdout = expected.stdout.replace('bin/busybox\n', '');
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual(expected);
  });

  it('runs an applet with its arguments untouched and its bytes unchanged', async () => {
    const run = await runShell('busybox echo "a  b" c; echo 00ff80 | busybox xxd -r -p | xxd -p; busybox sh -c \'echo "$1"\' x "y z"', { commands: commands() });
    expect(run.stdout).toBe('a  b c\n00ff80\ny z\n');
  });
});

describe("the workshop's busybox-static script", () => {
  it('sits in /root, executable, and runs unchanged: busybox is copied into the rootfs with a link per applet', async () => {
    const run = await runShell(
      'cd /root; ls -l busybox-static; ./busybox-static busybox; echo "status $?"; file busybox/bin/busybox; readlink busybox/bin/ls busybox/usr/bin/awk; busybox --list-modules | wc -l; ls -lR busybox | grep -c -- " -> "',
      { commands: commands() },
    );
    expect(run.stderr).toBe('');
    const modules = (await runShell('busybox --list-modules | wc -l', { commands: commands() })).stdout;
    expect(run.stdout).toBe(
      '-rwxr-xr-x 1 root root 782 Jan  2 03:04 busybox-static\n' +
        'status 0\n' +
        'busybox/bin/busybox: ELF 64-bit LSB executable, x86-64, version 1 (SYSV), statically linked, stripped (layerlab placeholder for busybox)\n' +
        '/bin/busybox\n/bin/busybox\n' +
        modules +
        // every module is a symlink; bin/busybox stays the copied binary
        modules,
    );
  });
});
