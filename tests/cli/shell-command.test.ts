import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from './run-cli.ts';

const PTY_DRIVE = fileURLToPath(new URL('./support/pty-drive.py', import.meta.url));

function shell(script: string) {
  const r = spawnSync(BIN, ['shell'], { input: script, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('layerlab shell with a script on stdin (as bash -s)', () => {
  it('runs statement by statement: here-documents, blocks and quotes spanning lines; exits with the last status', () => {
    const r = shell(['cd /tmp', 'cat <<EOF > f', 'line $HOME', 'EOF', 'for i in 1 2; do', '  echo "$i $(cat f)"', 'done', 'echo "a', 'b"', 'false'].join('\n'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1 line /root\n2 line /root\na\nb\n');
    expect(r.status).toBe(1);
  });

  it('stops at exit with its status, and runs docker against the bundled catalog', () => {
    const r = shell('docker pull -q hello-world\ndocker run --rm hello-world | head -2\nexit 7\necho never');
    expect(r.stdout).toBe('docker.io/library/hello-world:latest\n\nHello from Docker!\n');
    expect(r.status).toBe(7);
  });

  it('ends with its script, or at `exit`, while a detached container still runs (as a docker client does)', () => {
    // spawnSync's timeout kills a process that waits on the container: its status is then null.
    const r = shell('docker run -d busybox sleep 3600\necho done');
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\ndone\n$/);
    expect(r.status).toBe(0);
    const atExit = shell('docker run -d busybox sleep 3600\nexit 3\necho never');
    expect(atExit.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(atExit.status).toBe(3);
  }, 150_000);

  it('reports a syntax error as bash does and goes on', () => {
    const r = shell('done\necho "after $?"');
    expect(r.stderr).toBe("bash: syntax error near unexpected token `done'\n");
    expect(r.stdout).toBe('after 2\n');
    expect(r.status).toBe(0);
  });
});

describe('layerlab shell in a terminal', () => {
  it('shows the prompt, edits lines, continues open statements with PS2, drops a line on Ctrl+C, exits with `exit`', () => {
    const r = spawnSync('python3', [PTY_DRIVE, BIN, 'shell', '--', 'cd /tmp\r', 'if true; then\r', 'echo inside; fi\r', 'echo dropped\x03', 'exit 5\r'], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    // Strip the terminal's cursor-movement escapes to read what the screen shows.
    const shown = r.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(shown).toContain('root@layerlab:~# cd /tmp\n');
    expect(shown).toContain('root@layerlab:/tmp# if true; then\n> echo inside; fi\ninside\n');
    expect(shown).toContain('root@layerlab:/tmp# echo dropped^C\n');
    expect(shown).toContain('root@layerlab:/tmp# exit 5\n');
    expect(shown).toMatch(/exit status 5\n$/);
  });

  it('ends at Ctrl+D while a detached container still runs', () => {
    const r = spawnSync('python3', [PTY_DRIVE, BIN, 'shell', '--', 'docker run -d busybox sleep 3600\r', '\x04'], { encoding: 'utf8', timeout: 90_000 });
    const shown = r.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(shown).toMatch(/\n[0-9a-f]{64}\n/);
    expect(shown).toMatch(/# exit\n/);
    expect(shown).toMatch(/exit status 0\n$/);
  }, 120_000);

  it('in a terminal, Tab completes file and command names, and ls prints columns', () => {
    const r = spawnSync('python3', [PTY_DRIVE, BIN, 'shell', '--', 'cd /tmp && touch tabfile-x aa bb cc\r', 'cat tabf\t', '\r', 'hexdu\t', '-n 2 tabfile-x; ls\r', 'exit\r'], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    const shown = r.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(shown).toContain('cat tabfile-x \n');
    expect(shown).toContain('hexdump -n 2 tabfile-x; ls\n');
    expect(shown).toMatch(/\naa +bb +cc +tabfile-x\n/);
  });
});
