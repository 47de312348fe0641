/**
 * `node` (24.6.0, the node:alpine image's): `--version` / `-v` answer as the real one (what
 * tutorials run first); anything else, the REPL included, says in one line that the runtime is
 * not emulated — the playground has no JavaScript engine for containers.
 */
import { defineCommand, type Command } from 'just-bash';

/** The version of the catalog's node image (src/catalog/images/node.ts). */
const NODE_VERSION = '24.6.0';

export function nodeCommand(): Command {
  return defineCommand('node', async (args) => {
    if (args[0] === '--version' || args[0] === '-v') return { stdout: `v${NODE_VERSION}\n`, stderr: '', exitCode: 0 };
    return { stdout: '', stderr: `node: layerlab cannot run the Node.js ${NODE_VERSION} runtime: it is not emulated (only node --version answers)\n`, exitCode: 126 };
  });
}
