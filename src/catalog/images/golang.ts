/**
 * golang:1.25.0-alpine3.22 (tags 1.25-alpine3.22, 1.25-alpine, alpine) as docker-library/golang's
 * 1.25/alpine3.22/Dockerfile builds it with buildkit: the alpine base, ca-certificates, the Go
 * toolchain copied from the build stage (`COPY --from=build --link /target/ /`), /go.
 *
 * Sizes: the real image is about 272 MB in `docker images` (amd64), nearly all of it the
 * toolchain under /usr/local/go. The catalog has the toolchain's real directory structure and
 * main files: bin/go and bin/gofmt, every tool of pkg/tool/linux_amd64 (placeholders at
 * approximate sizes), and the standard library's source as one stand-in file per top-level
 * directory of src/ (each carrying its directory's bytes), so the layer adds up to the real one
 * without the toolchain's ~15 000 files.
 */
import { ImageRecipe } from '../image-recipe.ts';
import { alpine322 } from './alpine.ts';
import { alpinePackage, apkAdded, BUILDKIT, standInData } from './alpine-packages.ts';

export const GO_VERSION = '1.25.0';
const CREATED = '2025-08-13T17:46:30Z';
const GO_PATH_ENV = 'PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** pkg/tool/linux_amd64 of go1.25.0, approximate sizes in bytes. */
const TOOLS: [string, number][] = [
  ['addr2line', 2_600_000], ['asm', 5_900_000], ['buildid', 2_500_000], ['cgo', 5_800_000], ['compile', 27_500_000], ['covdata', 3_600_000],
  ['cover', 5_900_000], ['fix', 3_200_000], ['link', 7_800_000], ['nm', 2_600_000], ['objdump', 4_400_000], ['pack', 1_800_000],
  ['pprof', 15_500_000], ['preprofile', 3_600_000], ['test2json', 2_200_000], ['trace', 14_500_000], ['vet', 10_200_000],
];

/** src/ of go1.25.0 by top-level directory, approximate bytes each. */
const SOURCE: [string, number][] = [
  ['archive', 1_300_000], ['bufio', 160_000], ['bytes', 400_000], ['cmd', 45_000_000], ['compress', 1_100_000], ['container', 60_000], ['context', 130_000],
  ['crypto', 11_000_000], ['database', 350_000], ['debug', 6_000_000], ['embed', 60_000], ['encoding', 2_300_000], ['errors', 60_000], ['expvar', 40_000],
  ['flag', 90_000], ['fmt', 330_000], ['go', 4_000_000], ['hash', 250_000], ['html', 480_000], ['image', 1_400_000], ['index', 160_000], ['internal', 8_000_000],
  ['io', 480_000], ['iter', 40_000], ['log', 200_000], ['maps', 30_000], ['math', 2_200_000], ['mime', 400_000], ['net', 5_500_000], ['os', 1_700_000],
  ['path', 280_000], ['reflect', 750_000], ['regexp', 700_000], ['runtime', 9_000_000], ['slices', 250_000], ['sort', 260_000], ['strconv', 1_200_000],
  ['strings', 330_000], ['sync', 380_000], ['syscall', 3_500_000], ['testing', 900_000], ['text', 700_000], ['time', 1_100_000], ['unicode', 720_000],
  ['unique', 40_000], ['unsafe', 20_000], ['vendor', 4_300_000], ['weak', 20_000],
];

export async function buildGolang() {
  const base = alpine322();
  const image = new ImageRecipe(base);
  image.layer(CREATED, 'RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit', (tree) => {
    tree.binary('/usr/sbin/update-ca-certificates', { version: '20250619', realSize: 30_000 });
    tree.file('/etc/ca-certificates.conf', standInData('the list of enabled certificates', 6_300));
    tree.file('/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt', standInData("Let's Encrypt's ISRG Root X1 (one of the ~140 certificates)", 1_939));
    tree.file('/etc/ssl/certs/ca-certificates.crt', standInData("Mozilla's CA bundle (ca-certificates), ~140 PEM certificates", 222_000));
    tree.file('/usr/share/ca-certificates/mozilla/.others', standInData("the other ~140 certificates of Mozilla's store", 265_000));
    apkAdded(tree, base.steps[0]!.layer!, ['ca-certificates'], (t) => [
      alpinePackage(t, { name: 'ca-certificates', version: '20250619-r0', description: 'Common CA certificates PEM files from Mozilla', url: 'https://www.mozilla.org/en-US/about/governance/policies/security-group/certs/', license: 'MPL-2.0 AND MIT', depends: ['ca-certificates-bundle', 'so:libc.musl-x86_64.so.1', 'so:libcrypto.so.3'], files: ['/etc/ca-certificates.conf', '/usr/sbin/update-ca-certificates', '/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt', '/usr/share/ca-certificates/mozilla/.others'] }),
    ]);
  }, BUILDKIT);
  image.meta(CREATED, `ENV GOLANG_VERSION=${GO_VERSION}`, BUILDKIT);
  image.meta(CREATED, 'ENV GOTOOLCHAIN=local', BUILDKIT);
  image.meta(CREATED, 'ENV GOPATH=/go', BUILDKIT);
  image.meta(CREATED, `ENV ${GO_PATH_ENV}`, BUILDKIT);
  image.layer(CREATED, 'COPY /target/ / # buildkit', (tree) => {
    const go = '/usr/local/go';
    const version = { version: GO_VERSION };
    tree.binary(`${go}/bin/go`, { ...version, realSize: 14_700_000 });
    tree.binary(`${go}/bin/gofmt`, { ...version, realSize: 3_400_000 });
    for (const [tool, size] of TOOLS) tree.binary(`${go}/pkg/tool/linux_amd64/${tool}`, { ...version, realSize: size });
    tree.file(`${go}/VERSION`, `go${GO_VERSION}\ntime 2025-08-08T20:23:15Z\n`);
    tree.file(`${go}/go.env`, '# This file contains the initial defaults for go command configuration.\n# Values set by \'go env -w\' and written to the user\'s go/env file override these.\n# The environment overrides everything else.\n\n# Use the Go module mirror and checksum database by default.\n# See https://proxy.golang.org for details.\nGOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\n\n# Automatically download newer toolchains as directed by go.mod files.\n# See https://go.dev/doc/toolchain for details.\nGOTOOLCHAIN=auto\n');
    tree.file(`${go}/LICENSE`, standInData("Go's BSD-3-Clause license", 1_453)).file(`${go}/PATENTS`, standInData("Go's patent grant", 1_303)).file(`${go}/README.md`, standInData("Go's README", 1_455));
    tree.file(`${go}/CONTRIBUTING.md`, standInData("Go's contribution guide", 1_339)).file(`${go}/SECURITY.md`, standInData("Go's security policy", 397)).file(`${go}/codereview.cfg`, 'branch: release-branch.go1.25\nparent-branch: master\n');
    tree.file(`${go}/api/go1.25.txt`, standInData('the API lists api/go1*.txt', 1_100_000));
    tree.file(`${go}/doc/go_spec.html`, standInData('the language specification and memory model (doc/)', 450_000));
    tree.file(`${go}/lib/time/zoneinfo.zip`, standInData("Go's embedded time zone database", 406_000));
    tree.file(`${go}/lib/wasm/wasm_exec.js`, standInData("Go's WebAssembly support files", 40_000));
    tree.file(`${go}/misc/chrome/gophertool/popup.html`, standInData('misc/ (editor and tool support files)', 650_000));
    tree.file(`${go}/pkg/include/funcdata.h`, standInData("the runtime's assembly headers (pkg/include)", 12_000));
    tree.file(`${go}/test/run.go`, standInData("the compiler's regression tests under test/", 13_500_000));
    for (const [dir, size] of SOURCE) tree.file(`${go}/src/${dir}/.layerlab-source`, standInData(`the Go ${GO_VERSION} source of src/${dir}/`, size));
    tree.file(`${go}/src/all.bash`, '#!/usr/bin/env bash\n# Copyright 2009 The Go Authors. All rights reserved.\n# Use of this source code is governed by a BSD-style\n# license that can be found in the LICENSE file.\n\nset -e\nif [ ! -f make.bash ]; then\n\techo \'all.bash must be run from $GOROOT/src\' 1>&2\n\texit 1\nfi\nOLDPATH="$PATH"\n. ./make.bash "$@" --no-banner\nbash run.bash --no-rebuild\nPATH="$OLDPATH"\n$GOTOOLDIR/dist banner  # print build info\n', { mode: 0o755 });
    tree.file(`${go}/src/go.mod`, 'module std\n\ngo 1.25\n');
  }, BUILDKIT);
  image.layer(CREATED, 'RUN /bin/sh -c mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH" # buildkit', (tree) => {
    tree.dir('/go', { mode: 0o1777 }).dir('/go/src', { mode: 0o1777 }).dir('/go/bin', { mode: 0o1777 });
  }, BUILDKIT);
  image.meta(CREATED, 'WORKDIR /go', BUILDKIT);
  return image.build({
    names: [`docker.io/library/golang:${GO_VERSION}-alpine3.22`, 'docker.io/library/golang:1.25-alpine3.22', 'docker.io/library/golang:1.25-alpine', 'docker.io/library/golang:alpine', 'docker.io/library/golang:1-alpine'],
    config: { Env: [GO_PATH_ENV, `GOLANG_VERSION=${GO_VERSION}`, 'GOTOOLCHAIN=local', 'GOPATH=/go'], Cmd: ['/bin/sh'], WorkingDir: '/go' },
  });
}
