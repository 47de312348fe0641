/**
 * Published ports: `-p` specs parsed as go-connections' nat.ParsePortSpecs does, host ports
 * given out when a container starts (the same port on 0.0.0.0 and ::, random ones from the
 * ephemeral range), and the texts docker/cli makes of them (`docker ps`'s PORTS, `docker port`).
 */
import { DaemonError } from './registry.ts';

export interface PortBinding {
  /** '' for every address (0.0.0.0 and ::). */
  hostIp: string;
  /** '' for a port the daemon picks. */
  hostPort: string;
}

/** `80/tcp` → its bindings, as HostConfig.PortBindings holds them. */
export type PortMap = Record<string, PortBinding[]>;

/** The addresses a running container's ports are bound to, as NetworkSettings.Ports shows them. */
export type LivePorts = Record<string, { HostIp: string; HostPort: string }[] | null>;

/** Where Linux's ephemeral range starts: the daemon's first pick for a random host port. */
const EPHEMERAL_START = 32768;

/** nat.ParsePortSpecs: the bindings, and every container port named (exposed as well). */
export function parsePortSpecs(specs: readonly string[]): { ports: PortMap; exposed: string[] } {
  const ports: PortMap = {};
  const exposed: string[] = [];
  for (const spec of specs) {
    for (const { port, binding } of parsePortSpec(spec)) {
      if (!exposed.includes(port)) exposed.push(port);
      (ports[port] ??= []).push(binding);
    }
  }
  return { ports, exposed };
}

function parsePortSpec(raw: string): { port: string; binding: PortBinding }[] {
  const parts = raw.split(':');
  const n = parts.length;
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const hostPort = n >= 2 ? parts[n - 2]! : '';
  const [containerPort, proto = 'tcp'] = parts[n - 1]!.split('/') as [string, string?];
  if (ip.startsWith('[')) ip = ip.replace(/^\[(.*)\]$/, '$1');
  if (ip !== '' && !isIp(ip)) throw new Error(`invalid IP address: ${ip}`);
  if (containerPort === '') throw new Error(`no port specified: ${raw}<empty>`);
  const inner = portRange(containerPort);
  if (!inner) throw new Error(`invalid containerPort: ${containerPort}`);
  const outer = hostPort === '' ? undefined : portRange(hostPort);
  if (hostPort !== '' && !outer) throw new Error(`invalid hostPort: ${hostPort}`);
  if (outer && inner[1] - inner[0] !== outer[1] - outer[0] && inner[0] !== inner[1]) {
    throw new Error(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
  }
  const protocol = proto.toLowerCase();
  if (!['tcp', 'udp', 'sctp'].includes(protocol)) throw new Error(`invalid proto: ${protocol}`);
  const out: { port: string; binding: PortBinding }[] = [];
  for (let i = 0; i <= inner[1] - inner[0]; i++) {
    let host = outer ? String(outer[0] + i) : '';
    // A single container port with a host range: the daemon picks one of the range.
    if (outer && inner[0] === inner[1] && outer[0] !== outer[1]) host = `${outer[0]}-${outer[1]}`;
    out.push({ port: `${inner[0] + i}/${protocol}`, binding: { hostIp: ip, hostPort: host } });
  }
  return out;
}

/** nat.ParsePortRange: `80` or `8000-8010`. */
function portRange(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = Number(m[2] ?? m[1]);
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return [start, end];
}

function isIp(ip: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return ip.split('.').every((n) => Number(n) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(ip) && ip.includes(':');
}

/** What a container being started holds of the host's ports, and who holds them already. */
export interface PortHolder {
  readonly name: string;
  readonly ports: LivePorts;
}

/**
 * Bind a starting container's ports: each binding on its address (0.0.0.0 and :: for ''),
 * random host ports from the ephemeral range. Throws the daemon's "port is already allocated".
 */
export function bindPorts(exposed: readonly string[], bindings: PortMap, publishAll: boolean, holders: readonly PortHolder[], endpoint: { name: string; id: string }): LivePorts {
  const taken = new Set<string>();
  for (const holder of holders) for (const [port, list] of Object.entries(holder.ports)) for (const b of list ?? []) taken.add(`${b.HostIp}|${b.HostPort}/${port.split('/')[1]}`);
  const live: LivePorts = {};
  const ports = [...new Set([...exposed, ...Object.keys(bindings)])].sort(comparePortKeys);
  for (const port of ports) {
    const proto = port.split('/')[1]!;
    const wanted = bindings[port] ?? (publishAll ? [{ hostIp: '', hostPort: '' }] : []);
    if (wanted.length === 0) {
      live[port] = null;
      continue;
    }
    const list: { HostIp: string; HostPort: string }[] = [];
    for (const binding of wanted) {
      const ips = binding.hostIp === '' ? ['0.0.0.0', '::'] : [binding.hostIp];
      let hostPort = binding.hostPort;
      if (hostPort === '' || hostPort.includes('-')) {
        const [from, to] = hostPort === '' ? [EPHEMERAL_START, 60999] : hostPort.split('-').map(Number);
        let candidate = from!;
        while (candidate <= to! && ips.some((ip) => taken.has(`${ip}|${candidate}/${proto}`))) candidate++;
        hostPort = String(candidate);
      }
      for (const ip of ips) {
        const key = `${ip}|${hostPort}/${proto}`;
        if (taken.has(key)) {
          const shown = ip.includes(':') ? `[${ip}]` : ip;
          throw new DaemonError(`driver failed programming external connectivity on endpoint ${endpoint.name} (${endpoint.id}): Bind for ${shown}:${hostPort} failed: port is already allocated`, 'conflict');
        }
        taken.add(key);
        list.push({ HostIp: ip, HostPort: hostPort });
      }
    }
    live[port] = list;
  }
  return live;
}

function comparePortKeys(a: string, b: string): number {
  const [pa, ta] = a.split('/') as [string, string];
  const [pb, tb] = b.split('/') as [string, string];
  return Number(pa) - Number(pb) || (ta < tb ? -1 : ta > tb ? 1 : 0);
}

/** Go's net.JoinHostPort: IPv6 addresses in brackets. */
export function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** docker/cli's DisplayablePorts (formatter/container.go): the PORTS column of `docker ps`. */
export function displayablePorts(live: LivePorts): string {
  interface ApiPort {
    ip: string;
    privatePort: number;
    publicPort: number;
    type: string;
  }
  const ports: ApiPort[] = [];
  for (const [key, list] of Object.entries(live)) {
    const [port, type] = key.split('/') as [string, string];
    if (!list || list.length === 0) ports.push({ ip: '', privatePort: Number(port), publicPort: 0, type });
    else for (const b of list) ports.push({ ip: b.HostIp, privatePort: Number(port), publicPort: Number(b.HostPort), type });
  }
  ports.sort((i, j) => i.privatePort - j.privatePort || (i.ip < j.ip ? -1 : i.ip > j.ip ? 1 : 0) || i.publicPort - j.publicPort || (i.type < j.type ? -1 : i.type > j.type ? 1 : 0));
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const hostMappings: string[] = [];
  const formGroup = (key: string, first: number, last: number) => {
    const slash = key.lastIndexOf('/');
    const ip = slash < 0 ? '' : key.slice(0, slash);
    const type = slash < 0 ? key : key.slice(slash + 1);
    let group = first === last ? String(first) : `${first}-${last}`;
    if (ip !== '') group = `${joinHostPort(ip, group)}->${group}`;
    return `${group}/${type}`;
  };
  for (const port of ports) {
    let key = port.type;
    if (port.ip !== '') {
      if (port.publicPort !== port.privatePort) {
        hostMappings.push(`${joinHostPort(port.ip, String(port.publicPort))}->${port.privatePort}/${port.type}`);
        continue;
      }
      key = `${port.ip}/${port.type}`;
    }
    const group = groups.get(key);
    if (!group) groups.set(key, { first: port.privatePort, last: port.privatePort });
    else if (port.privatePort === group.last + 1) group.last = port.privatePort;
    else {
      result.push(formGroup(key, group.first, group.last));
      groups.set(key, { first: port.privatePort, last: port.privatePort });
    }
  }
  for (const [key, g] of groups) result.push(formGroup(key, g.first, g.last));
  return [...result, ...hostMappings].join(', ');
}

/** sortorder.NaturalLess: digit runs compared as numbers. */
export function naturalLess(a: string, b: string): number {
  const chunks = (s: string) => s.match(/\d+|\D+/g) ?? [];
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) return Number(x) - Number(y) || x.length - y.length;
    return x < y ? -1 : 1;
  }
  return ca.length - cb.length;
}
