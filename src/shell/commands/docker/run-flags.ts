/**
 * The flags of `docker run` and `docker create` as docker/cli 27.5 defines them
 * (cli/command/container/opts.go addFlags, run.go, create.go), with pflag's value kinds: the
 * kind decides which words are a flag's value, and so where the image name is. Flags Docker
 * hides (`--net`, `--net-alias`, `--dns-opt`, and the Windows-only ones on a Linux daemon) are
 * accepted but left out of `--help`.
 *
 * `parseRunFlags` turns the parsed flags into what the daemon is sent: the container config's
 * additions, the HostConfig (kept as `docker inspect` shows it), ports, mounts and network.
 */
import type { FlagSpec } from './cli.ts';
import { flagBool, flagList, flagString, type ParsedDockerFlags } from './cli.ts';
import { parsePortSpecs, type PortMap } from '../../../engine/docker/containers-ports.ts';

const f = (long: string, kind: FlagSpec['kind'], help: string, more: Partial<FlagSpec> = {}): FlagSpec => ({ long, kind, help, ...(kind === 'list' ? { value: 'list' } : {}), ...more });
const bool = (long: string, help: string, more: Partial<FlagSpec> = {}) => f(long, 'bool', help, more);
const str = (long: string, help: string, more: Partial<FlagSpec> = {}) => f(long, 'string', help, more);
const list = (long: string, help: string, more: Partial<FlagSpec> = {}) => f(long, 'list', help, more);
/** A single-valued flag of another pflag type (`int`, `bytes`, `duration`…): its value is checked by `checkFlagValues`. */
const typed = (long: string, value: string, help: string, more: Partial<FlagSpec> = {}) => f(long, 'string', help, { value, ...more });

const CGROUPNS_HELP = `Cgroup namespace to use (host|private)
'host':    Run the container in the Docker host's cgroup namespace
'private': Run the container in its own private cgroup namespace
'':        Use the cgroup namespace as configured by the
           default-cgroupns-mode option on the daemon (default)`;

/** opts.go's addFlags: what run and create share. */
const CONTAINER_FLAGS: FlagSpec[] = [
  list('attach', 'Attach to STDIN, STDOUT or STDERR', { short: 'a' }),
  list('device-cgroup-rule', 'Add a rule to the cgroup allowed devices list'),
  list('device', 'Add a host device to the container'),
  typed('gpus', 'gpu-request', "GPU devices to add to the container ('all' to pass all GPUs)"),
  list('env', 'Set environment variables', { short: 'e' }),
  list('env-file', 'Read in a file of environment variables'),
  str('entrypoint', 'Overwrite the default ENTRYPOINT of the image'),
  list('group-add', 'Add additional groups to join'),
  str('hostname', 'Container host name', { short: 'h' }),
  str('domainname', 'Container NIS domain name'),
  bool('interactive', 'Keep STDIN open even if not attached', { short: 'i' }),
  list('label', 'Set meta data on a container', { short: 'l' }),
  list('label-file', 'Read in a line delimited file of labels'),
  bool('read-only', "Mount the container's root filesystem as read only"),
  str('restart', 'Restart policy to apply when a container exits', { default: '"no"' }),
  str('stop-signal', 'Signal to stop the container'),
  typed('stop-timeout', 'int', 'Timeout (in seconds) to stop a container'),
  list('sysctl', 'Sysctl options', { value: 'map', default: 'map[]' }),
  bool('tty', 'Allocate a pseudo-TTY', { short: 't' }),
  list('ulimit', 'Ulimit options', { value: 'ulimit', default: '[]' }),
  str('user', 'Username or UID (format: <name|uid>[:<group|gid>])', { short: 'u' }),
  str('workdir', 'Working directory inside the container', { short: 'w' }),
  bool('rm', 'Automatically remove the container and its associated anonymous volumes when it exits'),
  // Security
  list('cap-add', 'Add Linux capabilities'),
  list('cap-drop', 'Drop Linux capabilities'),
  bool('privileged', 'Give extended privileges to this container'),
  list('security-opt', 'Security Options'),
  str('userns', 'User namespace to use'),
  str('cgroupns', CGROUPNS_HELP),
  // Network and port publishing
  list('add-host', 'Add a custom host-to-IP mapping (host:ip)'),
  list('dns', 'Set custom DNS servers'),
  list('dns-opt', 'Set DNS options', { hidden: true }),
  list('dns-option', 'Set DNS options'),
  list('dns-search', 'Set custom DNS search domains'),
  list('expose', 'Expose a port or a range of ports'),
  str('ip', 'IPv4 address (e.g., 172.30.100.104)'),
  str('ip6', 'IPv6 address (e.g., 2001:db8::33)'),
  list('link', 'Add link to another container'),
  list('link-local-ip', 'Container IPv4/IPv6 link-local addresses'),
  str('mac-address', 'Container MAC address (e.g., 92:d0:c6:0a:29:33)'),
  list('publish', "Publish a container's port(s) to the host", { short: 'p' }),
  bool('publish-all', 'Publish all exposed ports to random ports', { short: 'P' }),
  list('net', 'Connect a container to a network', { value: 'network', hidden: true }),
  list('network', 'Connect a container to a network', { value: 'network' }),
  list('net-alias', 'Add network-scoped alias for the container', { hidden: true }),
  list('network-alias', 'Add network-scoped alias for the container'),
  // Logging and storage
  str('log-driver', 'Logging driver for the container'),
  str('volume-driver', 'Optional volume driver for the container'),
  list('log-opt', 'Log driver options'),
  list('storage-opt', 'Storage driver options for the container'),
  list('tmpfs', 'Mount a tmpfs directory'),
  list('volumes-from', 'Mount volumes from the specified container(s)'),
  list('volume', 'Bind mount a volume', { short: 'v' }),
  list('mount', 'Attach a filesystem mount to the container', { value: 'mount' }),
  // Health-checking
  str('health-cmd', 'Command to run to check health'),
  typed('health-interval', 'duration', 'Time between running the check (ms|s|m|h) (default 0s)'),
  typed('health-retries', 'int', 'Consecutive failures needed to report unhealthy'),
  typed('health-timeout', 'duration', 'Maximum time to allow one check to run (ms|s|m|h) (default 0s)'),
  typed('health-start-period', 'duration', 'Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)'),
  typed('health-start-interval', 'duration', 'Time between running the check during the start period (ms|s|m|h) (default 0s)'),
  bool('no-healthcheck', 'Disable any container-specified HEALTHCHECK'),
  // Resource management
  typed('blkio-weight', 'uint16', 'Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)'),
  list('blkio-weight-device', 'Block IO weight (relative device weight)', { default: '[]' }),
  str('cidfile', 'Write the container ID to the file'),
  str('cpuset-cpus', 'CPUs in which to allow execution (0-3, 0,1)'),
  str('cpuset-mems', 'MEMs in which to allow execution (0-3, 0,1)'),
  // Windows-only: hidden when the daemon is Linux, as docker/cli hides flags annotated "ostype".
  typed('cpu-count', 'int', 'CPU count (Windows only)', { hidden: true }),
  typed('cpu-percent', 'int', 'CPU percent (Windows only)', { hidden: true }),
  typed('cpu-period', 'int', 'Limit CPU CFS (Completely Fair Scheduler) period'),
  typed('cpu-quota', 'int', 'Limit CPU CFS (Completely Fair Scheduler) quota'),
  typed('cpu-rt-period', 'int', 'Limit CPU real-time period in microseconds'),
  typed('cpu-rt-runtime', 'int', 'Limit CPU real-time runtime in microseconds'),
  typed('cpu-shares', 'int', 'CPU shares (relative weight)', { short: 'c' }),
  typed('cpus', 'decimal', 'Number of CPUs'),
  list('device-read-bps', 'Limit read rate (bytes per second) from a device', { default: '[]' }),
  list('device-read-iops', 'Limit read rate (IO per second) from a device', { default: '[]' }),
  list('device-write-bps', 'Limit write rate (bytes per second) to a device', { default: '[]' }),
  list('device-write-iops', 'Limit write rate (IO per second) to a device', { default: '[]' }),
  typed('io-maxbandwidth', 'bytes', 'Maximum IO bandwidth limit for the system drive (Windows only)', { hidden: true }),
  typed('io-maxiops', 'uint', 'Maximum IOps limit for the system drive (Windows only)', { hidden: true }),
  typed('kernel-memory', 'bytes', 'Kernel memory limit'),
  typed('memory', 'bytes', 'Memory limit', { short: 'm' }),
  typed('memory-reservation', 'bytes', 'Memory soft limit'),
  typed('memory-swap', 'bytes', "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
  typed('memory-swappiness', 'int', 'Tune container memory swappiness (0 to 100)', { default: '-1' }),
  bool('oom-kill-disable', 'Disable OOM Killer'),
  typed('oom-score-adj', 'int', "Tune host's OOM preferences (-1000 to 1000)"),
  typed('pids-limit', 'int', 'Tune container pids limit (set -1 for unlimited)'),
  // Low-level execution
  str('cgroup-parent', 'Optional parent cgroup for the container'),
  str('ipc', 'IPC mode to use'),
  str('isolation', 'Container isolation technology'),
  str('pid', 'PID namespace to use'),
  typed('shm-size', 'bytes', 'Size of /dev/shm'),
  str('uts', 'UTS namespace to use'),
  str('runtime', 'Runtime to use for this container'),
  bool('init', 'Run an init inside the container that forwards signals and reaps processes'),
  list('annotation', 'Add an annotation to the container (passed through to the OCI runtime)', { value: 'map', default: 'map[]' }),
];

/** command.AddPlatformFlag, AddTrustVerificationFlags and the explicit `--help` (no `-h`: that is --hostname). */
const COMMON_FLAGS: FlagSpec[] = [
  str('name', 'Assign a name to the container'),
  bool('quiet', 'Suppress the pull output', { short: 'q' }),
  bool('help', 'Print usage'),
  str('platform', 'Set platform if server is multi-platform capable'),
  bool('disable-content-trust', 'Skip image verification', { default: 'true' }),
];

export const RUN_FLAGS: FlagSpec[] = [
  bool('detach', 'Run container in background and print container ID', { short: 'd' }),
  bool('sig-proxy', 'Proxy received signals to the process', { default: 'true' }),
  str('detach-keys', 'Override the key sequence for detaching a container'),
  str('pull', 'Pull image before running ("always", "missing", "never")', { default: '"missing"' }),
  ...COMMON_FLAGS,
  ...CONTAINER_FLAGS,
];

export const CREATE_FLAGS: FlagSpec[] = [
  // docker/cli's own typo: "|missing".
  str('pull', 'Pull image before creating ("always", "|missing", "never")', { default: '"missing"' }),
  ...COMMON_FLAGS,
  ...CONTAINER_FLAGS,
];

/** Flags given twice under two names (`--net` and `--network`) land in one place. */
const ALIASES: Record<string, string> = { net: 'network', 'net-alias': 'network-alias', 'dns-opt': 'dns-option' };

/** pflag's own parse errors for typed values: `invalid argument "x" for "-m, --memory" flag: …`. */
export function checkFlagValues(parsed: ParsedDockerFlags, flags: readonly FlagSpec[]): string | undefined {
  for (const spec of flags) {
    const value = parsed.flags.get(spec.long)?.at(-1);
    if (value === undefined || spec.kind !== 'string' || spec.value === undefined) continue;
    const reason = typedValueError(spec.value, value);
    if (reason !== undefined) return `invalid argument "${value}" for "${spec.short ? `-${spec.short}, ` : ''}--${spec.long}" flag: ${reason}`;
  }
  return undefined;
}

function typedValueError(kind: string, value: string): string | undefined {
  switch (kind) {
    case 'int':
    case 'uint':
    case 'uint16':
      if (!/^[+-]?\d+$/.test(value)) return `strconv.Parse${kind === 'int' ? 'Int' : 'Uint'}: parsing "${value}": invalid syntax`;
      if (kind !== 'int' && value.startsWith('-')) return `strconv.ParseUint: parsing "${value}": invalid syntax`;
      if (kind === 'uint16' && Number(value) > 65535) return `strconv.ParseUint: parsing "${value}": value out of range`;
      return undefined;
    case 'bytes':
      return parseBytes(value) === undefined ? `invalid size: '${value}'` : undefined;
    case 'duration':
      return parseDurationNs(value) === undefined ? `time: invalid duration "${value}"` : undefined;
    case 'decimal':
      return /^\d+(\.\d+)?$/.test(value) ? undefined : `failed to parse ${value} as a rational number`;
    default:
      return undefined;
  }
}

/** go-units RAMInBytes: `512m`, `1g`, `1.5GB` (binary multiples, as Docker reads memory sizes). */
export function parseBytes(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?$/i.exec(value);
  if (!m) return value === '-1' ? -1 : undefined;
  const power = ' kmgtp'.indexOf((m[2] || ' ').toLowerCase());
  return Math.floor(Number(m[1]) * 1024 ** power);
}

/** Go's time.ParseDuration, in nanoseconds. */
function parseDurationNs(value: string): number | undefined {
  if (value === '0') return 0;
  const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    total += Number(m[1]) * units[m[2]!]!;
    at = re.lastIndex;
  }
  return at === value.length && at > 0 ? Math.round(total) : undefined;
}

/** A `-v`/`--mount`/`--tmpfs` mount as the daemon will set it up. */
export interface MountSpec {
  type: 'bind' | 'volume' | 'tmpfs';
  /** Host path (bind), volume name ('' for an anonymous one), '' for tmpfs. */
  source: string;
  target: string;
  readOnly: boolean;
  /** `-v` creates a missing bind source; `--mount` refuses it. */
  createSource: boolean;
  /** How it was given: `-v` binds go to HostConfig.Binds, `--mount` ones to HostConfig.Mounts. */
  via: 'volume' | 'mount' | 'tmpfs';
  /** The flag's text, for HostConfig and error messages. */
  spec: string;
}

export interface RunFlags {
  hostname: string;
  domainname: string;
  network: string;
  ports: PortMap;
  exposed: string[];
  publishAll: boolean;
  mounts: MountSpec[];
  extraHosts: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  labels: Record<string, string>;
  env: string[];
  restart: { Name: string; MaximumRetryCount: number };
  readOnly: boolean;
  init: boolean;
  stopTimeout?: number;
  /** HostConfig as the CLI sends it and `docker inspect` shows it (moby's key order). */
  hostConfig: Record<string, unknown>;
}

/** A flag value the CLI itself rejects (printed `docker: …` with exit 125). */
export class RunFlagError extends Error {}

type FileReader = (path: string) => Promise<string>;

/**
 * Everything `docker run`/`create` take from the flags beyond the image and command, checked
 * as the CLI checks it (errors are `RunFlagError`s); the daemon's own checks come later.
 */
export async function parseRunFlags(parsed: ParsedDockerFlags, options: { env: (key: string) => string | undefined; readFile: FileReader }): Promise<RunFlags> {
  const all = (long: string) => [...flagList(parsed, long), ...Object.entries(ALIASES).filter(([, to]) => to === long).flatMap(([from]) => flagList(parsed, from))];
  const { ports, exposed: publishedPorts } = parsePortSpecs(all('publish'));
  const exposed = [...publishedPorts];
  for (const e of all('expose')) {
    if (e.includes(':')) throw new RunFlagError(`invalid port format for --expose: ${e}`);
    const [range, proto = 'tcp'] = e.split('/') as [string, string?];
    const m = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (!m) throw new RunFlagError(`invalid range format for --expose: ${e}, error: strconv.ParseUint: parsing "${range}": invalid syntax`);
    for (let p = Number(m[1]); p <= Number(m[2] ?? m[1]); p++) if (!exposed.includes(`${p}/${proto}`)) exposed.push(`${p}/${proto}`);
  }
  const env: string[] = [];
  for (const file of all('env-file')) env.push(...(await readKeyValueFile(file, options, true)));
  for (const e of all('env')) {
    const key = e.split('=')[0]!;
    if (key === '') throw new RunFlagError(`invalid environment variable: ${e}`);
    if (e.includes('=')) env.push(e);
    else if (options.env(key) !== undefined) env.push(`${key}=${options.env(key)}`);
    else env.push(key);
  }
  const labels: Record<string, string> = {};
  for (const file of all('label-file')) for (const l of await readKeyValueFile(file, options, false)) labels[l.split('=')[0]!] = l.includes('=') ? l.slice(l.indexOf('=') + 1) : '';
  for (const l of all('label')) {
    if (l.split('=')[0] === '') throw new RunFlagError(`invalid label '${l}': empty name`);
    labels[l.split('=')[0]!] = l.includes('=') ? l.slice(l.indexOf('=') + 1) : '';
  }
  const extraHosts = all('add-host').map((h) => {
    // "host:ip" or "host=ip" (Docker 25+); an IPv6 address may be bracketed.
    const sep = h.includes('=') ? h.indexOf('=') : h.indexOf(':');
    const host = h.slice(0, sep);
    const ip = h.slice(sep + 1).replace(/^\[(.*)\]$/, '$1');
    if (sep <= 0 || !(isIPv4(ip) || ip.includes(':') || ip === 'host-gateway')) throw new RunFlagError(`invalid argument "${h}" for "--add-host" flag: invalid IP address in add-host: "${ip}"`);
    return `${host}:${ip}`;
  });
  for (const d of all('dns')) if (!isIPv4(d) && !/^[0-9a-fA-F:]+$/.test(d)) throw new RunFlagError(`invalid argument "${d}" for "--dns" flag: ${d} is not an ip address`);
  const restart = parseRestartPolicy(flagString(parsed, 'restart') ?? 'no');
  const autoRemove = flagBool(parsed, 'rm');
  if (autoRemove && restart.Name !== 'no' && restart.Name !== '') throw new RunFlagError('Conflicting options: --restart and --rm');
  const swappiness = Number(flagString(parsed, 'memory-swappiness') ?? -1);
  if (swappiness !== -1 && (swappiness < 0 || swappiness > 100)) throw new RunFlagError(`invalid value: ${swappiness}. Valid memory swappiness range is 0-100`);
  const networks = all('network');
  // The CLI sends "default"; a Linux daemon records the default bridge as "bridge".
  const network = networks.at(-1) === undefined || networks.at(-1) === 'default' ? 'bridge' : networks.at(-1)!;
  const mounts = [...all('volume').map(volumeMount), ...all('mount').map(mountFlag), ...all('tmpfs').map(tmpfsMount)];
  const stopTimeout = flagString(parsed, 'stop-timeout');
  const hostConfig = hostConfigJson(parsed, all, { ports, mounts, network, restart, extraHosts, autoRemove });
  return {
    hostname: flagString(parsed, 'hostname') ?? '',
    domainname: flagString(parsed, 'domainname') ?? '',
    network,
    ports,
    exposed,
    publishAll: flagBool(parsed, 'publish-all'),
    mounts,
    extraHosts,
    dns: all('dns'),
    dnsSearch: all('dns-search'),
    dnsOptions: all('dns-option'),
    labels,
    env,
    restart,
    readOnly: flagBool(parsed, 'read-only'),
    init: flagBool(parsed, 'init'),
    ...(stopTimeout !== undefined ? { stopTimeout: Number(stopTimeout) } : {}),
    hostConfig,
  };
}

/** opts.ParseRestartPolicy, then the daemon's ValidateRestartPolicy (its errors are the daemon's). */
function parseRestartPolicy(policy: string): { Name: string; MaximumRetryCount: number } {
  const colon = policy.indexOf(':');
  const name = colon < 0 ? policy : policy.slice(0, colon);
  const count = colon < 0 ? '' : policy.slice(colon + 1);
  if (colon >= 0 && name === '') throw new RunFlagError('invalid restart policy format: no policy provided before colon');
  if (count !== '' && !/^[+-]?\d+$/.test(count)) throw new RunFlagError('invalid restart policy format: maximum retry count must be an integer');
  return { Name: name, MaximumRetryCount: count === '' ? 0 : Number(count) };
}

/** moby's ValidateRestartPolicy: the text after "Error response from daemon: ", or undefined. */
export function restartPolicyError(policy: { Name: string; MaximumRetryCount: number }): string | undefined {
  const { Name, MaximumRetryCount } = policy;
  if (!['', 'no', 'always', 'unless-stopped', 'on-failure'].includes(Name)) return `invalid restart policy: unknown policy '${Name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`;
  if (MaximumRetryCount < 0) return 'invalid restart policy: maximum retry count cannot be negative';
  if (MaximumRetryCount > 0 && Name !== 'on-failure') return `invalid restart policy: maximum retry count can only be used with 'on-failure'`;
  return undefined;
}

/** opts.ParseEnvFile / ReadKVStrings: KEY=VALUE lines, `#` comments, a bare KEY taken from the environment. */
async function readKeyValueFile(path: string, options: { env: (key: string) => string | undefined; readFile: FileReader }, isEnv: boolean): Promise<string[]> {
  let text: string;
  try {
    text = await options.readFile(path);
  } catch {
    throw new RunFlagError(`open ${path}: no such file or directory`);
  }
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s+/, '').replace(/\r$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const key = line.split('=')[0]!;
    if (isEnv && /\s/.test(key)) throw new RunFlagError(`variable '${key}' contains whitespaces`);
    if (line.includes('=')) out.push(line);
    else if (!isEnv) out.push(line);
    else if (options.env(key) !== undefined) out.push(`${key}=${options.env(key)}`);
  }
  return out;
}

const isIPv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((n) => Number(n) <= 255);

/** `-v [SOURCE:]TARGET[:MODE]` (the compose loader's ParseVolume, Linux rules). */
function volumeMount(spec: string): MountSpec {
  const parts = spec.split(':');
  let source = '';
  let target: string;
  let mode = '';
  if (parts.length === 1) target = parts[0]!;
  else if (parts.length === 2) {
    if (parts[0]!.startsWith('/') && !parts[1]!.startsWith('/') && /^(r[ow]|z|Z|[rs]?(shared|slave|private)|nocopy|[rw,]+)$/.test(parts[1]!)) [target, mode] = [parts[0]!, parts[1]!];
    else [source, target] = [parts[0]!, parts[1]!];
  } else if (parts.length === 3) [source, target, mode] = parts as [string, string, string];
  else throw new RunFlagError(`invalid spec: ${spec}: too many colons`);
  if (target === '') throw new RunFlagError(`invalid spec: ${spec}: empty section between colons`);
  const bind = source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
  const readOnly = mode.split(',').includes('ro');
  return { type: bind ? 'bind' : 'volume', source, target, readOnly, createSource: true, via: 'volume', spec };
}

/** `--mount type=…,source=…,target=…[,readonly]` (opts.MountOpt). */
function mountFlag(spec: string): MountSpec {
  let type = 'volume';
  let source = '';
  let target = '';
  let readOnly = false;
  for (const field of spec.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? undefined : field.slice(eq + 1);
    const bad = (why: string) => new RunFlagError(`invalid argument "${spec}" for "--mount" flag: ${why}`);
    if (value === undefined && key !== 'readonly' && key !== 'ro' && key !== 'volume-nocopy') throw bad(`invalid field '${field}' must be a key=value pair`);
    switch (key) {
      case 'type':
        if (!['bind', 'volume', 'tmpfs'].includes(value!)) throw bad(`invalid value for 'type': ${value}`);
        type = value!;
        break;
      case 'source':
      case 'src':
        source = value!;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        target = value!;
        break;
      case 'readonly':
      case 'ro':
        if (value !== undefined && !/^(true|1|false|0)$/.test(value)) throw bad(`invalid value for ${key}: ${value}`);
        readOnly = value === undefined || value === 'true' || value === '1';
        break;
      case 'bind-propagation':
      case 'bind-recursive':
      case 'consistency':
      case 'volume-nocopy':
      case 'volume-driver':
      case 'volume-label':
      case 'volume-opt':
      case 'volume-subpath':
      case 'tmpfs-size':
      case 'tmpfs-mode':
        break;
      default:
        throw bad(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (target === '') throw new RunFlagError(`invalid argument "${spec}" for "--mount" flag: target is required`);
  return { type: type as MountSpec['type'], source, target, readOnly, createSource: false, via: 'mount', spec };
}

function tmpfsMount(spec: string): MountSpec {
  const [target] = spec.split(':') as [string];
  return { type: 'tmpfs', source: '', target, readOnly: false, createSource: false, via: 'tmpfs', spec };
}

/** The HostConfig moby stores for these flags, in its JSON key order (API 1.47). */
function hostConfigJson(
  parsed: ParsedDockerFlags,
  all: (long: string) => string[],
  made: { ports: PortMap; mounts: MountSpec[]; network: string; restart: { Name: string; MaximumRetryCount: number }; extraHosts: string[]; autoRemove: boolean },
): Record<string, unknown> {
  const int = (long: string, fallback = 0) => Number(flagString(parsed, long) ?? fallback);
  const text = (long: string) => flagString(parsed, long) ?? '';
  const orNull = (values: string[]) => (values.length > 0 ? values : null);
  const mapOf = (values: string[]) => Object.fromEntries(values.map((v) => [v.split('=')[0]!, v.includes('=') ? v.slice(v.indexOf('=') + 1) : '']));
  const bytes = (long: string) => parseBytes(flagString(parsed, long) ?? '0') ?? 0;
  const privileged = flagBool(parsed, 'privileged');
  const binds = made.mounts.filter((m) => m.via === 'volume' && m.source !== '').map((m) => m.spec);
  const mounts = made.mounts.filter((m) => m.via === 'mount').map((m) => ({ Type: m.type, Source: m.source, Target: m.target, ...(m.readOnly ? { ReadOnly: true } : {}) }));
  const tmpfs = made.mounts.filter((m) => m.via === 'tmpfs');
  const annotations = all('annotation');
  const storageOpt = all('storage-opt');
  const sysctls = all('sysctl');
  const cpus = flagString(parsed, 'cpus');
  const swappiness = flagString(parsed, 'memory-swappiness');
  const pidsLimit = flagString(parsed, 'pids-limit');
  const logDriver = text('log-driver');
  const out: Record<string, unknown> = {
    Binds: orNull(binds),
    ContainerIDFile: text('cidfile'),
    LogConfig: { Type: logDriver || 'json-file', Config: mapOf(all('log-opt')) },
    NetworkMode: made.network,
    PortBindings: Object.fromEntries(Object.entries(made.ports).map(([port, bindings]) => [port, bindings.map((b) => ({ HostIp: b.hostIp, HostPort: b.hostPort }))])),
    RestartPolicy: { Name: made.restart.Name || 'no', MaximumRetryCount: made.restart.MaximumRetryCount },
    AutoRemove: made.autoRemove,
    VolumeDriver: text('volume-driver'),
    VolumesFrom: orNull(all('volumes-from')),
    ConsoleSize: [0, 0],
  };
  if (annotations.length > 0) out['Annotations'] = mapOf(annotations);
  Object.assign(out, {
    CapAdd: orNull(all('cap-add')),
    CapDrop: orNull(all('cap-drop')),
    CgroupnsMode: text('cgroupns') || 'private',
    Dns: all('dns'),
    DnsOptions: all('dns-option'),
    DnsSearch: all('dns-search'),
    ExtraHosts: orNull(made.extraHosts),
    GroupAdd: orNull(all('group-add')),
    IpcMode: text('ipc') || 'private',
    Cgroup: '',
    Links: orNull(all('link')),
    OomScoreAdj: int('oom-score-adj'),
    PidMode: text('pid'),
    Privileged: privileged,
    PublishAllPorts: flagBool(parsed, 'publish-all'),
    ReadonlyRootfs: flagBool(parsed, 'read-only'),
    SecurityOpt: orNull(all('security-opt')),
  });
  if (storageOpt.length > 0) out['StorageOpt'] = mapOf(storageOpt);
  if (tmpfs.length > 0) out['Tmpfs'] = Object.fromEntries(tmpfs.map((m) => [m.target, m.spec.includes(':') ? m.spec.slice(m.spec.indexOf(':') + 1) : '']));
  Object.assign(out, { UTSMode: text('uts'), UsernsMode: text('userns'), ShmSize: flagString(parsed, 'shm-size') ? bytes('shm-size') : 67108864 });
  if (sysctls.length > 0) out['Sysctls'] = mapOf(sysctls);
  Object.assign(out, {
    Runtime: text('runtime') || 'runc',
    Isolation: text('isolation'),
    CpuShares: int('cpu-shares'),
    Memory: bytes('memory'),
    NanoCpus: cpus ? Math.round(Number(cpus) * 1e9) : 0,
    CgroupParent: text('cgroup-parent'),
    BlkioWeight: int('blkio-weight'),
    BlkioWeightDevice: [],
    BlkioDeviceReadBps: [],
    BlkioDeviceWriteBps: [],
    BlkioDeviceReadIOps: [],
    BlkioDeviceWriteIOps: [],
    CpuPeriod: int('cpu-period'),
    CpuQuota: int('cpu-quota'),
    CpuRealtimePeriod: int('cpu-rt-period'),
    CpuRealtimeRuntime: int('cpu-rt-runtime'),
    CpusetCpus: text('cpuset-cpus'),
    CpusetMems: text('cpuset-mems'),
    Devices: all('device').map((d) => {
      const [host, inner = host, perms = 'rwm'] = d.split(':') as [string, string?, string?];
      return { PathOnHost: host, PathInContainer: inner, CgroupPermissions: perms };
    }),
    DeviceCgroupRules: orNull(all('device-cgroup-rule')),
    DeviceRequests: flagString(parsed, 'gpus') ? [{ Driver: '', Count: flagString(parsed, 'gpus') === 'all' ? -1 : Number(flagString(parsed, 'gpus')) || 0, DeviceIDs: null, Capabilities: [['gpu']], Options: {} }] : null,
    MemoryReservation: bytes('memory-reservation'),
    MemorySwap: bytes('memory-swap'),
    MemorySwappiness: swappiness !== undefined && swappiness !== '-1' ? Number(swappiness) : null,
    OomKillDisable: flagBool(parsed, 'oom-kill-disable') ? true : null,
    PidsLimit: pidsLimit !== undefined && pidsLimit !== '0' ? Number(pidsLimit) : null,
    Ulimits: all('ulimit').map((u) => {
      const [name, limits = ''] = u.split('=') as [string, string?];
      const [soft, hard = soft] = limits.split(':') as [string, string?];
      return { Name: name, Hard: Number(hard), Soft: Number(soft) };
    }),
    CpuCount: int('cpu-count'),
    CpuPercent: int('cpu-percent'),
    IOMaximumIOps: int('io-maxiops'),
    IOMaximumBandwidth: bytes('io-maxbandwidth'),
  });
  if (mounts.length > 0) out['Mounts'] = mounts;
  // A privileged container gets no masked or read-only /proc paths.
  out['MaskedPaths'] = privileged
    ? null
    : ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap'];
  out['ReadonlyPaths'] = privileged ? null : ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];
  if (flagBool(parsed, 'init')) out['Init'] = true;
  return out;
}
