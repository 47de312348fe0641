/**
 * The daemon's containers: records of what `docker create`/`run` made (config, state, log, the
 * writable layer), and the lookups and texts moby words around them. Running a container's
 * processes is the shell's job (src/shell/container/runtime.ts); this store only keeps score.
 */
import type { ContainerConfig } from '../image/types.ts';
import type { OverlayFs } from '../overlay/overlay-fs.ts';
import { encodeUtf8, platform } from '../platform.ts';
import { generatedName } from './containers-names.ts';
import { DaemonError } from './registry.ts';
import type { ContainerUsage } from './image-store.ts';
import type { ContainerNetwork } from './containers-network.ts';
import type { LivePorts, PortMap } from './containers-ports.ts';

export type ContainerStatus = 'created' | 'running' | 'exited';

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  /** Clock readings in ms; 0 for never (Go's zero time in inspect). */
  startedAt: number;
  finishedAt: number;
  /** Set by `docker kill`/OOM etc.; kept for inspect. */
  error: string;
}

export interface LogEntry {
  stream: 'stdout' | 'stderr';
  bytes: Uint8Array;
  /** ms */
  time: number;
}

export interface Container {
  readonly id: string;
  /** Without the leading slash. */
  name: string;
  readonly imageId: string;
  /** The image as it was named to `docker run` (what `docker ps` shows). */
  readonly imageName: string;
  readonly created: number;
  /** The main process: Path and Args as inspect shows them. */
  readonly path: string;
  readonly args: readonly string[];
  readonly config: ContainerConfig & { Hostname: string; Image: string; Env: string[]; Tty: boolean; OpenStdin: boolean };
  readonly autoRemove: boolean;
  readonly state: ContainerState;
  readonly log: LogEntry[];
  /** The merged filesystem, with the container's own (upper) layer. */
  readonly rootfs: OverlayFs;
  restartCount: number;
  /** What `docker run`'s flags asked of the host (absent for containers from before they were kept). */
  hostConfig?: Record<string, unknown>;
  network?: ContainerNetwork;
  /** Ports to publish when the container starts: HostConfig.PortBindings, the exposed ports, `-P`. */
  publish?: { bindings: PortMap; exposed: readonly string[]; all: boolean };
  /** The host ports it holds while running (NetworkSettings.Ports). */
  livePorts?: LivePorts;
  /** Its mounts, as `docker inspect` lists them. */
  mounts?: readonly ContainerMount[];
}

/** One entry of inspect's `Mounts` (moby's types.MountPoint). */
export interface ContainerMount {
  readonly type: 'bind' | 'volume' | 'tmpfs';
  /** The volume's name (volumes only). */
  readonly name?: string;
  readonly source: string;
  readonly destination: string;
  readonly mode: string;
  readonly readOnly: boolean;
  /** An anonymous volume, removed with the container by `--rm` / `docker rm -v`. */
  readonly anonymous?: boolean;
}

export interface NewContainer {
  name?: string;
  imageId: string;
  imageName: string;
  path: string;
  args: readonly string[];
  config: Container['config'];
  autoRemove: boolean;
  /** Makes the root filesystem once the ID (the hostname) is known. */
  rootfs: (id: string) => Promise<OverlayFs>;
}

/** 64 hex digits from the platform's random source. */
export function randomContainerId(): string {
  const bytes = new Uint8Array(32);
  if (platform.crypto?.getRandomValues) platform.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** moby's validContainerNamePattern. */
const VALID_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export class ContainerStore implements ContainerUsage {
  private readonly byId = new Map<string, Container>();

  constructor(
    private readonly now: () => number,
    private readonly newId: () => string = randomContainerId,
  ) {}

  async create(spec: NewContainer): Promise<Container> {
    let name = spec.name;
    if (name !== undefined) {
      if (!VALID_NAME.test(name)) throw new DaemonError(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`, 'invalid');
      name = name.replace(/^\//, '');
      const holder = this.byName(name);
      if (holder) {
        throw new DaemonError(
          `Conflict. The container name "/${name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
          'conflict',
        );
      }
    }
    let id = this.newId();
    while (this.byId.has(id) || /^\d+$/.test(id.slice(0, 12))) id = this.newId();
    if (name === undefined) {
      name = generatedName(id);
      for (let retry = 1; this.byName(name); retry++) name = generatedName(id, retry);
    }
    const config = { ...spec.config, Hostname: spec.config.Hostname || id.slice(0, 12) };
    const container: Container = {
      id,
      name,
      imageId: spec.imageId,
      imageName: spec.imageName,
      created: this.now(),
      path: spec.path,
      args: [...spec.args],
      config,
      autoRemove: spec.autoRemove,
      state: { status: 'created', pid: 0, exitCode: 0, startedAt: 0, finishedAt: 0, error: '' },
      log: [],
      rootfs: await spec.rootfs(id),
      restartCount: 0,
    };
    this.byId.set(id, container);
    return container;
  }

  /** moby's GetContainer: full ID, name (with or without `/`), or a unique ID prefix. */
  get(nameOrId: string): Container {
    const found = this.find(nameOrId);
    if (found === 'ambiguous') throw new DaemonError(`Multiple IDs found with provided prefix: ${nameOrId}`, 'invalid');
    if (!found) throw new DaemonError(`No such container: ${nameOrId}`, 'not-found');
    return found;
  }

  find(nameOrId: string): Container | undefined | 'ambiguous' {
    if (nameOrId === '') return undefined;
    const exact = this.byId.get(nameOrId) ?? this.byName(nameOrId.replace(/^\//, ''));
    if (exact) return exact;
    if (!/^[a-f0-9]+$/.test(nameOrId)) return undefined;
    const matches = [...this.byId.values()].filter((c) => c.id.startsWith(nameOrId));
    return matches.length > 1 ? 'ambiguous' : matches[0];
  }

  /** Newest first, as `docker ps` lists them. */
  list(): Container[] {
    return [...this.byId.values()].reverse();
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  /**
   * Put back a container a snapshot kept (the page reloaded), ID and name as they were.
   * Call oldest first: the store lists in creation order, as `docker ps` expects.
   */
  restore(container: Container): void {
    if (this.byId.has(container.id) || this.byName(container.name)) {
      throw new DaemonError(`container ${container.id} (/${container.name}) exists already`, 'conflict');
    }
    this.byId.set(container.id, container);
  }

  containersUsing(imageId: string): readonly { id: string; running: boolean }[] {
    return this.list()
      .filter((c) => c.imageId === imageId)
      .map((c) => ({ id: c.id, running: c.state.status === 'running' }));
  }

  private byName(name: string): Container | undefined {
    for (const c of this.byId.values()) if (c.name === name) return c;
    return undefined;
  }
}

/** `docker ps`'s STATUS column (moby's container.State.String for these states). */
export function statusText(state: ContainerState, now: number, humanDuration: (ms: number) => string): string {
  if (state.status === 'running') return `Up ${humanDuration(now - state.startedAt)}`;
  if (state.status === 'created') return 'Created';
  if (state.finishedAt === 0) return '';
  return `Exited (${state.exitCode}) ${humanDuration(now - state.finishedAt)} ago`;
}

/**
 * moby's SizeRw: the bytes of the container's writable layer, as overlay2 measures its diff
 * directory (directory.Size): every non-directory entry's size, copied-up files in full,
 * symlinks the length of their target, whiteouts nothing.
 */
export function writableLayerSize(container: Pick<Container, 'rootfs'>): number {
  let size = 0;
  for (const change of container.rootfs.upperChanges()) {
    if (change.kind === 'D') continue;
    const stat = container.rootfs.lstat(change.path);
    if (stat.type === 'file') size += stat.size;
    else if (stat.type === 'symlink') size += encodeUtf8(stat.linkname).length;
  }
  return size;
}
