import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMachine } from '../../src/shell/container/machine.ts';
import { contextScript } from './support/build-context.ts';
import { newDaemon, runDocker } from './support/docker-shell.ts';

describe('docker build → save → (Python reads it) → load → run', () => {
  it('the built files survive the round trip and the image command prints them', async () => {
    const dockerfile = 'FROM busybox\nWORKDIR /app\nCOPY greeting.txt .\nRUN echo built >> greeting.txt\nCMD ["cat", "/app/greeting.txt"]\n';
    const built = await runDocker([contextScript({ Dockerfile: dockerfile, 'greeting.txt': 'hello\n' }), 'docker build -q -t greeter . >/dev/null', 'docker save greeter > /tmp/greeter.tar'].join('\n'));
    expect(built.stderr).toBe('');
    const path = join(mkdtempSync(join(tmpdir(), 'layerlab-build-')), 'greeter.tar');
    writeFileSync(path, await built.session.fs.readFileBuffer('/tmp/greeter.tar'));

    // An independent reader: Python's tarfile opens the archive and each layer, and finds the file.
    const script = [
      'import io,json,sys,tarfile',
      't=tarfile.open(sys.argv[1])',
      'm=json.load(t.extractfile("manifest.json"))[0]',
      'print(m["RepoTags"][0])',
      'for layer in m["Layers"]:',
      '  lt=tarfile.open(fileobj=io.BytesIO(t.extractfile(layer).read()))',
      '  for n in lt.getnames():',
      '    if n.startswith("app/greeting"): print(n, lt.extractfile(n).read().decode().replace("\\n","|"))',
    ].join('\n');
    expect(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })).toBe('greeter:latest\napp/greeting.txt hello|\napp/greeting.txt hello|built|\n');

    // Load it into another daemon and run its command in a machine over its layers.
    const other = newDaemon();
    const shell = await runDocker('mkdir -p /tmp', { daemon: other });
    await shell.session.fs.writeFile('/tmp/greeter.tar', await built.session.fs.readFileBuffer('/tmp/greeter.tar'));
    const loaded = await runDocker('docker load < /tmp/greeter.tar', { daemon: other, session: shell.session });
    expect(loaded.stdout).toBe('Loaded image: greeter:latest\n');
    const image = other.getImage('greeter').image;
    const config = image.configFile.config!;
    const machine = await createMachine({ layers: image.layers });
    const result = await machine.shell.execProgram(config.Cmd!, { env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' }, cwd: config.WorkingDir! });
    expect(result.exitCode).toBe(0);
    expect(new TextDecoder().decode(result.stdout)).toBe('hello\nbuilt\n');
  });
});
