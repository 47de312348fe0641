import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { imageInspectJson } from '../../src/engine/docker/inspect-json.ts';
import { dockerRelease } from '../../src/engine/docker/release.ts';
import type { StoredImage } from '../../src/engine/docker/types.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { dockerImageInspect, dockerInspect, IMAGE_INSPECT, type InspectTarget } from '../../src/shell/commands/docker/inspect.ts';
import { fixturePath } from '../fixtures.ts';
import { lookupOf, pulledCatalogImage, storedImage } from './support/stored-images.ts';
import { requireOracles } from '../support/oracles.ts';

let busybox: StoredImage;
let nginx: StoredImage;
let redis: StoredImage;
let lookup: (name: string) => StoredImage | undefined;

beforeAll(async () => {
  busybox = await pulledCatalogImage('busybox:latest');
  nginx = await pulledCatalogImage('nginx:latest');
  redis = await pulledCatalogImage('redis:3.2.11-alpine');
  lookup = lookupOf([busybox, nginx, redis]);
});

/** `docker image inspect busybox` for the catalog's busybox:latest, as Docker 27 (API 1.47: no Container, ContainerConfig) prints it. */
const BUSYBOX_GOLDEN = `[
    {
        "Id": "sha256:e38c1e556d304c2ddda64111d72712c75399be2cea629f38c2d9b801871d9a42",
        "RepoTags": [
            "busybox:latest"
        ],
        "RepoDigests": [
            "busybox@sha256:4e470f2dcd236c5b8175219d4ae7a47469e99d3ddc327e11f96f101d2a3f38c1"
        ],
        "Parent": "",
        "Comment": "",
        "Created": "2024-09-26T21:31:42Z",
        "DockerVersion": "",
        "Author": "",
        "Config": {
            "Hostname": "",
            "Domainname": "",
            "User": "",
            "AttachStdin": false,
            "AttachStdout": false,
            "AttachStderr": false,
            "Tty": false,
            "OpenStdin": false,
            "StdinOnce": false,
            "Env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            ],
            "Cmd": [
                "sh"
            ],
            "Image": "",
            "Volumes": null,
            "WorkingDir": "",
            "Entrypoint": null,
            "OnBuild": null,
            "Labels": null
        },
        "Architecture": "amd64",
        "Os": "linux",
        "Size": 4527302,
        "GraphDriver": {
            "Data": {
                "MergedDir": "/var/lib/docker/overlay2/d2d45de95c7268b694e5e97c90ccf98f0c21a8468dd9da9475f7f3520e66b1c2/merged",
                "UpperDir": "/var/lib/docker/overlay2/d2d45de95c7268b694e5e97c90ccf98f0c21a8468dd9da9475f7f3520e66b1c2/diff",
                "WorkDir": "/var/lib/docker/overlay2/d2d45de95c7268b694e5e97c90ccf98f0c21a8468dd9da9475f7f3520e66b1c2/work"
            },
            "Name": "overlay2"
        },
        "RootFS": {
            "Type": "layers",
            "Layers": [
                "sha256:f01d22f07251191ff79c3eac1aea0b5e484f0334517549d8e4b25e081a0d2033"
            ]
        },
        "Metadata": {
            "LastTagTime": "0001-01-01T00:00:00Z"
        }
    }
]
`;

/**
 * The keys, in order, of a real `docker image inspect busybox` (Docker 25, busybox of 2024-09-26,
 * arm64/v8; published in a user's notes): ours under Docker 27 differ by the Variant an amd64
 * image lacks and by ContainerConfig, which API 1.45 (Docker 26) dropped.
 */
const REAL_BUSYBOX_KEYS = ['Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'ContainerConfig', 'DockerVersion', 'Author', 'Config', 'Architecture', 'Variant', 'Os', 'Size', 'GraphDriver', 'RootFS', 'Metadata'];
const REAL_CONFIG_KEYS = ['Hostname', 'Domainname', 'User', 'AttachStdin', 'AttachStdout', 'AttachStderr', 'Tty', 'OpenStdin', 'StdinOnce', 'Env', 'Cmd', 'Image', 'Volumes', 'WorkingDir', 'Entrypoint', 'OnBuild', 'Labels'];

describe('docker image inspect', () => {
  it('prints busybox exactly as docker does (4-space json.Indent, one element array, trailing newline)', () => {
    const r = dockerImageInspect(['busybox'], lookup);
    expect(r).toEqual({ stdout: BUSYBOX_GOLDEN, stderr: '', exitCode: 0 });
  });

  it('has the key order of a real docker image inspect', () => {
    const [parsed] = JSON.parse(dockerImageInspect(['busybox'], lookup).stdout) as [Record<string, Record<string, unknown>>];
    expect(Object.keys(parsed)).toEqual(REAL_BUSYBOX_KEYS.filter((k) => k !== 'Variant' && k !== 'ContainerConfig'));
    expect(Object.keys(parsed['Config']!)).toEqual(REAL_CONFIG_KEYS);
    // Docker 20.10 still prints the (zero) ContainerConfig, in container.Config's order.
    const [old] = JSON.parse(dockerImageInspect(['busybox'], lookup, dockerRelease('20.10')).stdout) as [Record<string, Record<string, unknown>>];
    expect(Object.keys(old['ContainerConfig']!)).toEqual(REAL_CONFIG_KEYS);
  });

  it("RootFS lists the config's diff IDs (what `jq '.[].RootFS'` shows), checked by jq itself", () => {
    const out = dockerInspect(['busybox:latest'], lookup).stdout;
    requireOracles('jq');
    const rootFs = execFileSync('jq', ['.[].RootFS'], { input: out, encoding: 'utf8' });
    expect(JSON.parse(rootFs)).toEqual({ Type: 'layers', Layers: busybox.image.configFile.rootfs.diff_ids });
  });

  it("escapes <, > and & as Go's encoder does (nginx's maintainer label)", () => {
    const out = dockerInspect(['nginx'], lookup).stdout;
    expect(out).toContain('"maintainer": "NGINX Docker Maintainers \\u003cdocker-maint@nginx.com\\u003e"');
    expect(out).not.toMatch(/[<>&]/);
    const [parsed] = JSON.parse(out) as [{ Config: { Labels: Record<string, string> } }];
    expect(parsed.Config.Labels['maintainer']).toBe('NGINX Docker Maintainers <docker-maint@nginx.com>');
  });

  it('shows ExposedPorts, StopSignal and overlay2 lower dirs nearest-first for a many-layer image', () => {
    const [parsed] = JSON.parse(dockerInspect(['nginx'], lookup).stdout) as [
      { Config: Record<string, unknown>; GraphDriver: { Data: Record<string, string>; Name: string }; Size: number },
    ];
    expect(Object.keys(parsed.Config)).toEqual([...REAL_CONFIG_KEYS.slice(0, 6), 'ExposedPorts', ...REAL_CONFIG_KEYS.slice(6), 'StopSignal']);
    expect(parsed.Config['ExposedPorts']).toEqual({ '80/tcp': {} });
    const data = parsed.GraphDriver.Data;
    expect(Object.keys(data)).toEqual(['LowerDir', 'MergedDir', 'UpperDir', 'WorkDir']);
    const lower = data['LowerDir']!.split(':');
    expect(lower).toHaveLength(nginx.image.layers.length - 1);
    const top = data['UpperDir']!.replace(/\/diff$/, '');
    expect(data['MergedDir']).toBe(`${top}/merged`);
    expect(lower.every((d) => /^\/var\/lib\/docker\/overlay2\/[0-9a-f]{64}\/diff$/.test(d))).toBe(true);
    expect(new Set([...lower, data['UpperDir']]).size).toBe(nginx.image.layers.length);
    expect(parsed.Size).toBe(nginx.layerSizes.reduce((a, b) => a + b, 0));
    // The bottom layer's directory, and so every directory, depends only on the layers below it.
    const [busyboxData] = JSON.parse(dockerInspect(['busybox'], lookup).stdout) as [{ GraphDriver: { Data: Record<string, string> } }];
    expect(busyboxData.GraphDriver.Data['LowerDir']).toBeUndefined();
  });

  it('carries a classic image\'s docker_version, and config fields like ArgsEscaped in container.Config order', async () => {
    const classic = imageInspectJson(redis);
    expect(classic['DockerVersion']).toBe('17.06.2-ce');
    const archive = await openArchive(new MemorySource(new Uint8Array(readFileSync(fixturePath('images/tarball-hello-world-v25.tar')))));
    const hello = imageInspectJson(await storedImage(archive.images[0]!));
    const config = hello['Config'] as Record<string, unknown>;
    expect(Object.keys(config)).toEqual([...REAL_CONFIG_KEYS.slice(0, 11), 'ArgsEscaped', ...REAL_CONFIG_KEYS.slice(11)]);
    expect(config).toMatchObject({ Cmd: ['/hello'], ArgsEscaped: true, WorkingDir: '/', OnBuild: null });
    expect(hello['Architecture']).toBe('arm64');
    expect(hello['RepoTags']).toEqual([]);
  });

  it('shows LastTagTime and Parent when the daemon knows them', () => {
    const tagged = imageInspectJson({ ...busybox, lastTagTime: '2025-01-02T03:04:05.120000000Z', parent: redis.id });
    expect(tagged['Metadata']).toEqual({ LastTagTime: '2025-01-02T03:04:05.12Z' });
    expect(tagged['Parent']).toBe(redis.id);
  });

  it('--format json prints one compact line; several names keep their order', () => {
    const r = dockerInspect(['--format', 'json', 'nginx', 'busybox'], lookup);
    expect(r.stdout.split('\n')).toHaveLength(2);
    const parsed = JSON.parse(r.stdout) as { Id: string }[];
    expect(parsed.map((p) => p.Id)).toEqual([nginx.id, busybox.id]);
    expect(r.stdout).toContain('\\u003c');
  });
});

describe('docker inspect --format', () => {
  const format = (f: string, ...names: string[]) => dockerInspect(['-f', f, ...(names.length ? names : ['nginx'])], lookup);

  it('runs the template on the typed object: nil slices print [], structs {…}, Go names work', () => {
    expect(format('{{.ID}}').stdout).toBe(`${nginx.id}\n`);
    expect(format('{{.Id}}').stdout).toBe(`${nginx.id}\n`); // not a Go field: the raw JSON answers
    // …but not in one template: the typed run fails on .Id, the raw one on .ID.
    expect(format('{{.ID}} {{.Id}}').stderr).toBe('template parsing error: template: :1:2: executing "" at <.ID>: map has no entry for key "ID"\n');
    expect(format('{{.Config.Volumes}} {{.Config.OnBuild}}').stdout).toBe('map[] []\n');
    expect(format('{{.RootFS}}', 'busybox').stdout).toBe(`{layers [${busybox.image.configFile.rootfs.diff_ids[0]}] }\n`);
    expect(format('{{.Config.ExposedPorts}} {{.Size}} {{.Metadata.LastTagTime}}').stdout).toBe(`map[80/tcp:{}] ${nginx.layerSizes.reduce((a, b) => a + b, 0)} 0001-01-01 00:00:00 +0000 UTC\n`);
    expect(format('{{json .Config.Labels}}').stdout).toBe('{"maintainer":"NGINX Docker Maintainers <docker-maint@nginx.com>"}\n');
    expect(format('{{range .Config.Env}}{{println .}}{{end}}', 'busybox').stdout).toBe('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n\n');
    // ContainerConfig is Docker 20.10's (gone from API 1.45 on).
    const format2010 = (f: string, name: string) => dockerInspect(['-f', f, name], { image: lookup, release: dockerRelease('20.10') });
    expect(format2010('{{.ContainerConfig.Cmd}} {{.Config.Cmd}}', 'redis:3.2.11-alpine').stdout).toBe('[] [redis-server]\n');
    expect(format2010('{{.Config.Volumes}} {{.ContainerConfig.Cmd}}', 'nginx').stdout).toBe('map[] []\n');
  });

  it('one line per name; a name not found is reported after, with status 1', () => {
    expect(format('{{.Os}}', 'nope', 'busybox', 'nginx')).toEqual({ stdout: 'linux\nlinux\n', stderr: 'Error: No such object: nope\n', exitCode: 1 });
    expect(format('{{.Os}}', 'nope')).toEqual({ stdout: '\n', stderr: 'Error: No such object: nope\n', exitCode: 1 });
  });

  it("falls back to the raw JSON with missingkey=error, whose error docker prints", () => {
    expect(format('{{.Nope}}')).toEqual({
      stdout: '\n',
      stderr: 'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n',
      exitCode: 1,
    });
  });

  it('a template that does not parse stops before any lookup, with status 64', () => {
    expect(format('{{foo .Id}}', 'nope')).toEqual({ stdout: '', stderr: 'template parsing error: template: :1: function "foo" not defined\n', exitCode: 64 });
  });
});

describe('docker inspect names and types', () => {
  it('prints [] and the error when nothing is found', () => {
    expect(dockerInspect(['nope'], lookup)).toEqual({ stdout: '[]\n', stderr: 'Error: No such object: nope\n', exitCode: 1 });
    expect(dockerImageInspect(['nope', 'busybox'], lookup).stderr).toBe('Error: No such image: nope\n');
    expect(dockerInspect(['--type', 'image', 'nope'], lookup).stderr).toBe('Error: No such image: nope\n');
    expect(dockerInspect(['--type=container', 'busybox'], lookup)).toEqual({ stdout: '[]\n', stderr: 'Error: No such container: busybox\n', exitCode: 1 });
    expect(dockerInspect(['--type', 'bogus', 'busybox'], lookup)).toEqual({ stdout: '', stderr: '"bogus" is not a valid value for --type\n', exitCode: 1 });
  });

  it('looks at containers before images when a container source is plugged in', () => {
    const container: InspectTarget = { json: { Id: 'c0ffee', Name: '/busybox' }, goType: { kind: 'struct', name: 'types.ContainerJSON', fields: [{ name: 'ID', json: 'Id', type: { kind: 'string' } }, { name: 'Name', type: { kind: 'string' } }] } };
    const sources = { image: lookup, container: (name: string) => (name === 'busybox' ? container : undefined) };
    expect(dockerInspect(['-f', '{{.Name}}', 'busybox', 'nginx'], sources)).toEqual({
      stdout: '/busybox\n',
      stderr: 'template parsing error: template: :1:2: executing "" at <.Name>: map has no entry for key "Name"\n',
      exitCode: 1,
    });
    expect(dockerInspect(['-f', '{{.Id}}', '--type', 'image', 'busybox'], sources).stdout).toBe(`${busybox.id}\n`);
  });

  it('usage errors read as cobra prints them', () => {
    expect(dockerInspect([], lookup)).toEqual({
      stdout: '',
      stderr: `"docker inspect" requires at least 1 argument.\nSee 'docker inspect --help'.\n\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nReturn low-level information on Docker objects\n`,
      exitCode: 1,
    });
    expect(dockerImageInspect(['--bogus', 'x'], lookup)).toEqual({ stdout: '', stderr: "unknown flag: --bogus\nSee 'docker image inspect --help'.\n", exitCode: 125 });
    expect(dockerInspect(['-x', 'busybox'], lookup).stderr).toBe("unknown shorthand flag: 'x' in -x\nSee 'docker inspect --help'.\n");
    expect(dockerInspect(['busybox', '-f'], lookup).stderr).toBe("flag needs an argument: 'f' in -f\nSee 'docker inspect --help'.\n");
    expect(dockerInspect(['-f{{.Os}}', 'busybox'], lookup).stdout).toBe('linux\n');
    expect(dockerInspect(['--format={{.Os}}', '-s', 'busybox'], lookup).stdout).toBe('linux\n');
  });

  it('the Go type covers every key the JSON has', () => {
    if (IMAGE_INSPECT.kind !== 'struct') throw new Error('ImageInspect is a struct');
    const fields = IMAGE_INSPECT.fields.map((f) => f.json ?? f.name);
    for (const image of [busybox, nginx, redis]) for (const key of Object.keys(imageInspectJson(image))) expect(fields).toContain(key);
  });
});
