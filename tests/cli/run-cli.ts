import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.ts';

export interface CliResult {
  status: number;
  stdout: string;
  stdoutBytes: Uint8Array;
  stderr: string;
}

/** Run a CLI command in-process (fast): the same `main` that bin/layerlab calls. */
export async function runCli(...argv: string[]): Promise<CliResult> {
  const out: Uint8Array[] = [];
  let stderr = '';
  const status = await main(argv, {
    stdout: (data) => out.push(typeof data === 'string' ? new TextEncoder().encode(data) : data),
    stderr: (text) => (stderr += text),
  });
  const stdoutBytes = Buffer.concat(out);
  return { status, stdout: new TextDecoder().decode(stdoutBytes), stdoutBytes, stderr };
}

export const BIN = fileURLToPath(new URL('../../bin/layerlab', import.meta.url));

/** Run the real `bin/layerlab` executable, as a user or a CI script would. */
export function runBin(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(BIN, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout.toString('utf8'), stdoutBytes: r.stdout, stderr: r.stderr.toString('utf8') };
}
