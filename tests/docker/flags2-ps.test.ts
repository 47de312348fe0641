import { describe, expect, it } from 'vitest';
import { containerDaemon, idFrom } from './containers-support.ts';
import { runDocker } from './support/docker-shell.ts';

/**
 * `docker ps -f/-s/--format` as moby v27.5.1 filters (daemon/list.go: acceptedPsFilterTags,
 * includeContainerInList) and docker/cli prints (formatter/container.go: Size's
 * "0B (virtual 4.53MB)", Labels, Label, Mounts, Networks, LocalVolumes, json).
 */
const SETUP = [
  'docker pull -q busybox >/dev/null',
  'docker run --name one -l tier=web -l app=shop busybox true',
  'docker run -d --name two -p 8080:80 -v data:/data busybox sleep 100 >/dev/null',
  'docker create --name three busybox false >/dev/null',
  "docker run --name four busybox sh -c 'exit 3'",
].join('\n');
const ps = (script: string) => runDocker(`${SETUP}\n${script}`, { daemon: containerDaemon() });
const names = '--format "{{.Names}}"';

describe('docker ps --filter', () => {
  it('status, exited, name (a regular expression), id, label: each narrows the list; a status filter implies -a', async () => {
    const run = await ps(
      [`docker ps -f status=exited ${names}`, `docker ps -a -f exited=3 ${names}`, `docker ps -a -f exited=0 ${names}`, `docker ps -a -f name=^t ${names}`, `docker ps -a -f id=${idFrom(2).slice(0, 6)} ${names}`, `docker ps -a -f label=tier ${names}`, `docker ps -a -f label=tier=db ${names}`, `docker ps -a -f label=tier=web -f label=app ${names}`].join('\necho --\n'),
    );
    expect(run.stderr).toBe('');
    // exited=0 leaves out the created container: it never started.
    expect(run.stdout).toBe('four\none\n--\nfour\n--\none\n--\nthree\ntwo\n--\ntwo\n--\none\n--\n--\none\n');
  });

  it('before and since count in creation order; ancestor, volume, network, publish and expose match what the container has', async () => {
    const run = await ps(
      [`docker ps -a -f before=three ${names}`, `docker ps -a -f since=two ${names}`, `docker ps -a -f ancestor=busybox -q | wc -l`, `docker ps -a -f volume=/data ${names}`, `docker ps -a -f volume=data ${names}`, `docker ps -f network=bridge ${names}`, `docker ps -f publish=8080 ${names}`, `docker ps -f expose=80/tcp ${names}`, `docker ps -f publish=80 ${names}`, `docker ps -a -f is-task=true ${names}`, `docker ps -a -f health=none -q | wc -l`].join('\necho --\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('two\none\n--\nfour\nthree\n--\n4\n--\ntwo\n--\ntwo\n--\ntwo\n--\ntwo\n--\ntwo\n--\n--\n--\n4\n');
  });

  it("the daemon's errors for a filter it does not know or cannot read; the CLI's for one without =", async () => {
    const run = await ps('docker ps -f color=red; echo "status $?"; docker ps -f status=sleeping; docker ps -f exited=x; docker ps -f before=nope; docker ps -f publish=1:2; docker ps -f is-task=maybe; docker ps -f red; echo "status $?"');
    expect(run.stderr).toBe(
      [
        "Error response from daemon: invalid filter 'color'",
        "Error response from daemon: invalid filter 'status=sleeping'",
        `Error response from daemon: invalid filter 'exited=x': strconv.Atoi: parsing "x": invalid syntax`,
        'Error response from daemon: No such container: nope',
        "Error response from daemon: filter for 'publish' should not contain ':': 1:2",
        "Error response from daemon: invalid filter 'is-task=maybe'",
        'invalid argument "red" for "-f, --filter" flag: bad format of filter (expected name=value)',
        "See 'docker ps --help'.",
        '',
      ].join('\n'),
    );
    expect(run.stdout).toBe('status 1\nstatus 125\n');
  });
});

describe('docker ps --size and --format', () => {
  it('-s adds SIZE: the writable layer and, in parentheses, the virtual size with the image', async () => {
    const run = await ps("docker exec two sh -c 'echo hello > /greeting'\ndocker ps -s --format 'table {{.Names}}\\t{{.Size}}'\ndocker ps -s | head -1");
    expect(run.stdout).toBe('NAMES     SIZE\ntwo       6B (virtual 4.53MB)\nCONTAINER ID   IMAGE     COMMAND       CREATED                  STATUS                  PORTS                                     NAMES     SIZE\n');
  });

  it('every placeholder: Labels (sorted), Label "key", Mounts, Networks, LocalVolumes, State, CreatedAt; the Label column header', async () => {
    const run = await ps(
      `docker ps -a --format '{{.Names}}|{{.Labels}}|{{.Label "tier"}}|{{.Mounts}}|{{.LocalVolumes}}|{{.Networks}}|{{.State}}|{{.CreatedAt}}|{{.Command}}'\n` + `docker ps --format 'table {{.Names}}\\t{{.Label "com.example.app-name"}}'`,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'four||||0|bridge|exited|2025-09-01 00:00:00 +0000 UTC|"sh -c \'exit 3\'"',
        'three||||0|bridge|created|2025-09-01 00:00:00 +0000 UTC|"false"',
        'two|||data|1|bridge|running|2025-09-01 00:00:00 +0000 UTC|"sleep 100"',
        'one|app=shop,tier=web|web||0|bridge|exited|2025-09-01 00:00:00 +0000 UTC|"true"',
        'NAMES     app name',
        'two       ',
        '',
      ].join('\n'),
    );
  });

  it('json is one object per container, keys sorted, HTML-escaped as Go marshals, with the size the template asked for', async () => {
    const run = await ps('docker ps --format json');
    expect(JSON.parse(run.stdout)).toEqual({
      Command: '"sleep 100"',
      CreatedAt: '2025-09-01 00:00:00 +0000 UTC',
      ID: idFrom(2).slice(0, 12),
      Image: 'busybox',
      Labels: '',
      LocalVolumes: '1',
      Mounts: 'data',
      Names: 'two',
      Networks: 'bridge',
      Ports: '0.0.0.0:8080->80/tcp, [::]:8080->80/tcp',
      RunningFor: 'Less than a second ago',
      Size: '0B (virtual 4.53MB)',
      State: 'running',
      Status: 'Up Less than a second',
    });
    expect(run.stdout).toContain('"Ports":"0.0.0.0:8080-\\u003e80/tcp');
    expect(Object.keys(JSON.parse(run.stdout))).toEqual(Object.keys(JSON.parse(run.stdout)).sort());
  });

  it('--quiet wins over --format with docker/cli\'s warning; -n counts after the filters; .Label needs its argument', async () => {
    const run = await ps(`docker ps -q --format '{{.Names}}'\ndocker ps -n 1 -f status=exited ${names}\ndocker ps --format '{{.Label}}'; echo "status $?"`);
    expect(run.stdout).toBe(`${idFrom(2).slice(0, 12)}\nfour\nstatus 1\n`);
    expect(run.stderr).toBe('WARNING: Ignoring custom format, because both --format and --quiet are set.\ntemplate parsing error: template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0\n');
  });
});
