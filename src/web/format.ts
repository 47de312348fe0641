/** Display helpers: pure, so the page's numbers match what the CLI prints. */

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** Decimal units, like `docker images` (1 kB = 1000 B). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ${UNITS[unit]}`;
}

/** A JSON-ish rendering of an exec-form command, as `docker inspect` shows it. */
export function formatCommand(args: readonly string[] | undefined): string {
  return args === undefined ? '—' : `[${args.map((a) => JSON.stringify(a)).join(', ')}]`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)} %`;
}
