/**
 * `go` (1.25.0, the golang:alpine image's): `go version` answers as the real one (what tutorials
 * run first); anything else says in one line that the toolchain is not emulated — the playground
 * cannot compile or run Go programs.
 */
import { defineCommand, type Command } from 'just-bash';

/** The version of the catalog's golang image (src/catalog/images/golang.ts). */
const GO_VERSION = '1.25.0';

export function goCommand(): Command {
  return defineCommand('go', async (args) => {
    if (args[0] === 'version' && args.length === 1) return { stdout: `go version go${GO_VERSION} linux/amd64\n`, stderr: '', exitCode: 0 };
    return { stdout: '', stderr: `go: layerlab cannot run the Go ${GO_VERSION} toolchain: it is not emulated (only go version answers)\n`, exitCode: 126 };
  });
}
