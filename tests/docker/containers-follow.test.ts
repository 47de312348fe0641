import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createShell } from '../../src/shell/create-shell.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import type { ShellSession } from '../../src/shell/session.ts';
import { FIXED_NOW } from '../shell/support/run-shell.ts';
import { runDocker } from './support/docker-shell.ts';
import { containerDaemon } from './containers-support.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What reached a terminal, stdout and stderr together. */
class Screen {
  readonly chunks: Uint8Array[] = [];
  text(): string {
    return this.chunks.map((b) => new TextDecoder().decode(b)).join('');
  }
}

const terminalOf = (screen: Screen) => ({ stdout: (b: Uint8Array) => void screen.chunks.push(b.slice()), stderr: (b: Uint8Array) => void screen.chunks.push(b.slice()) });

async function terminalShell(daemon: ReturnType<typeof containerDaemon>): Promise<{ session: ShellSession; screen: Screen }> {
  const screen = new Screen();
  const session = await createShell({ terminal: terminalOf(screen), commands: [dockerCommand(daemon)], now: () => FIXED_NOW });
  return { session, screen };
}

describe('tail, ping and docker logs -f in containers', () => {
  it('tail prints what GNU tail prints for -n, -c, +N and several files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-tail-'));
    const text = Array.from({ length: 14 }, (_, i) => `line ${i + 1}`).join('\n') + '\nno newline';
    writeFileSync(join(dir, 'f'), text);
    writeFileSync(join(dir, 'g'), 'one\ntwo\n');
    const cases = [['f'], ['-n', '3', 'f'], ['-n', '+12', 'f'], ['-c', '7', 'f'], ['-2', 'g'], ['f', 'g'], ['-q', '-n1', 'f', 'g'], ['-n', '0', 'g']];
    const daemon = containerDaemon();
    await runDocker('docker pull -q busybox >/dev/null\ndocker run -d --name box busybox sleep 100 >/dev/null', { daemon });
    const box = daemon.containers.get('box').rootfs;
    await box.writeFile('/f', new TextEncoder().encode(text));
    await box.writeFile('/g', new TextEncoder().encode('one\ntwo\n'));
    const script: string[] = [];
    const expected: string[] = [];
    for (const [i, args] of cases.entries()) {
      script.push(`docker exec -w / box tail ${args.join(' ')}; echo "#${i}"`);
      expected.push(execFileSync('tail', args, { cwd: dir, encoding: 'utf8' }) + `#${i}\n`);
    }
    const run = await runDocker(script.join('\n'), { daemon });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(expected.join(''));
  });

  it('docker run -d busybox tail -f /dev/null stays Up; what is appended to a followed file reaches docker logs', async () => {
    const daemon = containerDaemon();
    const run = await runDocker(
      [
        'docker pull -q busybox >/dev/null',
        'docker run -d --name keep busybox tail -f /dev/null >/dev/null',
        'docker run -d --name follow busybox sh -c "echo first > /log; tail -f /log" >/dev/null',
        'docker exec follow sh -c "echo second >> /log"',
        'sleep 0.6',
        'docker ps --format "{{.Names}} {{.Status}}"',
        'docker logs follow',
        'docker stop -t 5 keep follow',
        'docker ps -a --format "{{.Names}} {{.Status}}"',
      ].join('\n'),
      { daemon },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(['follow Up Less than a second', 'keep Up Less than a second', 'first', 'second', 'keep', 'follow', 'follow Exited (143) Less than a second ago', 'keep Exited (143) Less than a second ago', ''].join('\n'));
  });

  it('ping: loopback answers in busybox words, other names are bad addresses', async () => {
    const run = await runDocker(
      ['docker pull -q busybox >/dev/null', 'docker run --rm busybox ping -c 2 -i 0.01 localhost', 'docker run --rm busybox ping -c 1 example.com; echo "status $?"'].join('\n'),
      { daemon: containerDaemon() },
    );
    expect(run.stdout).toMatch(
      /^PING localhost \(127\.0\.0\.1\): 56 data bytes\n64 bytes from 127\.0\.0\.1: seq=0 ttl=64 time=\d\.\d{3} ms\n64 bytes from 127\.0\.0\.1: seq=1 ttl=64 time=\d\.\d{3} ms\n\n--- localhost ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min\/avg\/max = \d\.\d{3}\/\d\.\d{3}\/\d\.\d{3} ms\nstatus 1\n$/,
    );
    expect(run.stderr).toBe("ping: bad address 'example.com'\n");
  });

  it('ping without -c keeps a container Up until docker stop', async () => {
    const daemon = containerDaemon();
    const run = await runDocker(['docker pull -q busybox >/dev/null', 'docker run -d --name pinger busybox ping 127.0.0.1 >/dev/null', 'docker logs pinger', 'docker ps --format "{{.Names}} {{.Status}}"', 'docker stop pinger >/dev/null', 'docker ps -a --format "{{.Status}}"'].join('\n'), { daemon });
    expect(run.stdout).toBe('PING 127.0.0.1 (127.0.0.1): 56 data bytes\n64 bytes from 127.0.0.1: seq=0 ttl=64 time=0.040 ms\npinger Up Less than a second\nExited (143) Less than a second ago\n');
  });

  it('docker logs -f prints the log, follows it live on the terminal, and Ctrl+C ends it with status 130', async () => {
    const daemon = containerDaemon();
    const { session, screen } = await terminalShell(daemon);
    await runDocker('docker pull -q busybox >/dev/null\ndocker run -d --name fol busybox sh -c "echo early; touch /log; tail -f /log" >/dev/null', { daemon, session });
    const { session: other } = await terminalShell(daemon);
    session.setTerminal(terminalOf(screen));
    const following = session.run('docker logs -f fol');
    await pause(100);
    expect(screen.text()).toBe('early\n');
    await other.run('docker exec fol sh -c "echo late >> /log"');
    await pause(600);
    expect(screen.text()).toBe('early\nlate\n');
    session.interrupt();
    expect(await following).toBe(130);
    expect(screen.text()).toBe('early\nlate\n\n');
    expect(daemon.containers.get('fol').state.status).toBe('running');
  });

  it('docker logs -f ends by itself, status 0, when the container stops', async () => {
    const daemon = containerDaemon();
    const { session, screen } = await terminalShell(daemon);
    await runDocker('docker pull -q busybox >/dev/null\ndocker run -d --name sle busybox sh -c "echo up; sleep 100" >/dev/null', { daemon, session });
    session.setTerminal(terminalOf(screen));
    const following = session.run('docker logs -f sle');
    await pause(100);
    await runDocker('docker stop sle >/dev/null', { daemon });
    expect(await following).toBe(0);
    expect(screen.text()).toBe('up\n');
  });
});
