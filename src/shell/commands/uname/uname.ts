/**
 * `uname`: the kernel of host-machine.ts, which containers share, and the machine's host name
 * (a container's own). GNU coreutils 9.1's and BusyBox 1.35's print the same fields in the same
 * order whatever the order of the options: kernel name, node name, release, version, machine,
 * processor, hardware platform, operating system; `-a` leaves out processor and platform when
 * they are `unknown`, as they are on Linux; no option is `-s`. They differ only in errors:
 * GNU's `Try 'uname --help'` line, BusyBox's usage text (an operand, too, is only a usage error).
 */
import { defineCommand, type Command, type ExecResult } from 'just-bash';
import { runsAsBusyboxApplet } from '../../command-context.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../busybox/debian-applets.ts';
import { machineHostname } from '../hostname/hostname.ts';
import { isUsageError, parseGnuOptions, usageError, type OptionSpec } from '../shared/getopt.ts';
import { KERNEL } from '../system/host-machine.ts';

/** The fields in uname's order, with their option letters. */
const FIELDS = [
  { short: 's', long: 'kernel-name' },
  { short: 'n', long: 'nodename' },
  { short: 'r', long: 'kernel-release' },
  { short: 'v', long: 'kernel-version' },
  { short: 'm', long: 'machine' },
  { short: 'p', long: 'processor' },
  { short: 'i', long: 'hardware-platform' },
  { short: 'o', long: 'operating-system' },
] as const;

const OPTIONS: OptionSpec[] = [{ key: 'a', short: 'a', long: 'all' }, ...FIELDS.map((f) => ({ key: f.short, short: f.short, long: f.long }))];

const BUSYBOX_USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: uname [-amnrspvio]

Print system information

\t-a\tPrint all
\t-m\tMachine (hardware) type
\t-n\tHostname
\t-r\tKernel release
\t-s\tKernel name (default)
\t-p\tProcessor type
\t-v\tKernel version
\t-i\tHardware platform
\t-o\tOS name
`;

export function unameCommand(): Command {
  return defineCommand('uname', async (args, ctx) => {
    const busybox = runsAsBusyboxApplet(ctx);
    const parsed = parseGnuOptions('uname', args, OPTIONS, 1);
    if (isUsageError(parsed)) return busybox ? busyboxUsageError(parsed) : parsed;
    if (parsed.operands.length > 0) {
      if (busybox) return { stdout: '', stderr: BUSYBOX_USAGE, exitCode: 1 };
      return usageError('uname', `extra operand ‘${parsed.operands[0]}’`);
    }
    const chosen = new Set(parsed.options.map((o) => o.key));
    const all = chosen.has('a');
    if (chosen.size === 0) chosen.add('s');
    const values: Record<(typeof FIELDS)[number]['short'], string> = {
      s: KERNEL.name,
      n: await machineHostname(ctx),
      r: KERNEL.release,
      v: KERNEL.version,
      m: KERNEL.machine,
      p: 'unknown',
      i: 'unknown',
      o: KERNEL.operatingSystem,
    };
    const printed = FIELDS.filter((f) => chosen.has(f.short) || (all && values[f.short] !== 'unknown'));
    return { stdout: `${printed.map((f) => values[f.short]).join(' ')}\n`, stderr: '', exitCode: 0 };
  });
}

/** getopt's line as BusyBox keeps it, then its usage instead of GNU's `Try …` line. */
function busyboxUsageError(gnu: ExecResult): ExecResult {
  const first = gnu.stderr.split('\n')[0]!;
  return { stdout: '', stderr: `${first}\n${BUSYBOX_USAGE}`, exitCode: 1 };
}
