import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { formatPrintf } from '../../src/shell/commands/printf/printf.ts';
import { runShell } from './support/run-shell.ts';

/** What bash's own printf writes for these exact arguments (bytes), and its status. */
function bashPrintf(args: string[]): { bytes: Buffer; status: number } {
  const r = spawnSync('bash', ['-c', 'printf "$@"', 'printf', ...args], { env: { LC_ALL: 'C.UTF-8' } });
  return { bytes: r.stdout, status: r.status ?? -1 };
}

const CASES: string[][] = [
  ['hello %s\\n', 'world'],
  ['%s-%s\\n', 'a', 'b', 'c'],
  ['\\xff\\x00\\x41\\101\\n'],
  ['%b|', 'tab\\there', 'oct\\0101', 'stop\\cignored'],
  ['%5s|%-5s|%.2s|\\n', 'ab', 'cd', 'efgh'],
  ['%d %i %o %u %x %X %#x %#o\\n', '42', '-7', '8', '10', '255', '255', '255', '8'],
  ['%05d|%-5d|%+d|% d|%.3d\\n', '42', '42', '42', '42', '7'],
  ['%f %.2f %e %E %g %G %.3g\\n', '3.14159', '2.5', '12345.678', '0.000123', '100000', '1e-5', '2.71828'],
  ['%c%c\\n', 'xyz', 'Q'],
  ['%d\\n', "'A"],
  ['%*d|%-*s|\\n', '5', '3', '4', 'ab'],
  ['%q\\n', "it's a test"],
  ['%%literal\\n'],
  ['\\u00e9\\U0001F600 caf\u00e9\\n'],
  ['no newline'],
  ['%s\\n'],
  ['%d\\n', 'abc'],
  ['%.3e|%.0f|%.0f|%.2f|%g|%g|%g\\n', '1234.5', '2.5', '3.5', '1.005', '1000000', '0.0001', '0.00001234'],
  ['%10.4f|%.2e|%f|%g|%.10g|%e\\n', '-3.14159', '9.995', '123456789.123', '123456789', '1e-7', '1e300'],
  // Not compared: values whose decimal text is not exact in binary and sits at a rounding tie
  // (%.3g of 99.95): bash parses them as long double, we as double.
];

describe('printf writes what bash writes, byte for byte', () => {
  it.each(CASES)('printf %j', (...args) => {
    const expected = bashPrintf(args);
    const ours = formatPrintf(args[0]!, args.slice(1));
    expect(Buffer.from(ours.bytes).toString('hex')).toBe(expected.bytes.toString('hex'));
    expect(ours.errors.length > 0 ? 1 : 0).toBe(expected.status);
  });

  it('escapes make bytes that survive pipes: printf "\\xff\\x00" | xxd -p', async () => {
    const run = await runShell("printf '\\xff\\x00\\x80' | xxd -p; printf -v v '%s=%d' n 3; echo $v", { commands: layerlabCommands({}) });
    expect(run.stdout).toBe('ff0080\nn=3\n');
  });
});
