/**
 * A container restored after a reload has the mounts it had: what the daemon writes and
 * bind-mounts (/etc/hostname, /etc/hosts, /etc/resolv.conf), what runc mounts (/proc, /dev and
 * beneath it, /sys), and the user's bind mounts, volumes (kept with their files) and tmpfs
 * (container-mounts.ts). `docker start`,
 * `exec` and `cp` on it show what they showed before the reload, and `docker diff` still leaves
 * the mounts out.
 */
import { getCommandNames } from 'just-bash';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionKeeper, type SessionStore } from '../../src/worker/persistence.ts';
import { createShell } from '../../src/shell/create-shell.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import type { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { containerDaemon } from '../docker/containers-support.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';

/** IndexedDB's part: values go in and come out by structured clone. */
class ClonedStore implements SessionStore {
  readonly data = new Map<string, unknown>();
  async get(key: string) {
    return structuredClone(this.data.get(key));
  }
  async setMany(entries: [string, unknown][]) {
    for (const [key, value] of entries) this.data.set(key, structuredClone(value));
  }
  async delMany(keys: string[]) {
    for (const key of keys) this.data.delete(key);
  }
  async keys() {
    return [...this.data.keys()];
  }
  async clear() {
    this.data.clear();
  }
}

const pages: { run: (script: string) => Promise<unknown> }[] = [];
afterEach(async () => {
  // No container may keep running after its test.
  for (const page of pages.splice(0)) await page.run('docker rm -f $(docker ps -aq) >/dev/null 2>&1; true');
});

/** A page load: a fresh daemon and shell, restored from `store`. */
async function pageLoad(store: ClonedStore, daemon: DockerDaemon = containerDaemon()) {
  const keeper = new SessionKeeper({ store, daemon, programs: [...getCommandNames(), 'docker'], report: (line) => reports.push(line) });
  const reports: string[] = [];
  const fs = await keeper.restore();
  const session = await createShell({ terminal: { stdout: () => {}, stderr: () => {} }, commands: [dockerCommand(daemon)], now: () => FIXED_NOW, ...(fs ? { fs } : {}) });
  keeper.keep(session.fs);
  const page = { keeper, reports, run: (script: string) => runShell(script, { session }) };
  pages.push(page);
  return page;
}

const SETUP = [
  'docker pull -q busybox >/dev/null',
  'mkdir -p /root/shared && echo from-host > /root/shared/note',
  'docker create --name box -h boxhost --add-host db:10.1.2.3 --dns 9.9.9.9 -v /root/shared:/shared -v data:/data -v /anon --tmpfs /scratch busybox sh -c "echo started; cat /etc/hostname; echo written > /shared/by-container; sleep 1000" >/dev/null',
  'docker create -t --name tty busybox sleep 1000 >/dev/null',
  'docker start box >/dev/null && docker exec box sh -c "echo named > /data/n; mkdir /anon/d; echo anonymous > /anon/d/a" && docker stop -t 0 box >/dev/null',
].join('\n');

/** What a student looks at in the containers; the same before and after the reload. */
const LOOK = [
  'docker start box >/dev/null',
  'docker exec box cat /etc/hostname /etc/hosts /etc/resolv.conf',
  'docker exec box ls -l /dev /dev/pts /dev/shm',
  'docker exec box sh -c "ls /sys; xargs -0 echo < /proc/1/cmdline; cut -d\\" \\" -f1-3 /proc/mounts"',
  'docker exec box sh -c "cat /shared/note /shared/by-container; ls -la /scratch | tail -n +2 | wc -l; echo tmp > /scratch/t; touch /dev/shm/s"',
  'cat /root/shared/by-container',
  'docker exec box sh -c "cat /data/n /anon/d/a; ls -ln /anon"',
  'docker volume ls; docker volume inspect data',
  'docker run --rm -v data:/again busybox cat /again/n',
  'docker cp box:/etc/hostname - | tar -xO',
  'docker diff box',
  'docker inspect -f "{{json .Mounts}} {{.HostConfig.Dns}} {{.Config.Hostname}}" box',
  'docker stop -t 0 box >/dev/null',
  'docker start tty >/dev/null; docker exec tty ls -l /dev/console /dev/pts',
].join('\n');

describe('a restored container has the mounts it had', () => {
  it('docker start/exec/cp show the same /etc/hostname|hosts|resolv.conf, /dev, /proc, /sys, bind mount, volumes and tmpfs after a reload', async () => {
    const store = new ClonedStore();
    const first = await pageLoad(store);
    const setup = await first.run(SETUP);
    expect(setup.stderr).toBe('');
    await first.keeper.saveNow();
    const second = await pageLoad(store);
    expect(second.reports).toEqual([]);

    const before = await first.run(LOOK);
    const after = await second.run(LOOK);
    expect(before.stderr).toBe('');
    expect(after.stderr).toBe(before.stderr);
    expect(after.stdout).toBe(before.stdout);
    // A check that LOOK saw the mounts at all.
    expect(before.stdout).toMatch(/^boxhost\n/);
    expect(before.stdout).toMatch(/^10\.1\.2\.3\tdb$/m);
    expect(before.stdout).toMatch(/^nameserver 9\.9\.9\.9$/m);
    expect(before.stdout).toMatch(/^from-host\nwritten\n/m);
    expect(before.stdout).toMatch(/^named\nanonymous\n/m);
    expect(before.stdout).toMatch(/^proc \/proc proc$/m);
    expect(before.stdout).toMatch(/^crw--w---- .* \/dev\/console$/m);
  }, 60_000);
});
