/**
 * `docker save` output, read back with Python's tarfile, is valid against the OCI image-spec's
 * own JSON schemas (oci-layout, index, manifests, configs) — for pulled, imported, committed and
 * built images — except where Docker itself writes what the schema forbids. The validator is
 * Python's jsonschema (tests/docker/oci-schema/validate.py).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from '../shell/support/run-shell.ts';
import { containerDaemon } from './containers-support.ts';
import { describeWithOracles } from '../support/oracles.ts';

const VALIDATE = fileURLToPath(new URL('./oci-schema/validate.py', import.meta.url));

/** A Python with jsonschema: the one on PATH, else Debian's (`apt-get install python3-jsonschema`, as .ci/run does). */
const PYTHON = ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import jsonschema']).status === 0) ?? 'python3';

function validate(archive: Uint8Array): { status: number | null; lines: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-schema-'));
  try {
    writeFileSync(join(dir, 'a.tar'), archive);
    const r = spawnSync(PYTHON, [VALIDATE, join(dir, 'a.tar')], { encoding: 'utf8' });
    if (r.stderr) throw new Error(r.stderr);
    return { status: r.status, lines: r.stdout.trimEnd().split('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeWithOracles(['jsonschema'], 'docker save is valid against the OCI image-spec JSON schemas', () => {
  it('pulled, imported, committed and built images, saved together', async () => {
    const run = await runShell(
      [
        'docker pull -q redis:3.2.11-alpine >/dev/null && docker pull -q busybox >/dev/null && docker pull -q hello-world >/dev/null',
        'mkdir -p /tmp/root/etc && echo hi > /tmp/root/etc/motd && tar -C /tmp/root -c . | docker import -c "CMD [\\"/bin/sh\\"]" - imported:1 >/dev/null',
        "docker run --name cc busybox sh -c 'echo x > /x' && docker commit cc committed:1 >/dev/null",
        "mkdir -p /tmp/ctx && printf 'FROM busybox\\nRUN echo built > /built\\nLABEL a=b\\nEXPOSE 80\\nVOLUME /data\\nCMD [\"cat\", \"/built\"]\\n' > /tmp/ctx/Dockerfile",
        'docker build -q -t built:1 /tmp/ctx >/dev/null',
        'docker save -o /tmp/all.tar redis:3.2.11-alpine busybox hello-world imported:1 committed:1 built:1',
        'docker image inspect -f "{{.Id}}" imported:1',
      ].join('\n'),
      { commands: layerlabCommands({ docker: containerDaemon() }) },
    );
    expect(run.stderr).toBe('');
    const result = validate(await run.session.fs.overlay.readFile('/tmp/all.tar'));
    // Docker's own `docker import` writes `"Env": null` (moby builds the config from an empty
    // container.Config), which the OCI config schema does not allow; we write what Docker writes.
    const imported = run.stdout.trim().slice('sha256:'.length);
    expect(result.lines.filter((line) => !line.startsWith('ok '))).toEqual([`invalid config blobs/sha256/${imported}: None is not of type 'array' (at config/Env)`]);
    expect(result.lines.filter((line) => line.startsWith('ok manifest'))).toHaveLength(6);
    expect(result.lines.filter((line) => line.startsWith('ok config'))).toHaveLength(5);
  });

  it('the validator does reject what the schemas forbid', async () => {
    const run = await runShell(['docker pull -q busybox >/dev/null', 'docker save -o /tmp/b.tar busybox', 'mkdir /tmp/b && tar -C /tmp/b -xf /tmp/b.tar', "echo '{\"imageLayoutVersion\": \"2.0.0\"}' > /tmp/b/oci-layout", 'tar -C /tmp/b -cf /tmp/broken.tar .'].join('\n'), {
      commands: layerlabCommands({ docker: containerDaemon() }),
    });
    expect(run.stderr).toBe('');
    const result = validate(await run.session.fs.overlay.readFile('/tmp/broken.tar'));
    expect(result.status).toBe(1);
    expect(result.lines[0]).toBe("invalid layout oci-layout: '2.0.0' is not one of ['1.0.0'] (at imageLayoutVersion)");
  });
});
