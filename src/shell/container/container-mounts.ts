/**
 * What the daemon mounts into a new container: the three network files it writes for every
 * container (/etc/hostname, /etc/hosts, /etc/resolv.conf), what runc mounts in every container
 * (/proc, /dev and beneath it, /sys), the `-v`/`--mount`/`--tmpfs` mounts, and an anonymous
 * volume for each of the image's VOLUMEs not mounted otherwise.
 * A bind mount shows the host's own filesystem: what the container writes there, the host sees.
 */
import type { Container, ContainerMount } from '../../engine/docker/containers.ts';
import { networkFiles, type ContainerNetwork, type NetworkFileOptions } from '../../engine/docker/containers-network.ts';
import { copyTree, emptyFilesystem, volumesOf } from '../../engine/docker/containers-volumes.ts';
import type { DockerDaemon } from '../../engine/docker/daemon.ts';
import { DaemonError } from '../../engine/docker/registry.ts';
import { isAwaitingMounts, setMountedRootfs } from '../../engine/docker/snapshot-containers.ts';
import { normalize, withMounts, type Mount } from '../../engine/overlay/mounts.ts';
import type { OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import type { RunFlags } from '../commands/docker/run-flags.ts';
import { containerMounts as containerMountTable } from '../commands/df/mounts.ts';
import { devFilesystem, devptsFilesystem, emptyTmpfs, mqueueFilesystem } from './dev-fs.ts';
import { containerEnvironment, nextHostPid, processesIn, type ContainerProcess, type ProcessUser } from './process.ts';
import { procFilesystem } from './proc-fs.ts';
import { sysFilesystem } from './sys-fs.ts';

export interface MountRequest {
  id: string;
  hostname: string;
  flags: RunFlags;
  /** `docker run -t`: a terminal on /dev/console and /dev/pts/0. */
  tty: boolean;
  network: ContainerNetwork;
  /** The image's VOLUME paths. */
  imageVolumes: readonly string[];
  /** The host's filesystem (bind mount sources) and the client's working directory. */
  host: OverlayFs;
  cwd: string;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The container's root filesystem with its mounts, and the mounts as inspect lists them. */
export async function createContainerMounts(daemon: DockerDaemon, root: OverlayFs, request: MountRequest): Promise<{ rootfs: OverlayFs; mounts: ContainerMount[] }> {
  const { flags, host } = request;
  const mounts: Mount[] = [];
  const records: ContainerMount[] = [];
  const volumes = volumesOf(daemon);

  const seconds = () => Math.floor(daemon.now() / 1000);
  mounts.push(
    ...(await networkFileMounts(daemon, host, {
      hostname: request.hostname,
      domainname: flags.domainname,
      network: request.network,
      extraHosts: flags.extraHosts,
      dns: flags.dns,
      dnsSearch: flags.dnsSearch,
      dnsOptions: flags.dnsOptions,
    })),
  );
  mounts.push(...(await runtimeMounts(daemon, request)));

  const targets = new Set<string>();
  for (const m of flags.mounts) {
    if (!m.target.startsWith('/')) {
      const how = m.via === 'volume' ? `invalid volume specification: '${m.spec}': ` : '';
      throw new DaemonError(`${how}invalid mount config for type "${m.type}": invalid mount path: '${m.target}' mount path must be absolute`, 'invalid');
    }
    const target = normalize(m.target);
    if (targets.has(target)) throw new DaemonError(`Duplicate mount point: ${target}`, 'invalid');
    targets.add(target);
    if (m.type === 'bind') {
      const source = normalize(m.source.startsWith('/') ? m.source : `${request.cwd}/${m.source}`);
      if (!host.exists(source)) {
        if (!m.createSource) throw new DaemonError(`invalid mount config for type "bind": bind source path does not exist: ${source}`, 'invalid');
        await host.mkdir(source, { recursive: true, mode: 0o755 });
      }
      const isDir = host.stat(source).type === 'directory';
      await mountPoint(root, target, isDir);
      mounts.push({ target, fs: host, source, readOnly: m.readOnly });
      records.push({ type: 'bind', source, destination: target, mode: m.readOnly && m.via === 'volume' ? 'ro' : '', readOnly: m.readOnly });
    } else if (m.type === 'volume') {
      const { volume, made } = await volumes.create(m.source === '' ? undefined : m.source);
      // A new volume starts with what the image has at the mount point (the daemon's copy-up).
      if (made && root.statIfExists(target)?.type === 'directory') await copyTree(root, target, volume.fs, '/');
      await mountPoint(root, target, true);
      mounts.push({ target, fs: volume.fs, source: '/', readOnly: m.readOnly });
      records.push({ type: 'volume', name: volume.name, source: `/var/lib/docker/volumes/${volume.name}/_data`, destination: target, mode: m.source !== '' && m.via === 'volume' ? 'z' : '', readOnly: m.readOnly, anonymous: volume.anonymous });
    } else {
      await mountPoint(root, target, true);
      mounts.push({ target, fs: await emptyFilesystem(seconds), source: '/', readOnly: false });
      records.push({ type: 'tmpfs', source: '', destination: target, mode: '', readOnly: false });
    }
  }
  for (const path of request.imageVolumes) {
    const target = normalize(path);
    if (targets.has(target)) continue;
    const { volume } = await volumes.create();
    if (root.statIfExists(target)?.type === 'directory') await copyTree(root, target, volume.fs, '/');
    await mountPoint(root, target, true);
    mounts.push({ target, fs: volume.fs, source: '/', readOnly: false });
    records.push({ type: 'volume', name: volume.name, source: `/var/lib/docker/volumes/${volume.name}/_data`, destination: target, mode: '', readOnly: false, anonymous: true });
  }
  records.sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0));
  return { rootfs: withMounts(root, mounts, { readOnlyRoot: flags.readOnly }), mounts: records };
}

/**
 * /var/lib/docker/containers/ID: the files the daemon writes for the container (written at
 * `written`, in seconds; now by default) and bind-mounts on /etc/hostname, /etc/hosts and
 * /etc/resolv.conf.
 */
async function networkFileMounts(
  daemon: DockerDaemon,
  host: OverlayFs,
  options: Omit<NetworkFileOptions, 'hostHosts' | 'hostResolvConf'>,
  written?: number,
): Promise<Mount[]> {
  const containerDir = await emptyFilesystem(() => Math.floor(daemon.now() / 1000));
  const files = networkFiles({
    ...options,
    ...(await hostText(host, '/etc/hosts', 'hostHosts')),
    ...(await hostText(host, '/etc/resolv.conf', 'hostResolvConf')),
  });
  const mounts: Mount[] = [];
  for (const [name, text] of [['hostname', files.hostname], ['hosts', files.hosts], ['resolv.conf', files.resolvConf]] as const) {
    await containerDir.writeFile(`/${name}`, utf8(text));
    if (written !== undefined) await containerDir.utimes(`/${name}`, written);
    mounts.push({ target: `/etc/${name}`, fs: containerDir, source: `/${name}`, readOnly: false });
  }
  return mounts;
}

/**
 * Give the containers restored from a saved session (the page reloaded) the mounts they had:
 * the daemon's network files written again from their config and HostConfig (dated at their
 * creation), runc's /proc, /dev and /sys, and the bind mounts, volumes and tmpfs inspect lists
 * (a tmpfs comes back empty, as after any restart). The engine restores a container without
 * them (it knows no /proc); the docker command calls this before any subcommand runs, so
 * `start`, `exec`, `cp` see what they saw before the reload. Concurrent calls share the work.
 */
export async function mountRestoredContainers(daemon: DockerDaemon, host: OverlayFs): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const container of daemon.containers.list()) {
    let mounting = restoreMounts.get(container);
    if (mounting === undefined && isAwaitingMounts(container)) {
      mounting = mountRestored(daemon, container, host);
      restoreMounts.set(container, mounting);
    }
    if (mounting !== undefined) waits.push(mounting);
  }
  await Promise.all(waits);
}

const restoreMounts = new WeakMap<Container, Promise<void>>();

async function mountRestored(daemon: DockerDaemon, container: Container, host: OverlayFs): Promise<void> {
  const hostConfig = container.hostConfig ?? {};
  const strings = (key: string): string[] => {
    const value = hostConfig[key];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  };
  const seconds = () => Math.floor(daemon.now() / 1000);
  const mounts: Mount[] = [
    ...(await networkFileMounts(
      daemon,
      host,
      {
        hostname: container.config.Hostname,
        domainname: typeof container.config.Domainname === 'string' ? container.config.Domainname : '',
        network: container.network ?? { mode: 'bridge', ipAddress: '', macAddress: '' },
        extraHosts: strings('ExtraHosts'),
        dns: strings('Dns'),
        dnsSearch: strings('DnsSearch'),
        dnsOptions: strings('DnsOptions'),
      },
      Math.floor(container.created / 1000),
    )),
    ...(await runtimeMounts(daemon, { id: container.id, tty: container.config.Tty })),
  ];
  const volumes = volumesOf(daemon);
  for (const m of container.mounts ?? []) {
    if (m.type === 'bind') {
      // `-v` makes a missing host directory again at start, as dockerd does for Binds.
      if (!host.exists(m.source)) await host.mkdir(m.source, { recursive: true, mode: 0o755 });
      mounts.push({ target: m.destination, fs: host, source: m.source, readOnly: m.readOnly });
    } else if (m.type === 'volume') {
      const volume = volumes.find(m.name ?? '') ?? (await volumes.create(m.name, { anonymous: m.anonymous === true })).volume;
      mounts.push({ target: m.destination, fs: volume.fs, source: '/', readOnly: m.readOnly });
    } else {
      mounts.push({ target: m.destination, fs: await emptyFilesystem(seconds), source: '/', readOnly: m.readOnly });
    }
  }
  setMountedRootfs(container, withMounts(container.rootfs, mounts, { readOnlyRoot: hostConfig.ReadonlyRootfs === true }));
}

/**
 * The filesystems runc mounts in every container (moby's oci.DefaultLinuxSpec): /proc, a tmpfs
 * on /dev with the devices, devpts on /dev/pts, mqueue on /dev/mqueue, a tmpfs on /dev/shm, and
 * /sys read-only. Their mount points are in the init layer (init-layer.ts); `docker inspect`
 * does not list them, as it lists only the user's mounts.
 */
async function runtimeMounts(daemon: DockerDaemon, request: Pick<MountRequest, 'id' | 'tty'>): Promise<Mount[]> {
  const { tty } = request;
  const container = () => daemon.containers.find(request.id);
  const proc = procFilesystem({
    processes: () => {
      const found = container();
      return typeof found === 'object' ? processesIn(found) : [];
    },
    environment: () => {
      const found = container();
      return typeof found === 'object' ? containerEnvironment(found) : {};
    },
    workingDir: () => {
      const found = container();
      return typeof found === 'object' ? found.config.WorkingDir || '/' : '/';
    },
    mounts: containerMountTable,
    containerId: request.id,
    now: () => daemon.now(),
    bootedAt: hostBootTime(daemon),
  });
  return [{ target: '/proc', fs: proc, source: '/', readOnly: false }, ...(await deviceMounts(daemon, tty))];
}

/** /dev and what runc mounts beneath it, and /sys. */
async function deviceMounts(daemon: DockerDaemon, tty: boolean): Promise<Mount[]> {
  const seconds = () => Math.floor(daemon.now() / 1000);
  return [
    { target: '/dev', fs: await devFilesystem({ now: seconds, tty }), source: '/', readOnly: false },
    { target: '/dev/pts', fs: devptsFilesystem(seconds, tty), source: '/', readOnly: false },
    { target: '/sys', fs: sysFilesystem(() => daemon.now()), source: '/', readOnly: true },
    { target: '/dev/mqueue', fs: mqueueFilesystem(seconds), source: '/', readOnly: false },
    { target: '/dev/shm', fs: await emptyTmpfs(seconds, 0o1777), source: '/', readOnly: false },
  ];
}

/**
 * What a build step's RUN gets: the same /proc, /dev and /sys (BuildKit runs it with runc too),
 * none of it in the step's layer (BuildKit removes the mount points it had to make).
 */
export async function buildStepMounts(daemon: DockerDaemon, step: { env: Record<string, string>; workingDir: string; id: string; argv: readonly string[]; user: ProcessUser }): Promise<Mount[]> {
  // The step's process is the container's first, PID 1.
  const process: ContainerProcess = {
    key: '',
    pid: 1,
    hostPid: nextHostPid(),
    user: step.user,
    signalListeners: new Set(),
    parentPid: 0,
    programStarted: true,
    execsNext: false,
    placement: { container: step, containerId: step.id, argv: step.argv, nextPid: () => 7 },
  };
  const proc = procFilesystem({
    processes: () => [process],
    environment: () => step.env,
    workingDir: () => step.workingDir,
    mounts: containerMountTable,
    containerId: step.id,
    now: () => daemon.now(),
    bootedAt: hostBootTime(daemon),
  });
  return [{ target: '/proc', fs: proc, source: '/', readOnly: false }, ...(await deviceMounts(daemon, false))];
}

/** When the host booted, as /proc/uptime counts: taken, per daemon, at its first container. */
const bootTimes = new WeakMap<DockerDaemon, number>();
function hostBootTime(daemon: DockerDaemon): number {
  let booted = bootTimes.get(daemon);
  if (booted === undefined) bootTimes.set(daemon, (booted = daemon.now()));
  return booted;
}

/** The daemon makes the mount point in the container's layer when the image lacks it. */
async function mountPoint(root: OverlayFs, target: string, directory: boolean): Promise<void> {
  if (root.exists(target)) return;
  const parent = target.slice(0, target.lastIndexOf('/')) || '/';
  await root.mkdir(parent, { recursive: true, mode: 0o755 });
  if (directory) await root.mkdir(target, { mode: 0o755 });
  else await root.writeFile(target, new Uint8Array(0), { mode: 0o755 });
}

async function hostText<K extends string>(host: OverlayFs, path: string, key: K): Promise<Partial<Record<K, string>>> {
  if (host.statIfExists(path)?.type !== 'file') return {};
  return { [key]: new TextDecoder().decode(await host.readFile(path)) } as Partial<Record<K, string>>;
}

/** `--rm` and `docker rm -v`: the container's anonymous volumes go with it (unless another container uses one). */
export function removeAnonymousVolumes(daemon: DockerDaemon, container: Container): void {
  const volumes = volumesOf(daemon);
  for (const mount of container.mounts ?? []) {
    if (!mount.anonymous || mount.name === undefined) continue;
    const usedElsewhere = daemon.containers.list().some((c) => c !== container && c.mounts?.some((m) => m.name === mount.name));
    if (!usedElsewhere) volumes.delete(mount.name);
  }
}

/** The containers that mount volume `name`. */
export function containersUsingVolume(daemon: DockerDaemon, name: string): Container[] {
  return daemon.containers.list().filter((c) => c.mounts?.some((m) => m.type === 'volume' && m.name === name));
}
