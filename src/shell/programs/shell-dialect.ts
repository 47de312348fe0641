/**
 * How a shell words the errors of running a program. bash on the host; busybox's `sh` (ash)
 * in alpine and busybox images says it differently, and lessons show both.
 */
import type { ExecResult } from 'just-bash';

export type ShellDialectName = 'bash' | 'ash';

export interface ShellDialect {
  readonly name: string;
  notFound(name: string): ExecResult;
  noSuchFile(name: string): ExecResult;
  isDirectory(name: string): ExecResult;
  permissionDenied(name: string): ExecResult;
  execFormat(name: string): ExecResult;
  badInterpreter(name: string, interpreter: string): ExecResult;
}

const fail = (stderr: string, exitCode: number): ExecResult => ({ stdout: '', stderr: `${stderr}\n`, exitCode });

const BASH: ShellDialect = {
  name: 'bash',
  notFound: (n) => fail(`bash: ${n}: command not found`, 127),
  noSuchFile: (n) => fail(`bash: ${n}: No such file or directory`, 127),
  isDirectory: (n) => fail(`bash: ${n}: Is a directory`, 126),
  permissionDenied: (n) => fail(`bash: ${n}: Permission denied`, 126),
  execFormat: (n) => fail(`bash: ${n}: cannot execute binary file: Exec format error`, 126),
  badInterpreter: (n, i) => fail(`bash: ${n}: ${i}: bad interpreter: No such file or directory`, 126),
};

/** busybox ash, e.g. `docker run -it alpine sh`. */
const ASH: ShellDialect = {
  name: 'sh',
  notFound: (n) => fail(`sh: ${n}: not found`, 127),
  noSuchFile: (n) => fail(`sh: ${n}: not found`, 127),
  isDirectory: (n) => fail(`sh: ${n}: Permission denied`, 126),
  permissionDenied: (n) => fail(`sh: ${n}: Permission denied`, 126),
  execFormat: (n) => fail(`sh: ${n}: Exec format error`, 126),
  badInterpreter: (n) => fail(`sh: ${n}: not found`, 127),
};

export function shellDialect(name: ShellDialectName): ShellDialect {
  return name === 'ash' ? ASH : BASH;
}
