import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredImage } from '../../src/engine/docker/types.ts';
import { openArchive } from '../../src/engine/image/archive.ts';
import { MemorySource } from '../../src/engine/io/byte-source.ts';
import { dockerHistory, ellipsis, imageHistory, tabwrite } from '../../src/shell/commands/docker/history.ts';
import { fixturePath } from '../fixtures.ts';
import { lookupOf, pulledCatalogImage, storedImage } from './support/stored-images.ts';

/** The clock: 2025-09-01, a couple of weeks after the catalog's nginx was built. */
const NOW = Date.parse('2025-09-01T00:00:00Z');

let nginx: StoredImage;
let busybox: StoredImage;
let bazel: StoredImage;
let lookup: (name: string) => StoredImage | undefined;

beforeAll(async () => {
  nginx = await pulledCatalogImage('nginx:latest');
  busybox = await pulledCatalogImage('busybox:latest');
  // A bazel-built image dated 1970 (reproducible builds), from the shared fixtures.
  const archive = await openArchive(new MemorySource(new Uint8Array(readFileSync(fixturePath('images/tarball-test_image_1.tar')))));
  bazel = await storedImage(archive.images[0]!);
  lookup = lookupOf([nginx, busybox, bazel]);
});

/** `docker history nginx:latest` for the catalog's nginx on 2025-09-01 (note the padded, empty-less SIZE column). */
const NGINX_GOLDEN = `IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT
4fa0aea9d503   2 weeks ago   CMD ["nginx" "-g" "daemon off;"]                0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   STOPSIGNAL SIGQUIT                              0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   EXPOSE map[80/tcp:{}]                           0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   ENTRYPOINT ["/docker-entrypoint.sh"]            0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   COPY 30-tune-worker-processes.sh /docker-ent…   3.08kB    buildkit.dockerfile.v0
<missing>      2 weeks ago   COPY 20-envsubst-on-templates.sh /docker-ent…   3.02kB    buildkit.dockerfile.v0
<missing>      2 weeks ago   COPY 15-local-resolvers.envsh /docker-entryp…   389B      buildkit.dockerfile.v0
<missing>      2 weeks ago   COPY 10-listen-on-ipv6-by-default.sh /docker…   2.12kB    buildkit.dockerfile.v0
<missing>      2 weeks ago   COPY docker-entrypoint.sh / # buildkit          1.62kB    buildkit.dockerfile.v0
<missing>      2 weeks ago   RUN /bin/sh -c set -x     && groupadd --syst…   7.86MB    buildkit.dockerfile.v0
<missing>      2 weeks ago   ENV DYNPKG_RELEASE=1~bookworm                   0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   ENV PKG_RELEASE=1~bookworm                      0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   ENV NJS_RELEASE=1~bookworm                      0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   ENV NJS_VERSION=0.9.1                           0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   ENV NGINX_VERSION=1.29.1                        0B        buildkit.dockerfile.v0
<missing>      2 weeks ago   LABEL maintainer=NGINX Docker Maintainers <d…   0B        buildkit.dockerfile.v0
<missing>      3 weeks ago   # debian.sh --arch 'amd64' out/ 'bookworm' '…   18.5MB    debuerreotype 0.15
`;

describe('docker history', () => {
  it('prints nginx:latest as docker does: newest first, the image ID on the top row, <missing> below', () => {
    expect(dockerHistory(['nginx:latest'], lookup, NOW)).toEqual({ stdout: NGINX_GOLDEN, stderr: '', exitCode: 0 });
  });

  it('one row per history entry; sizes of non-empty layers in layer order, 0 for empty ones', () => {
    const rows = imageHistory(nginx, lookup);
    const history = nginx.image.configFile.history!;
    expect(rows).toHaveLength(history.length);
    const nonEmpty = rows.filter((_, i) => !history[history.length - 1 - i]!.empty_layer);
    expect(nonEmpty.map((r) => r.size).reverse()).toEqual(nginx.layerSizes);
    expect(rows.filter((r) => r.size === 0).length).toBeGreaterThanOrEqual(history.filter((h) => h.empty_layer).length);
    expect(rows.map((r) => r.id)).toEqual([nginx.id, ...rows.slice(1).map(() => '<missing>')]);
  });

  it('rows below name the parent images the daemon knows (a locally built image)', () => {
    const child: StoredImage = { ...nginx, id: 'sha256:' + 'c'.repeat(64), parent: busybox.id };
    const rows = imageHistory(child, lookupOf([child, busybox]));
    expect(rows.slice(0, 3).map((r) => r.id)).toEqual([child.id, busybox.id, '<missing>']);
  });

  it('--no-trunc keeps full IDs and commands; -H=false prints RFC 3339 dates and byte counts', () => {
    const r = dockerHistory(['--no-trunc', '-H=false', 'busybox'], lookup, NOW);
    const size = String(busybox.layerSizes[0]);
    const id = busybox.id;
    const header = `IMAGE${' '.repeat(id.length + 3 - 5)}CREATED AT             CREATED BY                          SIZE${' '.repeat(Math.max(10, size.length + 3) - 4)}COMMENT`;
    expect(r.stdout).toBe(`${header}\n${id}   2024-09-26T21:31:42Z   BusyBox 1.37.0 (glibc), Debian 13   ${size}${' '.repeat(Math.max(10, size.length + 3) - size.length)}\n`);
    const long = dockerHistory(['--no-trunc', 'nginx'], lookup, NOW).stdout;
    expect(long).toContain(nginx.image.configFile.history!.find((h) => h.created_by?.startsWith('RUN'))!.created_by!.replace(/\t/g, ' '));
  });

  it('-q prints only the IDs, <missing> included', () => {
    const ids = dockerHistory(['-q', 'nginx'], lookup, NOW).stdout.trimEnd().split('\n');
    expect(ids).toEqual([nginx.id.slice(7, 19), ...Array(nginx.image.configFile.history!.length - 1).fill('<missing>')]);
  });

  it('--format: raw templates per row, table templates with headers, json with sorted HTML-escaped keys', () => {
    expect(dockerHistory(['--format', '{{.ID}}|{{.Size}}', 'busybox'], lookup, NOW).stdout).toBe(`${busybox.id.slice(7, 19)}|${'4.53MB'}\n`);
    expect(dockerHistory(['--format', 'table {{.ID}}\\t{{.CreatedSince}}', 'busybox'], lookup, NOW).stdout).toBe(
      'IMAGE          CREATED\n' + `${busybox.id.slice(7, 19)}   11 months ago\n`,
    );
    expect(dockerHistory(['--format', 'table {{upper .Comment}}|{{truncate .ID 3}}', 'busybox'], lookup, NOW).stdout).toBe(`COMMENT|IMAGE\n|${busybox.id.slice(7, 10)}\n`);
    const json = dockerHistory(['--format', 'json', 'nginx'], lookup, NOW).stdout.split('\n');
    expect(json[0]).toBe(`{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2025-08-13T18:27:41Z","CreatedBy":"CMD [\\"nginx\\" \\"-g\\" \\"daemon off;\\"]","CreatedSince":"2 weeks ago","ID":"${nginx.id.slice(7, 19)}","Size":"0B"}`);
    expect(json[1]).toContain('"ID":"\\u003cmissing\\u003e"');
  });

  it('does not say "55 years ago" for an image dated 1970', () => {
    const r = dockerHistory(['bazel/v1/tarball:test_image_1'], lookup, NOW);
    expect(r.stdout.split('\n')[1]).toMatch(/^[0-9a-f]{12} {13}bazel build \.\.\. +\d/); // an empty CREATED cell
    expect(dockerHistory(['-H=false', 'bazel/v1/tarball:test_image_1'], lookup, NOW).stdout).toContain('1970-01-01T00:00:00Z');
  });

  it('errors: unknown image, argument count, bad flags, bad templates', () => {
    expect(dockerHistory(['nope'], lookup, NOW)).toEqual({ stdout: '', stderr: 'Error response from daemon: No such image: nope:latest\n', exitCode: 1 });
    expect(dockerHistory(['busybox', 'nginx'], lookup, NOW).stderr).toBe(
      `"docker history" requires exactly 1 argument.\nSee 'docker history --help'.\n\nUsage:  docker history [OPTIONS] IMAGE\n\nShow the history of an image\n`,
    );
    expect(dockerHistory(['--human=maybe', 'busybox'], lookup, NOW)).toEqual({
      stdout: '',
      stderr: `invalid argument "maybe" for "-H, --human" flag: strconv.ParseBool: parsing "maybe": invalid syntax\nSee 'docker history --help'.\n`,
      exitCode: 125,
    });
    expect(dockerHistory(['--format', '{{.Nope}}', 'busybox'], lookup, NOW)).toEqual({
      stdout: '',
      stderr: 'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.historyContext\n',
      exitCode: 1,
    });
    expect(dockerHistory(['--format', '{{nope}}', 'busybox'], lookup, NOW).stderr).toBe('template parsing error: template: :1: function "nope" not defined\n');
  });
});

describe('history helpers', () => {
  it("formatter.Ellipsis cuts to 44 display columns and appends …; wide runes count double", () => {
    const long = '/bin/sh -c #(nop)  ENTRYPOINT ["docker-entrypoint.sh"]';
    expect(ellipsis(long, 45)).toBe('/bin/sh -c #(nop)  ENTRYPOINT ["docker-entry…');
    expect([...ellipsis(long, 45)]).toHaveLength(45);
    expect(ellipsis('x'.repeat(45), 45)).toBe('x'.repeat(45));
    expect(ellipsis('日本語のテキスト', 7)).toBe('日本語…');
    expect(ellipsis('abc', 1)).toBe('a');
  });

  it("tabwriter pads each column block to its widest cell + 3, at least 10, and never the last cell", () => {
    expect(tabwrite('a\tbb\tc\nlonger cell here\tb\t\n', 10, 3)).toBe(`a${' '.repeat(18)}bb${' '.repeat(8)}c\nlonger cell here   b${' '.repeat(9)}\n`);
    // Lines with fewer cells end a column block.
    expect(tabwrite('a\tb\nno tabs\nccccccccccccc\td\n', 10, 3)).toBe('a         b\nno tabs\nccccccccccccc   d\n');
    expect(tabwrite('é\tx\n', 2, 1)).toBe('é x\n'); // runes, not UTF-16 units or bytes
  });
});
