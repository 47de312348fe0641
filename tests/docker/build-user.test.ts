import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextScript } from './support/build-context.ts';
import { runDocker } from './support/docker-shell.ts';

/** `RUN` output lines of a BuildKit build (`#5 0.000 text` → `text`). */
const runOutput = (stderr: string) => [...stderr.matchAll(/^#\d+ \d+\.\d{3} (.*)$/gm)].map((m) => m[1]);

/**
 * `docker save` of `image` from the session, unpacked on the real disk; GNU tar lists the layer
 * the build's last step made (`--numeric-owner`: owners as the headers hold them).
 */
async function lastLayerListing(run: Awaited<ReturnType<typeof runDocker>>, image: string): Promise<string[]> {
  const saved = await runDocker(`docker save ${image} > /tmp/image.tar`, { daemon: run.daemon, session: run.session });
  expect(saved.stderr).toBe('');
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-build-user-'));
  writeFileSync(join(dir, 'image.tar'), await run.session.fs.readFileBuffer('/tmp/image.tar'));
  execFileSync('tar', ['-xf', join(dir, 'image.tar'), '-C', dir]);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
  const layer = join(dir, manifest[0]!.Layers.at(-1)!);
  return execFileSync('tar', ['--numeric-owner', '-tvf', layer], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } }).trimEnd().split('\n');
}

/** `owner path` pairs of a `tar -tv` listing (`65534/65534 tmp/made`). */
const owners = (listing: string[]) => listing.map((line) => line.split(/\s+/)).map((f) => `${f[1]} ${f[5]}`);

describe('docker build: RUN runs as the USER in force', () => {
  it('after USER nobody, RUN is nobody (id, whoami) and what it creates is nobody\'s in the layer', async () => {
    const dockerfile = 'FROM alpine\nUSER nobody\nRUN id && whoami && mkdir /tmp/made && touch /tmp/made/file\n';
    const run = await runDocker([contextScript({ Dockerfile: dockerfile }), 'docker build -t as-nobody .', 'docker run --rm as-nobody id'].join('\n'));
    expect(run.status).toBe(0);
    expect(runOutput(run.stderr)).toEqual(['uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)', 'nobody']);
    expect(run.stdout).toBe('uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n');
    // /tmp was there before (root's, copied up as it was); what the process made is nobody's.
    expect(owners(await lastLayerListing(run, 'as-nobody'))).toEqual(['0/0 tmp/', '65534/65534 tmp/made/', '65534/65534 tmp/made/file']);
  });

  it('a numeric USER absent from /etc/passwd works: uid and gid as given, no name (busybox whoami says so)', async () => {
    const dockerfile = 'FROM alpine\nUSER 1000:1000\nRUN id; whoami; touch /tmp/n\n';
    const run = await runDocker([contextScript({ Dockerfile: dockerfile }), 'docker build -t numeric .'].join('\n'));
    expect(run.status).toBe(0);
    expect(runOutput(run.stderr)).toEqual(['uid=1000 gid=1000 groups=1000', 'whoami: unknown uid 1000']);
    expect(owners(await lastLayerListing(run, 'numeric'))).toContain('1000/1000 tmp/n');
  });

  it('an unknown user name fails the RUN as BuildKit and the legacy builder report it', async () => {
    const dockerfile = 'FROM alpine\nUSER nobody2\nRUN id\n';
    const run = await runDocker([contextScript({ Dockerfile: dockerfile }), 'docker build -t bad .', 'echo "status $?"', 'DOCKER_BUILDKIT=0 docker build -t bad . 2>&1 | tail -1'].join('\n'));
    const message = 'unable to find user nobody2: no matching entries in passwd file';
    expect(run.stderr).toContain(`#5 [2/2] RUN id\n#5 ERROR: process "/bin/sh -c id" did not complete successfully: ${message}\n`);
    expect(run.stderr).toMatch(new RegExp(`ERROR: failed to solve: process "/bin/sh -c id" did not complete successfully: ${message}\n$`));
    expect(run.stdout).toBe(`status 1\n${message}\n`);
  });

  it('COPY without --chown stays root\'s after USER; WORKDIR is made as the user by BuildKit, as root by the legacy builder', async () => {
    const dockerfile = 'FROM alpine\nUSER nobody\nCOPY data.txt /data.txt\nWORKDIR /srv/app\nRUN touch mine\n';
    const files = { Dockerfile: dockerfile, 'data.txt': 'data\n' };
    const built = await runDocker([contextScript(files), 'docker build -q -t bk . >/dev/null', 'docker run --rm bk ls -ln /data.txt /srv', 'docker run --rm bk ls -ln /srv/app']
      .join('\n'));
    expect(built.stderr).toBe('');
    const lines = built.stdout.split('\n').map((l) => l.split(/\s+/));
    const find = (name: string) => lines.find((f) => f.at(-1) === name)!;
    expect(find('/data.txt').slice(2, 4)).toEqual(['0', '0']);
    expect(find('app').slice(2, 4)).toEqual(['65534', '65534']);
    expect(find('mine').slice(2, 4)).toEqual(['65534', '65534']);

    const legacy = await runDocker([contextScript(files), 'DOCKER_BUILDKIT=0 docker build -q -t old . >/dev/null 2>&1', 'docker run --rm old ls -ln /srv'].join('\n'));
    expect(legacy.stdout.split('\n').find((l) => l.endsWith(' app'))!.split(/\s+/).slice(2, 4)).toEqual(['0', '0']);
  });
});

describe('docker build: owners by name, from the image\'s /etc/passwd and /etc/group', () => {
  /** `name → [id, primary gid]` of /etc/passwd and `name → gid` of /etc/group, read from the image itself. */
  async function alpineAccounts(): Promise<{ user: Map<string, [number, number]>; group: Map<string, number> }> {
    const run = await runDocker('docker run --rm alpine cat /etc/passwd; echo ---; docker run --rm alpine cat /etc/group');
    const [passwd, group] = run.stdout.split('---\n').map((text) => text.trimEnd().split('\n').map((line) => line.split(':')));
    return {
      user: new Map(passwd!.map((f) => [f[0]!, [Number(f[2]), Number(f[3])] as [number, number]])),
      group: new Map(group!.map((f) => [f[0]!, Number(f[2])])),
    };
  }

  it('BuildKit makes WORKDIR as USER with the passwd entry\'s group; COPY --chown=name gives the uid as gid, name:group the group\'s id', async () => {
    const { user, group } = await alpineAccounts();
    const [lpUid, lpGid] = user.get('lp')!;
    // lp's primary group differs from its uid in alpine, which is what tells the two rules apart.
    expect(lpGid).not.toBe(lpUid);
    const dockerfile = 'FROM alpine\nCOPY --chown=lp f /by-name\nCOPY --chown=lp:wheel f /by-names\nUSER lp\nWORKDIR /w1\nUSER lp:wheel\nWORKDIR /w2\n';
    const run = await runDocker([contextScript({ Dockerfile: dockerfile, f: 'data\n' }), 'docker build -q -t owners . >/dev/null', 'docker run --rm owners ls -lnd /by-name /by-names /w1 /w2'].join('\n'));
    expect(run.stderr).toBe('');
    const ownerOf = new Map(run.stdout.trimEnd().split('\n').map((line) => line.split(/\s+/)).map((f) => [f.at(-1)!, `${f[2]}:${f[3]}`]));
    const wheel = group.get('wheel')!;
    expect(Object.fromEntries(ownerOf)).toEqual({
      '/by-name': `${lpUid}:${lpUid}`,
      '/by-names': `${lpUid}:${wheel}`,
      '/w1': `${lpUid}:${lpGid}`,
      '/w2': `${lpUid}:${wheel}`,
    });
  });

  it('COPY --chown with a user or group neither file has fails in both builders with the daemon\'s words', async () => {
    const run = await runDocker(
      [
        contextScript({ Dockerfile: 'FROM alpine\nCOPY --chown=ghost f /f\n', f: 'data\n', 'group/Dockerfile': 'FROM alpine\nCOPY --chown=lp:ghosts f /f\n', 'group/f': 'data\n' }),
        'docker build -q . 2>&1 | tail -1',
        'DOCKER_BUILDKIT=0 docker build -q group 2>&1 | tail -1',
      ].join('\n'),
    );
    expect(run.stdout).toBe(
      "ERROR: failed to solve: unable to convert uid/gid chown string to host mapping: can't find uid for user ghost: no such user: ghost\n" +
        "unable to convert uid/gid chown string to host mapping: can't find gid for group ghosts: no such group: ghosts\n",
    );
  });
});
