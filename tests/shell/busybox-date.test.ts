/**
 * BusyBox's date (Debian's busybox-static 1.35 as the oracle): its default, -R and -I formats,
 * glibc's strftime conversions and flags, the TIME forms parse_datestr takes (and the ones it
 * refuses), -D, -r, -u, TZ offsets, and its error lines. The real one reads the machine's clock
 * and ours the shell's fixed one, so the forms relative to today are checked in two halves: the
 * time of day against BusyBox, the day against GNU date at the shell's clock.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBusyboxOracle, type BusyboxOracle } from './busybox-oracle.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { FIXED_NOW, runShell } from './support/run-shell.ts';
import { describeWithOracles } from '../support/oracles.ts';

const SETUP = `printf x > stamped && touch -d '2023-05-06 07:08:09' stamped`;

const ABSOLUTE = [
  'date -d @0', 'date -d @1700000000', 'date -u -d @1700000000', 'date -d @-5', 'date --date=@5', 'date --utc --date @5',
  'date -R -d @1700000000', 'date --rfc-2822 -d @5', 'date -I -d @1700000000', 'date -Idate -d @1700000000', 'date -Ihours -d @1700000000',
  'date -Iminutes -d @1700000000', 'date -Iseconds -d @1700000000', 'date -Ins -d @5', 'date -R -d @1700000000 +%s',
  "date -d @1700000000 '+%a %A %b %B %h %c %C %d %D %e %F %g %G %H %I %j %k %l %m %M %p %P %r %R %s %S %T %u %U %V %w %W %x %X %y %Y %z %Z %%'",
  "date -d @1700000000 '+%N %q %Ey %Od|%-d|%_m|%03e|%^a|%10Y|%-H|%#Z|%#b|%5%|%-j|%_H'", "date -d @1704067200 '+%U %W %V %G %g %j'",
  "date -d @1735603200 '+%U %W %V %G %g %j %u %w'", "date -d @1609459200 '+%U %W %V %G %g'", 'date -d @5 +', "date -d @5 '+a%nb%tc'",
  "date -d '2024-01-02 03:04'", "date -d '2024-01-02 03:04:05'", "date -d '2024-01-02'", "date -d '2024-01-02 03'", "date -d '  2024-01-02'",
  "date -d '2024-1-2 3:4'", "date -d '2024.01.02-03:04'", "date -d '2024.01.02-03:04:05'", "date -d 'Jan 2 03:04:05 2024'", "date -d 'january 2 03:04:05 2024'",
  "date -d '2024-01-02 03:04 Z'", "date -d '2024-01-02 03:04 +01:30'", "date -d '2024-01-02 03:04:05 -0800'", "date -d '2024-02-30'",
  'date -d 202401020304', 'date -d 202401020304.59', 'date -d 1312312359', 'date -d 1312312359.30', 'date -d 9001020304',
  "date -D '%Y-%m-%d %H' -d '2021-03-04 05'", 'date -D %s -d 1700000000', 'date -r stamped', 'date -u -r stamped +%s',
  'TZ=EST5 busybox date -d @1700000000', 'TZ=UTC-3 busybox date -R -d @1700000000', "TZ='<+0530>-5:30' busybox date -d @1700000000",
  "TZ=EST5 busybox date -d '2024-01-02 03:04' +%s", 'TZ=EST5 busybox date -u -d @1700000000', 'TZ=EST5 busybox date -Iseconds -d @1700000000',
  // refused
  'date -d x', "date -d '2024-13-01'", "date -d '2024-01-02T03:04'", 'date -d 7', "date -d ''", 'date -d @x', 'date -d @', 'date -d 12:60',
  'date -d 24:00', 'date -d 1312312359.3x', "date -d '2024-01-02 03:04 -5'", "date -d '1 day ago'", 'date -d @1700000000 -D %s',
  'date -r nope', 'date -Ix -d @1', 'date -q', 'date --rfc-email', 'date --iso-8601=minutes', 'date -d', 'date -d @5 +%a +%b', 'date -d @5 a b', 'date --help',
];

/** Forms that take the day (or month, or year) from the clock. */
const TODAY = ['01:02', '23:59:58', '07', '0700.5', '1234', '12.25-10:00', '010203', '06.07-08:09:10'];

describeWithOracles(['busybox'], 'busybox date prints and parses times as BusyBox 1.35 does', () => {
  let oracle: BusyboxOracle;
  beforeAll(async () => {
    oracle = await buildBusyboxOracle(SETUP);
  }, 60_000);
  afterAll(() => oracle?.cleanup());

  it.each(ABSOLUTE)('busybox %s', async (command) => {
    const script = command.startsWith('TZ=') ? command : `busybox ${command}`;
    const real = oracle.real(script);
    const ours = await oracle.ours(script);
    expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual({ stdout: real.stdout, stderr: real.stderr, status: real.status });
  });

  const gnuDate = (format: string, at = FIXED_NOW) => execFileSync('date', ['-u', '-d', `@${at}`, format], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });

  it.each(TODAY)('busybox date -d %s: the time of day as BusyBox reads it, on the shell clock\'s day (or month)', async (time) => {
    const real = oracle.real(`busybox date -d ${time} +%H:%M:%S`);
    const ours = await oracle.ours(`busybox date -d ${time} '+%H:%M:%S' && busybox date -d ${time} +%Y`);
    expect(real.status).toBe(0);
    expect(ours.stdout).toBe(real.stdout + gnuDate('+%Y'));
  });

  it('without -d it prints the shell clock in its default format, as GNU date does in the C locale', async () => {
    expect((await oracle.ours('busybox date')).stdout).toBe(gnuDate('+%a %b %e %H:%M:%S %Z %Y'));
    expect((await oracle.ours('busybox date')).stdout).toBe(execFileSync('date', ['-u', '-d', `@${FIXED_NOW}`], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' } }));
    expect((await oracle.ours('busybox date -d 01:02 +%F')).stdout).toBe(gnuDate('+%F'));
  });

  it('setting the clock fails as in a container without CAP_SYS_TIME, and prints the date anyway', async () => {
    const run = await oracle.ours("busybox date -s '2024-05-06 07:08'");
    const shown = oracle.real("busybox date -d '2024-05-06 07:08'");
    expect(run).toMatchObject({ stdout: shown.stdout, stderr: "date: can't set date: Operation not permitted\n", status: 0 });
  });

  it("outside BusyBox, date is still just-bash's (which knows no -D)", async () => {
    const commands = layerlabCommands({ now: () => FIXED_NOW });
    const run = await runShell('date -u -d @0 +%Y; date -D %s -d 5', { commands });
    expect(run.stdout).toBe(gnuDate('+%Y', 0));
    expect(run.stderr).toMatch(/^date: /);
  });
});
