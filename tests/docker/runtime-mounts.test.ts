/**
 * What Docker mounts in every container — /proc, /dev with its devices, /dev/pts, /dev/shm,
 * /dev/mqueue, /sys — and moby's init layer with their mount points: shown as Docker 27 with
 * runc shows them, and never part of `docker diff`, `commit` or `export`.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../tar/oracles.ts';
import { containerDaemon } from './containers-support.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from '../shell/support/run-shell.ts';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

const pull = 'docker pull -q busybox >/dev/null\n';
const run = (script: string) => runDocker(pull + script, { daemon: containerDaemon() });
/** The playground's host shell: our commands (tar keeps modes and owners), docker among them. */
const runOnHost = (script: string) => runShell(pull + script, { commands: layerlabCommands({ docker: containerDaemon() }) });

/** GNU tar's listing of `bytes` (the oracle for what an exported archive holds). */
function gnuTarList(bytes: Uint8Array): string[] {
  const dir = tempDir('layerlab-export-');
  try {
    const path = join(dir.path, 'export.tar');
    writeFileSync(path, bytes);
    const r = spawnSync('tar', ['-tvf', path], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' }, encoding: 'utf8' });
    if (r.error) throw new Error('GNU tar is needed for this test: apt-get install -y tar');
    expect(r.status).toBe(0);
    return r.stdout.split('\n').filter((l) => l !== '');
  } finally {
    dir.remove();
  }
}

describe('a container\'s /dev', () => {
  it('`ls -l /dev` in busybox is what `docker run --rm busybox ls -l /dev` prints (runc\'s devices, links and mount points)', async () => {
    const r = await run('docker run --rm busybox ls -l /dev');
    expect(r.stderr).toBe('');
    const at = 'Sep  1 00:00';
    expect(r.stdout).toBe(
      'total 0\n' +
        `lrwxrwxrwx    1 root     root            11 ${at} core -> /proc/kcore\n` +
        `lrwxrwxrwx    1 root     root            13 ${at} fd -> /proc/self/fd\n` +
        `crw-rw-rw-    1 root     root        1,   7 ${at} full\n` +
        `drwxrwxrwt    2 root     root            40 ${at} mqueue\n` +
        `crw-rw-rw-    1 root     root        1,   3 ${at} null\n` +
        `lrwxrwxrwx    1 root     root             8 ${at} ptmx -> pts/ptmx\n` +
        `drwxr-xr-x    2 root     root             0 ${at} pts\n` +
        `crw-rw-rw-    1 root     root        1,   8 ${at} random\n` +
        `drwxrwxrwt    2 root     root            40 ${at} shm\n` +
        `lrwxrwxrwx    1 root     root            15 ${at} stderr -> /proc/self/fd/2\n` +
        `lrwxrwxrwx    1 root     root            15 ${at} stdin -> /proc/self/fd/0\n` +
        `lrwxrwxrwx    1 root     root            15 ${at} stdout -> /proc/self/fd/1\n` +
        `crw-rw-rw-    1 root     root        5,   0 ${at} tty\n` +
        `crw-rw-rw-    1 root     root        1,   9 ${at} urandom\n` +
        `crw-rw-rw-    1 root     root        1,   5 ${at} zero\n`,
    );
  });

  it('with -t the terminal is bound over /dev/console and is pts/0; /dev is a tmpfs (340 bytes for its 15 entries)', async () => {
    const r = await run('docker run --rm -t busybox ls -l /dev/console /dev/pts\ndocker run --rm busybox ls -ld /dev');
    expect(r.stdout.replace(/\r\n/g, '\n')).toBe(
      'crw--w----    1 root     tty       136,   0 Sep  1 00:00 /dev/console\n\n/dev/pts:\ntotal 0\n' +
        'crw--w----    1 root     tty       136,   0 Sep  1 00:00 0\n' +
        'c---------    1 root     root        5,   2 Sep  1 00:00 ptmx\n' +
        'drwxr-xr-x    5 root     root           340 Sep  1 00:00 /dev\n',
    );
  });

  it('devices behave by their numbers: reads of zero/urandom are bounded by the reader, null swallows, full refuses', async () => {
    const r = await run(
      "docker run --rm busybox sh -c 'head -c 16 /dev/urandom | wc -c; cat /dev/zero | head -c 5 | od -An -c; " +
        "echo gone > /dev/null; wc -c < /dev/null; echo x > /dev/zero; echo \"zero $?\"; echo x >> /dev/full; echo \"full $?\"'",
    );
    expect(r.stdout).toBe('16\n  \\0  \\0  \\0  \\0  \\0\n0\nzero 0\nfull 1\n');
    expect(r.stderr).toContain('No space left on device');
  });

  it('BusyBox `head -c N` of /dev/urandom and `cat /dev/zero | head -c N` give all N bytes, as /bin/busybox does here', async () => {
    const script = 'head -c 2000000 /dev/urandom | wc -c; cat /dev/zero | head -c 3000000 | wc -c; head -c 2500000 /dev/zero | sha256sum; cat /dev/zero | wc -c';
    const real = spawnSync('/bin/busybox', ['sh', '-c', script.replace('; cat /dev/zero | wc -c', '')], { encoding: 'utf8' });
    if (real.error || !real.stdout.startsWith('2000000\n')) throw new Error(`/bin/busybox is needed for this test (apt-get install -y busybox-static); got: ${real.error?.message ?? real.stdout}`);
    const r = await run(`docker run --rm busybox sh -c '${script}'`);
    expect(r.stderr).toBe('');
    // The last read has no count to go by: one 1 MiB block, where BusyBox cat would never end.
    expect(r.stdout).toBe(`${real.stdout}1048576\n`);
  });

  it('/dev is writable (tmpfs) but nothing written there reaches the container\'s layer', async () => {
    const r = await run("docker run --name c1 busybox sh -c 'touch /dev/made /dev/shm/shared; ls /dev/shm'\ndocker diff c1; echo end");
    expect(r.stdout).toBe('shared\nend\n');
  });
});

describe('a container\'s /proc and /sys', () => {
  it('`ls /proc` lists the processes; /proc/1/cmdline is the main process\'s argv, NUL-terminated; self is the reader', async () => {
    const r = await run('docker run --rm busybox cat /proc/1/cmdline\ndocker run --rm busybox ls /proc');
    const text = new TextDecoder().decode(r.stdoutBytes);
    expect(text.startsWith('cat\0/proc/1/cmdline\0')).toBe(true);
    const listing = text.slice('cat\0/proc/1/cmdline\0'.length).split('\n');
    expect(listing[0]).toBe('1');
    for (const name of ['cpuinfo', 'meminfo', 'mounts', 'self', 'sys', 'uptime', 'version']) expect(listing).toContain(name);
  });

  it('docker exec sees its own PID as self, the main process beside it, and the container\'s environment', async () => {
    const r = await run(
      'docker run -d --name srv -e GREETING=hi busybox sleep 1000 >/dev/null\n' +
        "docker exec srv sh -c 'ls -d /proc/[0-9]*'\n" +
        'docker exec srv cat /proc/self/status\n' +
        'docker exec srv cat /proc/1/cmdline /proc/1/environ\n' +
        'docker rm -f srv >/dev/null',
    );
    expect(r.stderr).toBe('');
    const [pids, rest] = r.stdout.split(/(?=Name:\t)/);
    expect(pids).toBe('/proc/1\n/proc/7\n');
    expect(rest).toMatch(/^Name:\tcat\nUmask:\t0022\nState:\tR \(running\)\nTgid:\t13\n/);
    // An exec'd process's parent (runc) is outside the container's PID namespace.
    expect(rest).toContain('\nPid:\t13\nPPid:\t0\n');
    expect(rest).toContain('\nCapEff:\t00000000a80425fb\n');
    const tail = rest!.slice(rest!.indexOf('nonvoluntary_ctxt_switches:\t0\n') + 'nonvoluntary_ctxt_switches:\t0\n'.length);
    expect(tail.startsWith('sleep\x001000\x00')).toBe(true);
    expect(tail.split('\0')).toContain('GREETING=hi');
  });

  it('/proc/version, uname and /proc/mounts agree; writes fail as Linux refuses them', async () => {
    const r = await run(
      "docker run --rm busybox sh -c 'cat /proc/version; uname -r; grep -c \" /dev \" /proc/mounts; cat /etc/mtab | head -1 | cut -d\" \" -f1-3; " +
        "touch /sys/x; echo 1 > /proc/sys/kernel/hostname; touch /proc/x; cat /sys/fs/cgroup/memory.max'",
    );
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Linux version (\S+) /);
    expect(lines[0]!.split(' ')[2]).toBe(lines[1]);
    expect(lines.slice(2)).toEqual(['1', 'overlay / overlay', 'max', '']);
    const errors = r.stderr.split('\n');
    expect(errors[0]).toBe('touch: /sys/x: Read-only file system');
    // (the shell's own wording of a failed redirection is the shell dialect's business)
    expect(errors[1]).toMatch(/\/proc\/sys\/kernel\/hostname: Read-only file system$/);
    expect(errors.slice(2)).toEqual(['touch: /proc/x: Permission denied', '']);
  });
});

describe('docker diff, commit and export leave the runtime mounts out', () => {
  it('after `ls /dev /proc /sys`, diff is empty, commit adds an empty layer, export holds only the init layer\'s empty mount points (GNU tar -t)', async () => {
    const r = await run(
      'docker run --name c1 busybox ls /dev /proc /sys >/dev/null\n' +
        'docker diff c1; echo diff-end\n' +
        'docker commit c1 snap >/dev/null\n' +
        "docker run --rm snap sh -c 'ls /dev | wc -l'\n" +
        'docker export c1 > /tmp/c1.tar',
    );
    expect(r.stdout).toBe('diff-end\n15\n');
    const listing = gnuTarList(await r.session.fs.readFileBuffer('/tmp/c1.tar'));
    const names = listing.map((l) => l.slice(l.lastIndexOf(' ') + 1));
    for (const mountPoint of ['.dockerenv', 'dev/', 'dev/console', 'dev/pts/', 'dev/shm/', 'proc/', 'sys/', 'etc/hostname', 'etc/hosts', 'etc/resolv.conf']) {
      expect(names).toContain(mountPoint);
    }
    expect(names.filter((n) => /^(dev\/(null|zero|urandom|tty|shm\/.)|proc\/.|sys\/.)/.test(n))).toEqual([]);
    // What Docker exports at the mount points is the init layer's: empty files.
    expect(listing.find((l) => l.endsWith(' etc/hosts'))).toMatch(/^-rwxr-xr-x 0\/0 +0 /);
    expect(listing.find((l) => l.endsWith(' etc/mtab -> /proc/mounts'))).toBeDefined();
  });

  it('an imported rootfs without dev, proc and sys shows `dev etc proc sys` in `ls /` (the daemon makes its mount points), and diff stays empty', async () => {
    const r = await runOnHost(
      'docker create --name bb busybox >/dev/null\nmkdir /tmp/rootfs\ndocker export bb | tar -C /tmp/rootfs -x bin\nls /tmp/rootfs\n' +
        'tar -C /tmp/rootfs -c . | docker import - x >/dev/null\n' +
        'docker run --name c2 x ls /\ndocker diff c2; echo diff-end',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('bin\nbin\ndev\netc\nproc\nsys\ndiff-end\n');
  });
});

describe('a build step\'s RUN', () => {
  it('has /dev and /proc as a container does, and its layer holds only what the step wrote', async () => {
    const dockerfile = 'FROM busybox\nRUN head -c 1000 /dev/urandom > /random.bin && ls /proc/1/cmdline /dev/null\n';
    const r = await run(
      `${contextScript({ Dockerfile: dockerfile })}\ndocker build --progress=plain -t rnd . 2>&1 | grep -E "^#5 [0-9.]+ "\n` +
        'docker run --name r1 rnd wc -c /random.bin\ndocker diff r1; echo diff-end\ndocker history --format "{{.Size}} {{.CreatedBy}}" rnd | head -1 | cut -c1-12',
    );
    expect(r.stdout).toMatch(/^#5 [0-9.]+ \/dev\/null\n#5 [0-9.]+ \/proc\/1\/cmdline\n1000 \/random\.bin\ndiff-end\n1kB RUN \/bin\n$/);
  });
});

