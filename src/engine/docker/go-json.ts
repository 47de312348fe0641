/**
 * JSON as the Docker daemon (Go's encoding/json) writes it, where bytes matter because they are
 * hashed: the v1 layer JSON of `docker save`, the config of `docker import`. Go escapes `<`, `>`
 * and `&` in strings, sorts map keys, and writes struct fields in declaration order with every
 * field that is not `omitempty` — so a `container.Config` always shows all of its fields.
 */
import type { ContainerConfig } from '../image/types.ts';

/** `json.Marshal(value)`: compact, HTML-safe. Objects must already be in the order Go would write. */
export function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A Go map: keys in byte order (JavaScript would put integer-like keys first; Go never does). */
export function goMap<T>(map: Record<string, T> | null | undefined): Record<string, T> | null {
  if (map === null || map === undefined) return null;
  const out: Record<string, T> = {};
  for (const key of Object.keys(map).sort(compareBytes)) out[key] = map[key]!;
  return out;
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A time as `time.Time` marshals it (RFC 3339 with nanoseconds, trailing zeros cut, `Z` for a
 * zero offset), from the string an image config holds.
 */
export function goTime(text: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i.exec(text);
  if (!match) return text;
  const fraction = (match[2] ?? '').slice(0, 9).replace(/0+$/, '');
  const zone = match[3]!.toUpperCase() === 'Z' || /^[+-]00:00$/.test(match[3]!) ? 'Z' : match[3]!;
  return `${match[1]}${fraction ? `.${fraction}` : ''}${zone}`;
}

/** `time.Time` of a clock reading in milliseconds, UTC. */
export function goTimeOfMs(ms: number): string {
  return goTime(new Date(ms).toISOString());
}

/**
 * `container.Config` (api/types/container, Docker 27) in field order: what `docker inspect`
 * shows as `Config`/`ContainerConfig` and what the v1 layer JSON of `docker save` holds.
 */
export function goContainerConfig(config: ContainerConfig | undefined): Record<string, unknown> {
  const c = config ?? {};
  const out: Record<string, unknown> = {
    Hostname: str(c['Hostname']),
    Domainname: str(c['Domainname']),
    User: c.User ?? '',
    AttachStdin: bool(c['AttachStdin']),
    AttachStdout: bool(c['AttachStdout']),
    AttachStderr: bool(c['AttachStderr']),
  };
  if (c.ExposedPorts && Object.keys(c.ExposedPorts).length > 0) out['ExposedPorts'] = goMap(c.ExposedPorts);
  out['Tty'] = bool(c['Tty']);
  out['OpenStdin'] = bool(c['OpenStdin']);
  out['StdinOnce'] = bool(c['StdinOnce']);
  out['Env'] = c.Env ?? null;
  out['Cmd'] = c.Cmd ?? null;
  if (c.Healthcheck) out['Healthcheck'] = goHealthcheck(c.Healthcheck);
  if (c.ArgsEscaped) out['ArgsEscaped'] = true;
  out['Image'] = str(c['Image']);
  out['Volumes'] = goMap(c.Volumes);
  out['WorkingDir'] = c.WorkingDir ?? '';
  out['Entrypoint'] = c.Entrypoint ?? null;
  if (c['NetworkDisabled'] === true) out['NetworkDisabled'] = true;
  if (str(c['MacAddress'])) out['MacAddress'] = c['MacAddress'];
  out['OnBuild'] = c.OnBuild ?? null;
  out['Labels'] = goMap(c.Labels);
  if (c.StopSignal) out['StopSignal'] = c.StopSignal;
  if (typeof c['StopTimeout'] === 'number') out['StopTimeout'] = c['StopTimeout'];
  if (c.Shell && c.Shell.length > 0) out['Shell'] = c.Shell;
  return out;
}

function goHealthcheck(h: NonNullable<ContainerConfig['Healthcheck']>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (h.Test && h.Test.length > 0) out['Test'] = h.Test;
  for (const key of ['Interval', 'Timeout', 'StartPeriod', 'StartInterval', 'Retries'] as const) {
    if (h[key]) out[key] = h[key];
  }
  return out;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bool = (v: unknown): boolean => v === true;
