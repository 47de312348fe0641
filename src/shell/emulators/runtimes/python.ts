/**
 * `python3` (3.13.7, the python:3.13-alpine image's): `--version` / `-V` answer as the real one
 * (what tutorials run first); anything else says in one line that the interpreter is not
 * emulated — the playground has no Python.
 */
import { defineCommand, type Command } from 'just-bash';

/** The version of the catalog's python image (src/catalog/images/python.ts). */
const PYTHON_VERSION = '3.13.7';

export function python3Command(): Command {
  return defineCommand('python3', async (args) => {
    if (args[0] === '--version' || args[0] === '-V') return { stdout: `Python ${PYTHON_VERSION}\n`, stderr: '', exitCode: 0 };
    return { stdout: '', stderr: `python3: layerlab cannot run the Python ${PYTHON_VERSION} interpreter: it is not emulated (only python3 --version answers)\n`, exitCode: 126 };
  });
}
