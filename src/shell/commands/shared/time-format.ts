/**
 * Times as coreutils and BusyBox print them, in UTC (the shell has no time zones): stat's %y,
 * ls -l's recent/old column, ctime(3).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** Parts of a time in UTC (the shell has no time zones). */
export function utcParts(seconds: number) {
  const date = new Date(Math.floor(seconds) * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth(),
    day: date.getUTCDate(),
    weekday: date.getUTCDay(),
    hh: two(date.getUTCHours()),
    mm: two(date.getUTCMinutes()),
    ss: two(date.getUTCSeconds()),
  };
}

/** `2024-01-02 03:04:05.000000000 +0000`: stat's %y and ls's --full-time. */
export function fullTime(seconds: number): string {
  const t = utcParts(seconds);
  const nanos = String(Math.round((seconds - Math.floor(seconds)) * 1e9)).padStart(9, '0');
  return `${t.year}-${two(t.month + 1)}-${two(t.day)} ${t.hh}:${t.mm}:${t.ss}.${nanos} +0000`;
}

/** `Thu Jan  1 00:00:00 2024`, C's ctime(). */
export function ctimeString(seconds: number): string {
  const t = utcParts(seconds);
  return `${WEEKDAYS[t.weekday]} ${MONTHS[t.month]} ${String(t.day).padStart(2)} ${t.hh}:${t.mm}:${t.ss} ${t.year}`;
}

/** GNU ls counts as recent a time within the last six months (of 365.2425 days), not in the future. */
const SIX_MONTHS = 31556952 / 2;

/** ls -l's time column: `Jan  2 03:04` when recent, `Jan  2  2023` otherwise. */
export function lsTime(seconds: number, now: number): string {
  const t = utcParts(seconds);
  const recent = seconds > now - SIX_MONTHS && seconds <= now;
  return `${MONTHS[t.month]} ${String(t.day).padStart(2)} ${recent ? `${t.hh}:${t.mm}` : ` ${t.year}`}`;
}
