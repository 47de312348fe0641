import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from '../shell/support/run-shell.ts';
import { newDaemon, runDocker } from './support/docker-shell.ts';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** A small root filesystem archived by GNU tar: the input a student would import. */
function gnuTar(): { tar: Buffer; gzip: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-import-'));
  mkdirSync(join(dir, 'rootfs/etc'), { recursive: true });
  mkdirSync(join(dir, 'rootfs/bin'));
  writeFileSync(join(dir, 'rootfs/etc/hostname'), 'box\n');
  writeFileSync(join(dir, 'rootfs/bin/hello'), '#!/bin/sh\necho hello\n', { mode: 0o755 });
  const env = { ...process.env, TZ: 'UTC' };
  execFileSync('tar', ['--mtime=2024-01-01 00:00:00', '--owner=0', '--group=0', '--sort=name', '-C', join(dir, 'rootfs'), '-cf', join(dir, 'rootfs.tar'), '.'], { env });
  execFileSync('gzip', ['-kn', join(dir, 'rootfs.tar')], { env });
  return { tar: readFileSync(join(dir, 'rootfs.tar')), gzip: readFileSync(join(dir, 'rootfs.tar.gz')) };
}

async function importRun(script: string) {
  const { tar, gzip } = gnuTar();
  const { session, daemon } = await runDocker('true');
  await session.fs.writeFile('/root/rootfs.tar', tar);
  await session.fs.writeFile('/root/rootfs.tar.gz', gzip);
  const run = await runDocker(script, { session, daemon });
  return { run, tar, daemon };
}

describe('docker import', () => {
  it('makes a one-layer image whose ID is its config\'s sha256, the config as the daemon writes it for an import', async () => {
    const { run, tar, daemon } = await importRun('docker import rootfs.tar mybox:1.0');
    expect(run.stderr).toBe('');
    const id = run.stdout.trim();
    const config = daemon.getImage('mybox:1.0').image.rawConfig;
    expect(id).toBe(`sha256:${sha256(config)}`);
    const empty =
      '{"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":null,"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":null}';
    expect(new TextDecoder().decode(config)).toBe(
      `{"comment":"Imported from -","created":"2025-09-01T00:00:00Z","container_config":${empty},"docker_version":"27.5.1","config":${empty},` +
        `"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:${sha256(tar)}"]},"history":[{"created":"2025-09-01T00:00:00Z","comment":"Imported from -"}]}`,
    );
  });

  it('takes the tar from stdin or gzip-compressed: the layer is the same uncompressed tar', async () => {
    const { run, tar, daemon } = await importRun('cat rootfs.tar | docker import - a\ndocker import rootfs.tar.gz b');
    expect(run.stderr).toBe('');
    expect(daemon.getImage('a').image.configFile.rootfs.diff_ids).toEqual([`sha256:${sha256(tar)}`]);
    expect(daemon.getImage('b').image.configFile.rootfs.diff_ids).toEqual([`sha256:${sha256(tar)}`]);
  });

  it('applies --change instructions (JSON and shell forms) and --message', async () => {
    const { run, daemon } = await importRun(
      `docker import -c 'CMD ["/bin/hello"]' -c 'ENTRYPOINT echo hi' -c 'ENV A=1 B="two words"' -c 'EXPOSE 80 53/udp' -c 'WORKDIR /app' -c 'WORKDIR sub' ` +
        `-c 'USER nobody' -c 'LABEL org.example=yes' -c 'VOLUME /data' -c 'ONBUILD run echo x' -m 'my rootfs' rootfs.tar changed`,
    );
    expect(run.stderr).toBe('');
    const { configFile } = daemon.getImage('changed').image;
    expect(configFile.config).toMatchObject({
      Cmd: ['/bin/hello'],
      Entrypoint: ['/bin/sh', '-c', 'echo hi'],
      Env: ['A=1', 'B=two words'],
      ExposedPorts: { '53/udp': {}, '80/tcp': {} },
      WorkingDir: '/app/sub',
      User: 'nobody',
      Labels: { 'org.example': 'yes' },
      Volumes: { '/data': {} },
      OnBuild: ['RUN echo x'],
    });
    expect(configFile['comment']).toBe('my rootfs');
    expect(configFile.history).toEqual([{ created: '2025-09-01T00:00:00Z', comment: 'my rootfs' }]);
  });

  it('rejects what is not a tar, and changes Docker does not allow, in one line', async () => {
    const { run } = await importRun('echo nope > /tmp/x; docker import /tmp/x; echo $?; docker import -c "RUN true" rootfs.tar; echo $?');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Error response from daemon: /);
    expect(lines[1]).toBe('Error response from daemon: run is not a valid change command');
    expect(run.stdout).toBe('1\n1\n');
  });
});

describe('docker import of what the shell\'s own tar writes', () => {
  it('imports `tar -c` output from a pipe; the layer is byte for byte that tar', async () => {
    const daemon = newDaemon();
    const run = await runShell('tar -cf /tmp/etc.tar -C /etc .\ntar -cf - -C /etc . | docker import - hostetc\nsha256sum /tmp/etc.tar', { commands: layerlabCommands({ docker: daemon }) });
    expect(run.stderr).toBe('');
    const [id, sum] = run.stdout.trimEnd().split('\n');
    expect(id).toBe(daemon.getImage('hostetc').id);
    expect(daemon.getImage('hostetc').image.configFile.rootfs.diff_ids).toEqual([`sha256:${sum!.slice(0, 64)}`]);
  });
});
