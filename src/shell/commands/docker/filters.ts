/**
 * `--filter name=value` as docker/cli's opts.FilterOpt reads it and moby's filters.Args matches
 * it: keys are lower-cased and trimmed on the client, which rejects a value without `=`; the
 * daemon rejects keys it does not know, matches `name`/`id`/`status` as unanchored regular
 * expressions and `label` as `key` or `key=value`, every label given being required.
 * https://github.com/moby/moby/blob/v27.5.1/api/types/filters/parse.go
 */
import type { ExecResult } from 'just-bash';
import { DaemonError } from '../../../engine/docker/registry.ts';
import { fail, flagList, type CommandSpec, type ParsedDockerFlags } from './cli.ts';

export type FilterArgs = ReadonlyMap<string, readonly string[]>;

/** The filters given with `--filter`/`-f`, or the pflag error (status 125) for one without `=`. */
export function filterArgs(spec: CommandSpec, parsed: ParsedDockerFlags): FilterArgs | ExecResult {
  const filters = new Map<string, string[]>();
  const flag = spec.flags.find((f) => f.long === 'filter');
  const flagName = flag?.short ? `-${flag.short}, --filter` : '--filter';
  for (const value of flagList(parsed, 'filter')) {
    const eq = value.indexOf('=');
    if (eq < 0) return fail(`invalid argument "${value}" for "${flagName}" flag: bad format of filter (expected name=value)\nSee '${spec.path} --help'.\n`, 125);
    const key = value.slice(0, eq).trim().toLowerCase();
    filters.set(key, [...(filters.get(key) ?? []), value.slice(eq + 1).trim()]);
  }
  return filters;
}

/** filters.Args.Validate: the daemon's error for a key it does not accept. */
export function validateFilters(filters: FilterArgs, accepted: readonly string[]): void {
  for (const key of filters.keys()) if (!accepted.includes(key)) throw new DaemonError(`invalid filter '${key}'`, 'invalid');
}

/** filters.Args.Match: no values, or one of them as a Go regular expression found in `source`. */
export function filterMatch(filters: FilterArgs, key: string, source: string): boolean {
  const values = filters.get(key);
  if (!values || values.length === 0) return true;
  return values.some((pattern) => {
    try {
      return new RegExp(pattern).test(source);
    } catch {
      return false;
    }
  });
}

/** filters.Args.MatchKVList: every `key` or `key=value` given is among the labels. */
export function filterMatchLabels(filters: FilterArgs, key: string, labels: Readonly<Record<string, string>> | null | undefined): boolean {
  const values = filters.get(key);
  if (!values || values.length === 0) return true;
  if (!labels || Object.keys(labels).length === 0) return false;
  return values.every((value) => {
    const eq = value.indexOf('=');
    const name = eq < 0 ? value : value.slice(0, eq);
    if (!Object.prototype.hasOwnProperty.call(labels, name)) return false;
    return eq < 0 || labels[name] === value.slice(eq + 1);
  });
}

/** filters.Args.GetBoolOrDefault: every value a Go bool, or `invalid filter 'key=values'`. */
export function filterBool(filters: FilterArgs, key: string): boolean | undefined {
  const values = filters.get(key);
  if (!values || values.length === 0) return undefined;
  const bools = values.map((v) => (/^(1|t|T|TRUE|true|True)$/.test(v) ? true : /^(0|f|F|FALSE|false|False)$/.test(v) ? false : undefined));
  if (bools.some((b) => b === undefined)) throw new DaemonError(`invalid filter '${key}=${values.join(',')}'`, 'invalid');
  return bools.some((b) => b === true);
}

/**
 * The `until` (and `since`) filter values: RFC 3339 (with or without zone or time), Unix seconds
 * with optional fraction, or a Go duration before `now` (docker/cli's timetypes.GetTimestamp).
 * Returns milliseconds since the epoch; throws the daemon's wording for what it cannot read.
 */
export function timestampOf(value: string, now: number): number {
  const duration = goDurationMs(value);
  if (duration !== undefined) return now - duration;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const rfc = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (rfc) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = rfc;
    const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${zone}`);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new DaemonError(`failed to parse value as time or duration: "${value}"`, 'invalid');
}

/** Go's time.ParseDuration in ms, or undefined when `text` is not a duration. */
export function goDurationMs(text: string): number | undefined {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!match) return undefined;
  let total = 0;
  for (const part of text.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * units[part[2]!]!;
  return match[1] === '-' ? -total : total;
}

/**
 * The prune commands' `until` and `label`/`label!` filters (moby's getUntilFromPruneFilters and
 * matchLabels): what was created before `until`, has every `label` and none of the `label!`.
 */
export function pruneFilter<T>(daemon: { now(): number }, filters: FilterArgs, describe: (item: T) => { created: number; labels: Readonly<Record<string, string>> | null | undefined }): (item: T) => boolean {
  const untils = filters.get('until') ?? [];
  if (untils.length > 1) throw new DaemonError('more than one until filter specified', 'invalid');
  const until = untils.length === 1 ? timestampOf(untils[0]!, daemon.now()) : undefined;
  return (item) => {
    const { created, labels } = describe(item);
    if (until !== undefined && created > until) return false;
    if (!filterMatchLabels(filters, 'label', labels)) return false;
    return !(filters.has('label!') && filterMatchLabels(filters, 'label!', labels));
  };
}
