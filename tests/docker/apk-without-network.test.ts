/**
 * Alpine's `apk` with no network (src/shell/emulators/apk/apk.ts): each repository's index fetch
 * fails as apk-tools fails offline, then `apk add` records the package in apk's database and
 * world file and puts a placeholder program in /usr/bin, saying so in one line; `apk del` takes
 * it back out. A Dockerfile's `RUN apk add --no-cache …` builds, and the change is what
 * `docker diff` and a committed layer show.
 */
import { describe, expect, it } from 'vitest';
import { runDocker } from './support/docker-shell.ts';

describe('apk in an alpine container, without a network', () => {
  it('add fetches each repository in vain, records the package, and says what it did', async () => {
    const run = await runDocker(
      [
        'docker run --name apkbox alpine:3.7 sh -c "apk add --no-cache file; echo status=\\$?; apk info | grep -x file; ls -l /usr/bin/file | cut -c1-10; grep -x file /etc/apk/world"',
        'docker diff apkbox | grep -E "file|apk" | sort',
      ].join('\n'),
    );
    expect(run.stdout).toContain('fetch http://dl-cdn.alpinelinux.org/alpine/v3.7/main/x86_64/APKINDEX.tar.gz\n');
    expect(run.stdout).toContain('(1/1) Installing file (layerlab)\n');
    expect(run.stdout).toMatch(/OK: \d+ packages installed\nstatus=0\nfile\n-rwxr-xr-x\nfile\n/);
    expect(run.stderr).toContain('ERROR: http://dl-cdn.alpinelinux.org/alpine/v3.7/main: temporary error (try again later)\n');
    expect(run.stderr).toContain('layerlab: this playground has no network, so nothing was downloaded: file is recorded in /lib/apk/db/installed');
    expect(run.stdout).toContain('A /usr/bin/file\nC /etc/apk\nC /etc/apk/world\n');
  });

  it('del removes what add recorded, with a --virtual group', async () => {
    const run = await runDocker('docker run --rm alpine:3.7 sh -c "apk add -t .deps jq curl >/dev/null 2>&1; apk del .deps; apk info | grep -c -E \'^(jq|curl|.deps)$\'; ls /usr/bin/jq"');
    expect(run.stdout).toContain('Purging .deps (20000101.000000)\n');
    expect(run.stdout).toMatch(/Purging jq \(layerlab\)\n/);
    expect(run.stdout).toMatch(/\n0\n$/);
    expect(run.stderr).toContain('/usr/bin/jq');
  });

  it('a Dockerfile that runs apk add builds', async () => {
    const run = await runDocker(
      ["mkdir /ctx && printf 'FROM alpine:3.7\\nRUN apk add --no-cache file\\n' > /ctx/Dockerfile", 'docker build -q -t withfile /ctx', 'docker run --rm withfile sh -c "apk info | grep -x file"'].join('\n'),
    );
    expect(run.stdout).toMatch(/^sha256:[0-9a-f]{64}\nfile\n$/);
  });
});
