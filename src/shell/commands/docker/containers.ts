/**
 * The container commands of docker/cli (run, create, start, ps, logs, stop, kill, restart, rm,
 * exec, diff, commit, export, `container …`) over the daemon's container store, with processes
 * run by the shell's container runtime. Output and errors as Docker 27 words them.
 */
import type { CommandContext, ExecResult } from 'just-bash';
import type { Container } from '../../../engine/docker/containers.ts';
import { statusText, writableLayerSize } from '../../../engine/docker/containers.ts';
import { commitContainer } from '../../../engine/docker/containers-commit.ts';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { goContainerConfig, goTimeOfMs } from '../../../engine/docker/go-json.ts';
import { DaemonError } from '../../../engine/docker/registry.ts';
import { humanDuration } from '../../../engine/docker/units.ts';
import { tarSource, type TarWriteEntry } from '../../../engine/tar/write-tar.ts';
import type { ByteSource } from '../../../engine/io/byte-source.ts';
import { bytesResult, liveStreamsOf, overlayOf, pipeDemandOf, sessionOf, shellFsOf, stderrJoinsStdout, stdoutIsTerminal, type PipeDemand } from '../../command-context.ts';
import { unmounted } from '../../../engine/overlay/mounts.ts';
import { isIdle, watchLoopOutput } from '../../loop-yield.ts';
import { REFUSE_TERMINAL } from './archive.ts';
import { CP, dockerCp } from './container-cp.ts';
import { resolveUser } from '../shared/accounts.ts';
import { runtimeOf, type ContainerRuntime } from '../../container/runtime.ts';
import { PROCESS_ENV, registerProcess, unregisterProcess, type ProcessUser } from '../../container/process.ts';
import { errorResult, fail, flagBool, flagList, flagString, LIST_FORMAT_FLAG, ok, parseDockerFlags, type CommandSpec, type FlagSpec, type ParsedDockerFlags } from './cli.ts';
import { filterArgs, pruneFilter, timestampOf, validateFilters } from './filters.ts';
import { dockerPs, imageBytes } from './ps.ts';
import { releaseOf } from './release-setting.ts';
import { containerTop } from './top.ts';
import type { DockerCommandEntry } from './index.ts';
import { dockerContainerInspect, type InspectTarget } from './inspect.ts';
import { goAny } from './go-template.ts';
import { mapOf, goString } from './go-template.ts';
import { concatBytes } from '../../bytes.ts';
import { checkFlagValues, CREATE_FLAGS, parseRunFlags, restartPolicyError, RUN_FLAGS, RunFlagError, type RunFlags } from './run-flags.ts';
import { createContainerMounts, removeAnonymousVolumes } from '../../container/container-mounts.ts';
import { bindPorts, displayablePorts, joinHostPort, naturalLess } from '../../../engine/docker/containers-ports.ts';
import { bridgeAddress, checkNetworkMode, type ContainerNetwork } from '../../../engine/docker/containers-network.ts';
import { randomContainerId } from '../../../engine/docker/containers.ts';
import { Sha256 } from '../../../engine/hash/sha256.ts';


const spec = (path: string, use: string, short: string, flags: FlagSpec[], min: number, max: number): CommandSpec => ({ path, use, short, flags, args: { min, max } });

const RUN: CommandSpec = { ...spec('docker run', 'run [OPTIONS] IMAGE [COMMAND] [ARG...]', 'Create and run a new container from an image', RUN_FLAGS, 1, Infinity), aliases: 'docker container run, docker run' };
const CREATE: CommandSpec = { ...spec('docker create', 'create [OPTIONS] IMAGE [COMMAND] [ARG...]', 'Create a new container', CREATE_FLAGS, 1, Infinity), aliases: 'docker container create, docker create' };
// The other commands' flags as docker/cli v27.5.1 declares them (cli/command/container/*.go);
// `experimental` ones (start --checkpoint) stay hidden, as against a daemon without experimental.
const withAliases = (s: CommandSpec, aliases: string): CommandSpec => ({ ...s, aliases });
const PORT = withAliases(spec('docker port', 'port CONTAINER [PRIVATE_PORT[/PROTO]]', 'List port mappings or a specific mapping for the container', [], 1, 2), 'docker container port, docker port');
const START = withAliases(spec('docker start', 'start [OPTIONS] CONTAINER [CONTAINER...]', 'Start one or more stopped containers', [
  { long: 'attach', short: 'a', kind: 'bool', help: 'Attach STDOUT/STDERR and forward signals' },
  { long: 'checkpoint', kind: 'string', help: 'Restore from this checkpoint', hidden: true },
  { long: 'checkpoint-dir', kind: 'string', help: 'Use a custom checkpoint storage directory', hidden: true },
  { long: 'detach-keys', kind: 'string', help: 'Override the key sequence for detaching a container' },
  { long: 'interactive', short: 'i', kind: 'bool', help: "Attach container's STDIN" },
], 1, Infinity), 'docker container start, docker start');
const PS = withAliases(spec('docker ps', 'ps [OPTIONS]', 'List containers', [
  { long: 'all', short: 'a', kind: 'bool', help: 'Show all containers (default shows just running)' },
  { long: 'filter', short: 'f', kind: 'list', value: 'filter', help: 'Filter output based on conditions provided' },
  LIST_FORMAT_FLAG,
  { long: 'last', short: 'n', kind: 'string', value: 'int', help: 'Show n last created containers (includes all states)', default: '-1' },
  { long: 'latest', short: 'l', kind: 'bool', help: 'Show the latest created container (includes all states)' },
  { long: 'no-trunc', kind: 'bool', help: "Don't truncate output" },
  { long: 'quiet', short: 'q', kind: 'bool', help: 'Only display container IDs' },
  { long: 'size', short: 's', kind: 'bool', help: 'Display total file sizes' },
], 0, 0), 'docker container ls, docker container list, docker container ps, docker ps');
const CONTAINER_LS: CommandSpec = { ...PS, path: 'docker container ls', use: 'container ls [OPTIONS]' };
const LOGS = withAliases(spec('docker logs', 'logs [OPTIONS] CONTAINER', 'Fetch the logs of a container', [
  { long: 'details', kind: 'bool', help: 'Show extra details provided to logs' },
  { long: 'follow', short: 'f', kind: 'bool', help: 'Follow log output' },
  { long: 'since', kind: 'string', help: 'Show logs since timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
  { long: 'tail', short: 'n', kind: 'string', help: 'Number of lines to show from the end of the logs', default: '"all"' },
  { long: 'timestamps', short: 't', kind: 'bool', help: 'Show timestamps' },
  { long: 'until', kind: 'string', help: 'Show logs before a timestamp (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)' },
], 1, 1), 'docker container logs, docker logs');
const STOP_FLAGS: FlagSpec[] = [
  { long: 'signal', short: 's', kind: 'string', help: 'Signal to send to the container' },
  { long: 'time', short: 't', kind: 'string', value: 'int', help: 'Seconds to wait before killing the container' },
];
const STOP = withAliases(spec('docker stop', 'stop [OPTIONS] CONTAINER [CONTAINER...]', 'Stop one or more running containers', STOP_FLAGS, 1, Infinity), 'docker container stop, docker stop');
const RESTART = withAliases(spec('docker restart', 'restart [OPTIONS] CONTAINER [CONTAINER...]', 'Restart one or more containers', STOP_FLAGS, 1, Infinity), 'docker container restart, docker restart');
const KILL = withAliases(spec('docker kill', 'kill [OPTIONS] CONTAINER [CONTAINER...]', 'Kill one or more running containers', [
  { long: 'signal', short: 's', kind: 'string', help: 'Signal to send to the container' },
], 1, Infinity), 'docker container kill, docker kill');
const RM = withAliases(spec('docker rm', 'rm [OPTIONS] CONTAINER [CONTAINER...]', 'Remove one or more containers', [
  { long: 'force', short: 'f', kind: 'bool', help: 'Force the removal of a running container (uses SIGKILL)' },
  { long: 'link', short: 'l', kind: 'bool', help: 'Remove the specified link' },
  { long: 'volumes', short: 'v', kind: 'bool', help: 'Remove anonymous volumes associated with the container' },
], 1, Infinity), 'docker container rm, docker container remove, docker rm');
const EXEC = withAliases(spec('docker exec', 'exec [OPTIONS] CONTAINER COMMAND [ARG...]', 'Execute a command in a running container', [
  { long: 'detach', short: 'd', kind: 'bool', help: 'Detached mode: run command in the background' },
  { long: 'detach-keys', kind: 'string', help: 'Override the key sequence for detaching a container' },
  { long: 'env', short: 'e', kind: 'list', value: 'list', help: 'Set environment variables' },
  { long: 'env-file', kind: 'list', value: 'list', help: 'Read in a file of environment variables' },
  { long: 'interactive', short: 'i', kind: 'bool', help: 'Keep STDIN open even if not attached' },
  { long: 'privileged', kind: 'bool', help: 'Give extended privileges to the command' },
  { long: 'tty', short: 't', kind: 'bool', help: 'Allocate a pseudo-TTY' },
  { long: 'user', short: 'u', kind: 'string', help: 'Username or UID (format: "<name|uid>[:<group|gid>]")' },
  { long: 'workdir', short: 'w', kind: 'string', help: 'Working directory inside the container' },
], 2, Infinity), 'docker container exec, docker exec');
const TOP = withAliases(spec('docker top', 'top CONTAINER [ps OPTIONS]', 'Display the running processes of a container', [], 1, Infinity), 'docker container top, docker top');
const DIFF = withAliases(spec('docker diff', 'diff CONTAINER', "Inspect changes to files or directories on a container's filesystem", [], 1, 1), 'docker container diff, docker diff');
const COMMIT = withAliases(spec('docker commit', 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]', "Create a new image from a container's changes", [
  { long: 'author', short: 'a', kind: 'string', help: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
  { long: 'change', short: 'c', kind: 'list', value: 'list', help: 'Apply Dockerfile instruction to the created image' },
  { long: 'message', short: 'm', kind: 'string', help: 'Commit message' },
  { long: 'pause', short: 'p', kind: 'bool', help: 'Pause container during commit', default: 'true' },
], 1, 2), 'docker container commit, docker commit');
const EXPORT = withAliases(spec('docker export', 'export [OPTIONS] CONTAINER', "Export a container's filesystem as a tar archive", [
  { long: 'output', short: 'o', kind: 'string', help: 'Write to a file, instead of STDOUT' },
], 1, 1), 'docker container export, docker export');
const PRUNE = spec('docker container prune', 'container prune [OPTIONS]', 'Remove all stopped containers', [
  { long: 'filter', kind: 'list', value: 'filter', help: 'Provide filter values (e.g. "until=<timestamp>")' },
  { long: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
], 0, 0);
const SIGNALS: Record<string, 'SIGTERM' | 'SIGINT' | 'SIGQUIT' | 'SIGKILL'> = {
  TERM: 'SIGTERM', SIGTERM: 'SIGTERM', '15': 'SIGTERM', INT: 'SIGINT', SIGINT: 'SIGINT', '2': 'SIGINT',
  QUIT: 'SIGQUIT', SIGQUIT: 'SIGQUIT', '3': 'SIGQUIT', KILL: 'SIGKILL', SIGKILL: 'SIGKILL', '9': 'SIGKILL',
};

class Containers {
  readonly runtime: ContainerRuntime;
  constructor(readonly daemon: DockerDaemon) {
    this.runtime = runtimeOf(daemon);
  }

  // ---- create / run -------------------------------------------------------------------------

  private async create(s: CommandSpec, args: readonly string[], ctx: CommandContext, stderr: string[]): Promise<{ container: Container; parsed: ReturnType<typeof parseRun> & object } | ExecResult> {
    // Flags end at the image: what follows is the container's command.
    const split = splitAtImage(args, s);
    const parsed = parseDockerFlags(s, split.options.concat(split.rest.length > 0 ? ['--', ...split.rest] : []));
    if ('exitCode' in parsed) return parsed;
    const valueError = checkFlagValues(parsed, s.flags);
    if (valueError) return fail(`${valueError}\nSee '${s.path} --help'.\n`, 125);
    // The CLI reads its flags before it asks the daemon for anything (the image included).
    let flags: RunFlags;
    try {
      flags = await parseRunFlags(parsed, { env: (key) => ctx.env.get(key), readFile: (path) => ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, path)) });
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      // A flag's own value check reads as pflag words it; the rest as the CLI reports errors.
      if (err instanceof RunFlagError && err.message.startsWith('invalid argument "')) return fail(`${err.message}\nSee '${s.path} --help'.\n`, 125);
      return fail(`docker: ${err.message.replace(/\.?$/, '.')}\nSee '${s.path} --help'.\n`, 125);
    }
    const [imageName, ...command] = parsed.positional as [string, ...string[]];
    let stored;
    try {
      stored = this.daemon.getImage(imageName);
    } catch {
      const ref = imageName.includes(':') || imageName.includes('@') ? imageName : `${imageName}:latest`;
      stderr.push(`Unable to find image '${ref}' locally\n`);
      try {
        const lines: string[] = [];
        await this.daemon.pull(imageName, (line) => lines.push(line));
        if (!flagBool(parsed, 'quiet')) stderr.push(...lines.filter((l) => !l.startsWith('Using default tag')).map((l) => `${l}\n`));
        stored = this.daemon.getImage(imageName);
      } catch (err) {
        return runError(s, err, stderr);
      }
      // The pull's lines (stderr) reach the terminal before the container's ID or output, as
      // with the real CLI: just-bash would hand a command's stdout over before its stderr.
      const host = sessionOf(ctx);
      if (host && liveStreamsOf(ctx).stderr) host.terminal.stderr(new TextEncoder().encode(stderr.splice(0).join('')));
    }
    const image = stored.image.configFile.config ?? {};
    const entrypointFlag = flagString(parsed, 'entrypoint');
    const entrypoint = entrypointFlag !== undefined ? (entrypointFlag === '' ? [] : [entrypointFlag]) : (image.Entrypoint ?? []);
    // A new entrypoint drops the image's CMD (moby's merge), unless a command is given.
    const cmd = command.length > 0 ? command : entrypointFlag !== undefined ? [] : (image.Cmd ?? []);
    const argv = [...entrypoint, ...cmd];
    if (argv.length === 0) return runError(s, new DaemonError('no command specified'), stderr);
    const env = [...(image.Env ?? [])];
    for (const e of flags.env) {
      const key = e.split('=')[0]!;
      const kept = env.filter((x) => x.split('=')[0] !== key);
      env.length = 0;
      env.push(...kept);
      // A bare KEY the client's environment does not have unsets it.
      if (e.includes('=')) env.push(e);
    }
    const interactive = flagBool(parsed, 'interactive');
    const name = flagString(parsed, 'name');
    const exposed = [...Object.keys(image.ExposedPorts ?? {}), ...flags.exposed.filter((p) => !(p in (image.ExposedPorts ?? {})))];
    const anonymousTargets = flags.mounts.filter((m) => m.type === 'volume' && m.source === '').map((m) => m.target);
    const volumes = { ...(image.Volumes ?? {}), ...Object.fromEntries(anonymousTargets.map((t) => [t, {}])) };
    try {
      const policyError = restartPolicyError(flags.restart);
      if (policyError) throw new DaemonError(policyError, 'invalid');
      checkNetworkMode(flags.network);
      const network: ContainerNetwork =
        flags.network === 'bridge'
          ? { mode: 'bridge', ...bridgeAddress(this.daemon.containers.list().flatMap((c) => (c.network?.ipAddress && c.state.status !== 'exited' ? [c.network.ipAddress] : []))) }
          : { mode: flags.network, ipAddress: '', macAddress: '' };
      // On the host's network a container has the host's name.
      const hostname = flags.hostname || (network.mode === 'host' ? await hostName(ctx) : '');
      let mounts: Container['mounts'] = [];
      const container = await this.daemon.containers.create({
        ...(name !== undefined ? { name } : {}),
        imageId: stored.id,
        imageName,
        path: argv[0]!,
        args: argv.slice(1),
        autoRemove: flagBool(parsed, 'rm'),
        config: {
          Hostname: hostname,
          Domainname: flags.domainname,
          User: flagString(parsed, 'user') ?? image.User ?? '',
          AttachStdin: interactive,
          AttachStdout: !flagBool(parsed, 'detach'),
          AttachStderr: !flagBool(parsed, 'detach'),
          ...(exposed.length > 0 ? { ExposedPorts: Object.fromEntries(exposed.map((p) => [p, {}])) } : {}),
          Tty: flagBool(parsed, 'tty'),
          OpenStdin: interactive,
          StdinOnce: interactive && !flagBool(parsed, 'detach'),
          Env: env,
          Cmd: cmd,
          Image: imageName,
          Volumes: Object.keys(volumes).length > 0 ? volumes : null,
          WorkingDir: flagString(parsed, 'workdir') ?? image.WorkingDir ?? '',
          Entrypoint: entrypoint.length > 0 ? entrypoint : null,
          OnBuild: null,
          Labels: { ...(image.Labels ?? {}), ...flags.labels },
          ...(flagString(parsed, 'stop-signal') ?? image.StopSignal ? { StopSignal: flagString(parsed, 'stop-signal') ?? image.StopSignal } : {}),
          ...(flags.stopTimeout !== undefined ? { StopTimeout: flags.stopTimeout } : {}),
        },
        rootfs: async (id) => {
          const made = await createContainerMounts(this.daemon, await this.runtime.newRootfs(stored.id, id), {
            id,
            hostname: hostname || id.slice(0, 12),
            flags,
            tty: flagBool(parsed, 'tty'),
            network,
            imageVolumes: Object.keys(image.Volumes ?? {}),
            host: overlayOf(ctx),
            cwd: ctx.cwd,
          });
          mounts = made.mounts;
          return made.rootfs;
        },
      });
      container.hostConfig = { ...flags.hostConfig, AutoRemove: flagBool(parsed, 'rm') };
      container.network = network;
      container.publish = { bindings: flags.ports, exposed, all: flags.publishAll };
      container.mounts = mounts;
      return { container, parsed: parseRun(parsed) };
    } catch (err) {
      return runError(s, err, stderr);
    }
  }

  async run(args: readonly string[], ctx: CommandContext, path = 'docker run'): Promise<ExecResult> {
    const stderr: string[] = [];
    const made = await this.create({ ...RUN, path }, args, ctx, stderr);
    if ('exitCode' in made) return made;
    const { container, parsed } = made;
    const started = await this.startMain(container, ctx, parsed.interactive && !parsed.detach, stderr);
    if ('exitCode' in started) return started;
    if (parsed.detach) {
      await this.startupDone(container, started.settled);
      return { stdout: `${container.id}\n`, stderr: stderr.join(''), exitCode: 0 };
    }
    return this.attachUntilExit(container, started.ended, ctx, stderr, parsed.interactive);
  }

  /**
   * Let a detached process get going (print its startup lines, start serving) before the prompt
   * returns: until it settles (holds, as a server does, or ends) or only waits on a timer
   * (`sleep 3600`), at most 5 s (`docker run -d busybox sh -c 'while :; do :; done'`). Its
   * entrypoint's loops yield to the event loop now and then (loop-yield.ts), so a fixed short
   * wait would return in the middle of its setup.
   */
  private async startupDone(container: Container, settled: Promise<void>): Promise<void> {
    const fs = (await this.runtime.machineFor(container)).fs;
    const deadline = Date.now() + 5000;
    let done = false;
    void settled.then(() => (done = true));
    while (!done && !isIdle(fs) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  private async startMain(container: Container, ctx: CommandContext, interactive: boolean, stderr: string[]): Promise<{ ended: Promise<number>; settled: Promise<void> } | ExecResult> {
    const machine = await this.runtime.machineFor(container);
    const user = await resolveUser({ fs: machine.fs }, container.config.User ?? '');
    if (typeof user === 'string') return this.startFailed(container, `unable to find user ${container.config.User}: no matching entries in passwd file`, 126, stderr);
    const missing = findExecutable(machine.overlay, container.path, this.runtime.environment(container).PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', container.config.WorkingDir || '/');
    if (missing) return this.startFailed(container, missing.message, missing.exitCode, stderr);
    if (container.publish) {
      const holders = this.daemon.containers.list().filter((c) => c !== container && this.runtime.isRunning(c) && c.livePorts).map((c) => ({ name: c.name, ports: c.livePorts! }));
      try {
        container.livePorts = bindPorts(container.publish.exposed, container.publish.bindings, container.publish.all, holders, { name: container.name, id: randomContainerId() });
      } catch (err) {
        if (container.autoRemove) this.remove(container);
        return fail(`${stderr.join('')}docker: ${errorResult(err).stderr.trimEnd()}.\n`, 125);
      }
    }
    const host = sessionOf(ctx);
    return this.runtime.start(container, user, interactive && host?.terminal.readLine ? { terminal: host.terminal, host } : {});
  }

  private startFailed(container: Container, message: string, exitCode: number, stderr: string[]): ExecResult {
    container.state.status = 'created';
    container.state.exitCode = exitCode;
    container.state.error = message;
    if (container.autoRemove) this.remove(container);
    return fail(`${stderr.join('')}docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${message}: unknown.\n`, exitCode);
  }

  /** The attached client: the process's output (live on the terminal for a long-running one), then its status. */
  private async attachUntilExit(container: Container, ended: Promise<number>, ctx: CommandContext, stderr: string[], interactive: boolean): Promise<ExecResult> {
    const host = sessionOf(ctx);
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    // An interactive shell's output is the terminal's as it is typed. A long-running program's
    // goes live to the shell's output — the streams that are the shell's (`docker run redis |
    // tail` hands its stdout to tail when it ends, as does `x=$(docker run …)`).
    let live = interactive;
    const streams = interactive ? { stdout: true, stderr: true } : liveStreamsOf(ctx);
    const detach = this.runtime.attach(container, {
      stdout: (b) => (live && host && streams.stdout ? host.terminal.stdout(b) : out.push(b.slice())),
      stderr: (b) => (live && host && streams.stderr ? host.terminal.stderr(b) : err.push(b.slice())),
    });
    // Output so far (the process may already have printed and be holding).
    const pending = container.log.map((e) => e.bytes);
    void pending;
    // A reader that closes the pipe early (`| head -2`): once it has its share, the client dies of
    // SIGPIPE and the container is stopped (see programs/pipe-demand.ts).
    const demand = pipeDemandOf(ctx);
    let closedPipe: Uint8Array | undefined;
    const unwatch = demand && !interactive ? watchLoopOutput((await this.runtime.machineFor(container)).fs, (loopStdout) => {
      const written = concatBytes([...container.log.filter((e) => e.stream === 'stdout').map((e) => e.bytes), new TextEncoder().encode(loopStdout)]);
      if (!demandMet(written, demand)) return false;
      closedPipe = written;
      this.runtime.signal(container, 'SIGKILL');
      return true;
    }) : () => {};
    let exitCode: number;
    const settled = await Promise.race([ended, nextTurn().then(() => 'running' as const)]);
    if (settled === 'running' && host && !interactive) {
      // A long-running program in the foreground: output goes straight to the terminal, Ctrl+C stops it.
      live = true;
      if (stderr.length && streams.stderr) host.terminal.stderr(new TextEncoder().encode(stderr.splice(0).join('')));
      out.length = 0;
      err.length = 0;
      for (const entry of container.log) {
        if (streams[entry.stream]) host.terminal[entry.stream](entry.bytes);
        else (entry.stream === 'stdout' ? out : err).push(entry.bytes);
      }
      const off = host.onInterrupt(() => this.runtime.signal(container, 'SIGINT'));
      try {
        exitCode = await ended;
      } finally {
        off();
      }
    } else {
      exitCode = settled === 'running' ? await ended : settled;
      out.length = 0;
      err.length = 0;
      if (!interactive) for (const entry of container.log) (entry.stream === 'stdout' ? out : err).push(entry.bytes);
    }
    detach();
    unwatch();
    if (container.autoRemove) this.remove(container);
    if (stderrJoinsStdout(ctx) && !interactive) {
      // `2>&1` into a pipe or a file: one stream, in the order it was written (the pull's lines first).
      const written = closedPipe ? [closedPipe] : container.log.map((e) => e.bytes);
      return bytesResult(concatBytes([new TextEncoder().encode(stderr.join('')), ...written]), '', closedPipe ? SIGPIPE_STATUS : exitCode);
    }
    if (closedPipe) return bytesResult(closedPipe, stderr.join(''), SIGPIPE_STATUS);
    const bytes = concatBytes(out);
    return bytesResult(bytes, stderr.join('') + new TextDecoder().decode(concatBytes(err)), exitCode);
  }

  async createCommand(args: readonly string[], ctx: CommandContext, path = 'docker create'): Promise<ExecResult> {
    const stderr: string[] = [];
    const made = await this.create({ ...CREATE, path }, args, ctx, stderr);
    if ('exitCode' in made) return made;
    return { stdout: `${made.container.id}\n`, stderr: stderr.join(''), exitCode: 0 };
  }

  async start(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
    const parsed = parseDockerFlags(START, args);
    if ('exitCode' in parsed) return parsed;
    let stdout = '';
    const errors: string[] = [];
    for (const name of parsed.positional) {
      try {
        const container = this.daemon.containers.get(name);
        if (this.runtime.isRunning(container)) {
          stdout += `${name}\n`;
          continue;
        }
        const started = await this.startMain(container, ctx, flagBool(parsed, 'interactive'), []);
        if ('exitCode' in started) {
          errors.push(started.stderr.replace(/^docker: /, '').trimEnd());
          continue;
        }
        if (flagBool(parsed, 'attach') || flagBool(parsed, 'interactive')) return this.attachUntilExit(container, started.ended, ctx, [], flagBool(parsed, 'interactive'));
        stdout += `${name}\n`;
      } catch (err) {
        errors.push(errorResult(err).stderr.trimEnd());
      }
    }
    if (errors.length > 0) return fail(`${errors.join('\n')}\nError: failed to start containers: ${parsed.positional.join(', ')}\n`, 1, stdout);
    return ok(stdout);
  }

  /** The container the first operand names, or the daemon's error for it as the CLI prints it. */
  private namedContainer(parsed: ParsedDockerFlags): Container | ExecResult {
    try {
      return this.daemon.containers.get(parsed.positional[0]!);
    } catch (err) {
      return errorResult(err);
    }
  }

  // ---- listing and logs ---------------------------------------------------------------------

  ps(args: readonly string[], ctx: CommandContext, spec: CommandSpec = PS): ExecResult {
    const view = { isRunning: (c: Container) => this.runtime.isRunning(c), networkId: (mode: string) => hexOf(`network ${mode}`) };
    return dockerPs(this.daemon, view, spec, args, releaseOf(this.daemon, ctx.env).tableMinWidth);
  }

  async logs(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
    const parsed = parseDockerFlags(LOGS, args);
    if ('exitCode' in parsed) return parsed;
    const container = this.namedContainer(parsed);
    if ('exitCode' in container) return container;
    // The client turns --since/--until into timestamps before it asks (client/container_logs.go).
    const now = this.daemon.now();
    const bound = (name: 'since' | 'until'): number | string | undefined => {
      const value = flagString(parsed, name);
      if (value === undefined || value === '') return undefined;
      try {
        return timestampOf(value, now);
      } catch (err) {
        return `invalid value for "${name}": ${(err as Error).message}\n`;
      }
    };
    const since = bound('since');
    const until = bound('until');
    if (typeof since === 'string') return fail(since);
    if (typeof until === 'string') return fail(until);
    // moby reads a tail that is not a number as "all".
    const tailText = flagString(parsed, 'tail') ?? 'all';
    const tail = /^[-+]?\d+$/.test(tailText) ? Number(tailText) : -1;
    const lines: { stream: 'stdout' | 'stderr'; text: string; time: number }[] = [];
    for (const entry of container.log) {
      const text = new TextDecoder().decode(entry.bytes);
      for (const line of text.split(/(?<=\n)/)) if (line !== '') lines.push({ stream: entry.stream, text: line, time: entry.time });
    }
    // The tail is taken first, then the time window (the json-file reader's order).
    const shown = (tail < 0 ? lines : lines.slice(Math.max(0, lines.length - tail))).filter((l) => (since === undefined || l.time >= since) && (until === undefined || l.time <= until));
    // --details puts the log's attributes (none here) and a space before each line; timestamps go first.
    const details = flagBool(parsed, 'details') ? ' ' : '';
    const stamp = (text: string, time: number) => (flagBool(parsed, 'timestamps') ? `${new Date(time).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')} ${details}${text}` : `${details}${text}`);
    let stdout = '';
    let stderr = '';
    for (const line of shown) {
      if (line.stream === 'stdout') stdout += stamp(line.text, line.time);
      else stderr += stamp(line.text, line.time);
    }
    if (!flagBool(parsed, 'follow') || !this.runtime.isRunning(container)) return ok(stdout, stderr);
    return this.followLogs(container, ctx, { stdout, stderr }, stamp);
  }

  /**
   * `docker logs -f`: what is there, then each new write as the container makes it, until the
   * container ends (status 0) or Ctrl+C (the client dies of SIGINT: 130).
   */
  private async followLogs(container: Container, ctx: CommandContext, sofar: { stdout: string; stderr: string }, stamp: (text: string, time: number) => string): Promise<ExecResult> {
    const host = sessionOf(ctx);
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    // What goes to the shell's output is written there as it comes; the rest (a pipe, `$(…)`)
    // is handed over when the container ends.
    const live = liveStreamsOf(ctx);
    const collected = { stdout: '', stderr: '' };
    const write = (stream: 'stdout' | 'stderr', text: string) => (host && live[stream] ? host.terminal[stream](encoder.encode(text)) : (collected[stream] += text));
    write('stdout', sofar.stdout);
    write('stderr', sofar.stderr);
    const forward = (stream: 'stdout' | 'stderr') => (bytes: Uint8Array) => {
      for (const line of decoder.decode(bytes).split(/(?<=\n)/)) if (line !== '') write(stream, stamp(line, this.daemon.now()));
    };
    const detach = this.runtime.attach(container, { stdout: forward('stdout'), stderr: forward('stderr') });
    let offInterrupt = () => {};
    const interrupted = new Promise<'interrupted'>((resolve) => {
      if (host) offInterrupt = host.onInterrupt(() => resolve('interrupted'));
    });
    try {
      const how = await Promise.race([this.runtime.whenEnded(container), interrupted]);
      if (how === 'interrupted') return { stdout: collected.stdout, stderr: collected.stderr, exitCode: 130 };
      return ok(collected.stdout, collected.stderr);
    } finally {
      offInterrupt();
      detach();
    }
  }

  // ---- stopping and removing ----------------------------------------------------------------

  /**
   * docker's way with several containers (`stop a b`, `rm a b`): act on each in turn, print the
   * name of each one done, report each failure on its own line and exit 1 if there was any.
   */
  private async eachContainer(names: readonly string[], action: (container: Container, name: string) => Promise<void>): Promise<ExecResult> {
    let stdout = '';
    const errors: string[] = [];
    for (const name of names) {
      try {
        await action(this.daemon.containers.get(name), name);
        stdout += `${name}\n`;
      } catch (err) {
        errors.push(err instanceof StartFailure ? err.message : errorResult(err).stderr.trimEnd());
      }
    }
    return errors.length > 0 ? fail(`${errors.join('\n')}\n`, 1, stdout) : ok(stdout);
  }

  async stop(args: readonly string[], restart: boolean, ctx: CommandContext): Promise<ExecResult> {
    const parsed = parseDockerFlags(restart ? RESTART : STOP, args);
    if ('exitCode' in parsed) return parsed;
    const timeout = Number(flagString(parsed, 'time') ?? 10);
    const given = flagString(parsed, 'signal');
    return this.eachContainer(parsed.positional, async (container) => {
      // Without --signal, the container's stop signal (the image's STOPSIGNAL), as moby does.
      const signal = SIGNALS[String(given ?? container.config.StopSignal ?? 'TERM').toUpperCase()] ?? 'SIGTERM';
      await this.runtime.stop(container, timeout, signal);
      if (restart) {
        container.restartCount++;
        const started = await this.startMain(container, ctx, false, []);
        if ('exitCode' in started) throw new StartFailure(started.stderr.replace(/^docker: /, '').trimEnd());
      } else if (container.autoRemove) this.remove(container);
    });
  }

  async kill(args: readonly string[]): Promise<ExecResult> {
    const parsed = parseDockerFlags(KILL, args);
    if ('exitCode' in parsed) return parsed;
    const signal = SIGNALS[(flagString(parsed, 'signal') ?? 'KILL').toUpperCase()] ?? 'SIGKILL';
    return this.eachContainer(parsed.positional, async (container, name) => {
      if (!this.runtime.isRunning(container)) throw new DaemonError(`cannot kill container: ${name}: container ${container.id} is not running`, 'conflict');
      this.runtime.signal(container, signal);
      await nextTurn();
      if (container.autoRemove && !this.runtime.isRunning(container)) this.remove(container);
    });
  }

  async rm(args: readonly string[]): Promise<ExecResult> {
    const parsed = parseDockerFlags(RM, args);
    if ('exitCode' in parsed) return parsed;
    const force = flagBool(parsed, 'force');
    let stdout = '';
    let notices = '';
    const errors: string[] = [];
    for (const name of parsed.positional) {
      try {
        const container = this.daemon.containers.get(name);
        // moby's rmLink: a plain container name is never a link (links are parent/alias names).
        if (flagBool(parsed, 'link')) throw new DaemonError('Conflict, cannot remove the default link name of the container', 'invalid');
        if (this.runtime.isRunning(container)) {
          if (!force) throw new DaemonError(`cannot remove container "/${container.name}": container is running: stop the container before removing or force remove`, 'conflict');
          await this.runtime.stop(container, 0, 'SIGKILL');
        }
        this.remove(container, flagBool(parsed, 'volumes') || container.autoRemove);
        stdout += `${name}\n`;
      } catch (err) {
        // With -f, a container that is not there is reported but is no failure (docker/cli's rm.go).
        if (force && err instanceof DaemonError && err.kind === 'not-found') notices += errorResult(err).stderr;
        else errors.push(errorResult(err).stderr.trimEnd());
      }
    }
    if (errors.length > 0) return fail(`${notices}${errors.join('\n')}\n`, 1, stdout);
    return ok(stdout, notices);
  }

  prune(args: readonly string[], stdinText: string): ExecResult {
    const parsed = parseDockerFlags(PRUNE, args);
    if ('exitCode' in parsed) return parsed;
    const filters = filterArgs(PRUNE, parsed);
    if ('exitCode' in filters) return filters;
    let prompt = '';
    if (!flagBool(parsed, 'force')) {
      prompt = 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ';
      if (!/^y(es)?$/i.test(stdinText.split('\n')[0]!.trim())) return ok(prompt);
    }
    let include: (c: Container) => boolean;
    try {
      validateFilters(filters, ['until', 'label', 'label!']);
      include = pruneFilter(this.daemon, filters, (c: Container) => ({ created: c.created, labels: c.config.Labels }));
    } catch (err) {
      return errorResult(err, prompt);
    }
    const removed = this.daemon.containers.list().filter((c) => !this.runtime.isRunning(c) && include(c));
    let reclaimed = 0;
    for (const c of removed) {
      // moby's ContainersPrune adds each container's SizeRw (its writable layer's bytes, not a tar of them).
      reclaimed += writableLayerSize(c);
      this.remove(c);
    }
    const list = removed.length > 0 ? `Deleted Containers:\n${removed.map((c) => `${c.id}\n`).join('')}\n` : '';
    return ok(`${prompt}${list}Total reclaimed space: ${reclaimedText(reclaimed)}\n`);
  }

  /** Remove the container; `--rm` (or `rm -v`) takes its anonymous volumes along. */
  private remove(container: Container, anonymousVolumes = container.autoRemove): void {
    this.daemon.containers.delete(container.id);
    this.runtime.forget(container);
    if (anonymousVolumes) removeAnonymousVolumes(this.daemon, container);
  }

  /** `docker port`: the container's published ports, or where one private port is published. */
  port(args: readonly string[]): ExecResult {
    const parsed = parseDockerFlags(PORT, args);
    if ('exitCode' in parsed) return parsed;
    const container = this.namedContainer(parsed);
    if ('exitCode' in container) return container;
    const live = this.runtime.isRunning(container) ? (container.livePorts ?? {}) : {};
    const lines: string[] = [];
    const wanted = parsed.positional[1];
    if (wanted !== undefined) {
      const [port, proto = 'tcp'] = wanted.split('/') as [string, string?];
      if (!/^\d+$/.test(port) || Number(port) > 65535) return fail(`Error: invalid port (${port}): invalid syntax\n`);
      const key = `${port}/${proto}`;
      const bindings = live[key];
      if (!bindings) return fail(`Error: No public port '${key}' published for ${parsed.positional[0]}\n`);
      for (const b of bindings) lines.push(joinHostPort(b.HostIp, b.HostPort));
    } else {
      for (const [key, bindings] of Object.entries(live)) for (const b of bindings ?? []) lines.push(`${key} -> ${joinHostPort(b.HostIp, b.HostPort)}`);
    }
    return ok(lines.sort(naturalLess).map((l) => `${l}\n`).join(''));
  }

  // ---- inside a running container -----------------------------------------------------------

  async top(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
    // Like exec's, top's flags stop at the container: what follows goes to ps, dashes and all.
    const split = splitAtImage(args, TOP);
    const parsed = parseDockerFlags(TOP, split.options);
    if ('exitCode' in parsed) return parsed;
    const container = this.namedContainer(parsed);
    if ('exitCode' in container) return container;
    if (!this.runtime.isRunning(container)) return fail(`Error response from daemon: container ${container.id} is not running\n`);
    return containerTop(container, split.rest, ctx, Math.floor(this.daemon.now() / 1000));
  }

  async exec(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
    const split = splitAtImage(args, EXEC);
    const parsed = parseDockerFlags(EXEC, split.options.concat(split.rest.length > 0 ? ['--', ...split.rest] : []));
    if ('exitCode' in parsed) return parsed;
    const [name, ...argv] = parsed.positional as [string, ...string[]];
    let container: Container;
    try {
      container = this.daemon.containers.get(name);
    } catch (err) {
      return errorResult(err);
    }
    if (!this.runtime.isRunning(container)) return fail(`Error response from daemon: container ${container.id} is not running\n`);
    const machine = await this.runtime.machineFor(container);
    // Without -u, an exec runs as the container's user (`docker run -u`, or the image's USER).
    const user = await resolveUser({ fs: machine.fs }, flagString(parsed, 'user') ?? container.config.User ?? '');
    if (typeof user === 'string') return fail(`Error response from daemon: ${user}\n`, 126);
    const cwd = flagString(parsed, 'workdir') ?? (container.config.WorkingDir || '/');
    const envList = await this.execEnv(parsed, ctx);
    if (typeof envList === 'string') return fail(`${envList}\n`);
    const env = Object.fromEntries(envList.filter((e) => e.includes('=')).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    const missing = findExecutable(machine.overlay, argv[0]!, { ...this.runtime.environment(container), ...env }.PATH ?? '/usr/bin:/bin', cwd);
    if (missing) return fail(`OCI runtime exec failed: exec failed: unable to start container process: ${missing.message}: unknown\n`, missing.exitCode);
    const host = sessionOf(ctx);
    const shell = ['sh', 'bash', 'ash', 'dash'].includes(argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1)) && !argv.includes('-c');
    if (flagBool(parsed, 'interactive') && shell && host?.terminal.readLine) return this.interactiveExec(container, argv, host, { ...this.runtime.environment(container), ...env }, cwd, user);
    if (flagBool(parsed, 'detach')) {
      // Detached: the daemon starts it and the client returns at once, printing nothing.
      void this.runtime.exec(container, argv, { env, cwd, user }).catch(() => undefined);
      return ok();
    }
    const result = await this.runtime.exec(container, argv, { env, cwd, user });
    return bytesResult(result.stdout, new TextDecoder().decode(result.stderr), result.exitCode);
  }

  /**
   * opts.ReadKVEnvStrings: the --env-file lines, then -e; a bare KEY takes the client's value,
   * or stays bare (the daemon then drops it from the exec's environment). Errors as the CLI words them.
   */
  private async execEnv(parsed: ParsedDockerFlags, ctx: CommandContext): Promise<string[] | string> {
    try {
      const flags = await parseRunFlags(
        { flags: new Map([['env', flagList(parsed, 'env')], ['env-file', flagList(parsed, 'env-file')]]), positional: [] },
        { env: (key) => ctx.env.get(key), readFile: (path) => ctx.fs.readFile(ctx.fs.resolvePath(ctx.cwd, path)) },
      );
      return flags.env;
    } catch (err) {
      if (!(err instanceof Error)) throw err;
      return err instanceof RunFlagError && /contains whitespaces|no variable name/.test(err.message) ? `poorly formatted environment: ${err.message}` : err.message;
    }
  }

  private async interactiveExec(container: Container, argv: readonly string[], host: NonNullable<ReturnType<typeof sessionOf>>, env: Record<string, string>, cwd: string, user: ProcessUser): Promise<ExecResult> {
    const { createMachine } = await import('../../container/machine.ts');
    const { runRepl } = await import('../../repl.ts');
    // The shell is a process of the container: `id`, `whoami` and what it starts find their user through it.
    const process = registerProcess(this.runtime.execPid(container), user, this.runtime.placement(container, argv), { programStarted: true });
    try {
      const machine = await createMachine({ overlay: container.rootfs, env: { ...env, [PROCESS_ENV]: process.key }, cwd, terminal: host.terminal, now: () => Math.floor(this.daemon.now() / 1000) });
      const status = await host.withForeground(machine.shell, () => this.runtime.runAs(container, user, () => runRepl(machine.shell)));
      return { stdout: '', stderr: '', exitCode: status };
    } finally {
      unregisterProcess(process);
    }
  }

  // ---- the container's filesystem -----------------------------------------------------------

  diff(args: readonly string[]): ExecResult {
    const parsed = parseDockerFlags(DIFF, args);
    if ('exitCode' in parsed) return parsed;
    try {
      const container = this.daemon.containers.get(parsed.positional[0]!);
      return ok(container.rootfs.upperChanges().map((c) => `${c.kind} ${c.path}\n`).join(''));
    } catch (err) {
      return errorResult(err);
    }
  }

  async commit(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
    const parsed = parseDockerFlags(COMMIT, args);
    if ('exitCode' in parsed) return parsed;
    try {
      const container = this.daemon.containers.get(parsed.positional[0]!);
      const author = flagString(parsed, 'author');
      const message = flagString(parsed, 'message');
      const repository = parsed.positional[1];
      const id = await commitContainer(this.daemon, container, {
        ...(repository !== undefined ? { repository } : {}),
        ...(author !== undefined ? { author } : {}),
        ...(message !== undefined ? { message } : {}),
        changes: flagList(parsed, 'change'),
        dockerVersion: releaseOf(this.daemon, ctx.env).version,
      });
      return ok(`${id}\n`);
    } catch (err) {
      return errorResult(err);
    }
  }

  async export(args: readonly string[], ctx: CommandContext): Promise<ExecResult> {
    const parsed = parseDockerFlags(EXPORT, args);
    if ('exitCode' in parsed) return parsed;
    if (flagString(parsed, 'output') === undefined && stdoutIsTerminal(ctx)) return fail(`${REFUSE_TERMINAL}\n`);
    const container = this.namedContainer(parsed);
    if ('exitCode' in container) return container;
    const tar = await exportTar(container);
    const output = flagString(parsed, 'output');
    if (output !== undefined) {
      // The file holds the archive as a source: placeholder binaries stay unexpanded.
      await shellFsOf(ctx).writeFileSource(ctx.fs.resolvePath(ctx.cwd, output), tar);
      return ok();
    }
    return bytesResult(await tar.read(0, tar.size));
  }

  // ---- inspect ------------------------------------------------------------------------------

  inspectTarget(name: string, size = false): InspectTarget | undefined {
    const found = this.daemon.containers.find(name);
    if (found === undefined || found === 'ambiguous') return undefined;
    let json = containerJson(found, this.runtime.isRunning(found));
    if (size) {
      // ContainerJSONBase's SizeRw and SizeRootFs sit after HostConfig (and GraphDriver).
      const rw = writableLayerSize(found);
      const rootFs = rw + imageBytes(this.daemon, found.imageId);
      json = Object.fromEntries(Object.entries(json).flatMap(([k, v]) => (k === 'HostConfig' ? [[k, v], ['SizeRw', rw], ['SizeRootFs', rootFs]] : [[k, v]])));
    }
    return { json: json as InspectTarget['json'], goType: goAny };
  }
}

/** docker run's own flags stop at the first argument that is not a flag (the image): pflag's SetInterspersed(false). */
function splitAtImage(args: readonly string[], s: CommandSpec): { options: string[]; rest: string[] } {
  const valued = new Set(s.flags.filter((f) => f.kind !== 'bool').flatMap((f) => [`--${f.long}`, ...(f.short ? [`-${f.short}`] : [])]));
  const options: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return { options, rest: args.slice(i + 1) };
    if (!arg.startsWith('-') || arg === '-') {
      // The image (or container for exec) and everything after it.
      return { options: [...options, arg], rest: args.slice(i + 1) };
    }
    options.push(arg);
    const shortValued = /^-[a-zA-Z]+$/.test(arg) && valued.has(`-${arg.at(-1)}`);
    if ((valued.has(arg) || shortValued) && !arg.includes('=') && i + 1 < args.length) options.push(args[++i]!);
  }
  return { options, rest: [] };
}

function parseRun(parsed: ParsedDockerFlags) {
  return { detach: flagBool(parsed, 'detach'), interactive: flagBool(parsed, 'interactive'), tty: flagBool(parsed, 'tty') };
}

function runError(s: CommandSpec, err: unknown, stderr: string[]): ExecResult {
  const text = err instanceof DaemonError ? `Error response from daemon: ${err.message}` : errorResult(err).stderr.trimEnd();
  return fail(`${stderr.join('')}docker: ${text.replace(/\.?$/, '.')}\nSee '${s.path} --help'.\n`, 125);
}

/** What runc reports when the main process cannot be executed, or undefined when it can. */
function findExecutable(fs: Container['rootfs'], name: string, path: string, cwd: string): { message: string; exitCode: number } | undefined {
  const check = (p: string) => {
    const stat = fs.statIfExists(p);
    if (stat === undefined) return 'missing';
    if (stat.type === 'directory') return 'dir';
    return (stat.mode & 0o111) === 0 ? 'perm' : 'ok';
  };
  if (name.includes('/')) {
    const full = name.startsWith('/') ? name : `${cwd.replace(/\/$/, '')}/${name}`;
    const state = check(full);
    if (state === 'ok') return undefined;
    if (state === 'missing') return { message: `exec: "${name}": stat ${name}: no such file or directory`, exitCode: 127 };
    return { message: `exec: "${name}": permission denied`, exitCode: 126 };
  }
  for (const dir of path.split(':')) if (check(`${dir || '.'}/${name}`) === 'ok') return undefined;
  return { message: `exec: "${name}": executable file not found in $PATH`, exitCode: 127 };
}

/** The merged filesystem as `docker export` streams it: every entry of its layers, in walk order. */
async function exportTar(container: Container): Promise<ByteSource> {
  // The layers only: moby's export leaves out what is mounted (/proc, /dev, /etc/hosts…).
  const fs = unmounted(container.rootfs);
  const entries: TarWriteEntry[] = [];
  // moby's tar writer (pkg/archive) stores a file's data once: further names of the same inode
  // are hard links to the first (busybox's applets).
  const firstNameOfInode = new Map<number, string>();
  for (const stat of fs.walk('/')) {
    const name = stat.path.slice(1) + (stat.type === 'directory' ? '/' : '');
    const entry: TarWriteEntry = { name, type: stat.type, mode: stat.mode, uid: stat.uid, gid: stat.gid, uname: stat.uname, gname: stat.gname, mtime: stat.mtime };
    const inode = stat.type === 'file' && fs.linkCount(stat.path) > 1 ? fs.inodeOf(stat.path) : undefined;
    const first = inode === undefined ? undefined : firstNameOfInode.get(inode);
    if (first !== undefined) {
      entries.push({ ...entry, type: 'hardlink', linkname: first });
      continue;
    }
    if (inode !== undefined) firstNameOfInode.set(inode, name);
    if (stat.type === 'file') entry.data = await fs.openFile(stat.path);
    if (stat.type === 'symlink' || stat.type === 'hardlink') entry.linkname = stat.linkname;
    if (stat.type === 'chardev' || stat.type === 'blockdev') {
      entry.devmajor = stat.devmajor;
      entry.devminor = stat.devminor;
    }
    entries.push(entry);
  }
  return tarSource(entries);
}

function reclaimedText(bytes: number): string {
  if (bytes === 0) return '0B';
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) (value /= 1000), i++;
  return `${Number(value.toPrecision(4))}${units[i]}`;
}


const goTimeOrZero = (ms: number) => (ms === 0 ? '0001-01-01T00:00:00Z' : goTimeOfMs(ms));

/** `docker inspect` of a container: moby's types.ContainerJSON, the fields the playground knows. */
export function containerJson(c: Container, running: boolean): Record<string, unknown> {
  return {
    Id: c.id,
    Created: goTimeOfMs(c.created),
    Path: c.path,
    Args: [...c.args],
    State: {
      Status: c.state.status,
      Running: running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: running ? 4242 : 0,
      ExitCode: c.state.exitCode,
      Error: c.state.error,
      StartedAt: goTimeOrZero(c.state.startedAt),
      FinishedAt: goTimeOrZero(c.state.finishedAt),
    },
    Image: c.imageId,
    ResolvConfPath: `/var/lib/docker/containers/${c.id}/resolv.conf`,
    HostnamePath: `/var/lib/docker/containers/${c.id}/hostname`,
    HostsPath: `/var/lib/docker/containers/${c.id}/hosts`,
    LogPath: `/var/lib/docker/containers/${c.id}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: 'overlay2',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: '',
    ExecIDs: null,
    HostConfig: c.hostConfig ?? { AutoRemove: c.autoRemove, NetworkMode: 'bridge', RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } },
    Mounts: (c.mounts ?? []).map(mountJson),
    Config: goContainerConfig(c.config),
    NetworkSettings: networkSettingsJson(c, running),
  };
}

/** moby's types.MountPoint. */
function mountJson(m: NonNullable<Container['mounts']>[number]): Record<string, unknown> {
  const out: Record<string, unknown> = { Type: m.type };
  if (m.name !== undefined) out['Name'] = m.name;
  Object.assign(out, { Source: m.source, Destination: m.destination });
  if (m.type === 'volume') out['Driver'] = 'local';
  return Object.assign(out, { Mode: m.mode, RW: !m.readOnly, Propagation: m.type === 'bind' ? 'rprivate' : '' });
}

/** NetworkSettings: the bridge endpoint and the published ports while the container runs; empty once it stops. */
function networkSettingsJson(c: Container, running: boolean): Record<string, unknown> {
  const mode = c.network?.mode ?? 'bridge';
  const onBridge = running && mode === 'bridge' && c.network !== undefined;
  const ip = onBridge ? c.network!.ipAddress : '';
  const mac = onBridge ? c.network!.macAddress : '';
  const gateway = onBridge ? '172.17.0.1' : '';
  const endpointId = onBridge ? hexOf(`endpoint ${c.id}`) : '';
  const ports = running ? (c.livePorts ?? Object.fromEntries(Object.keys(c.config.ExposedPorts ?? {}).map((p) => [p, null]))) : {};
  const network = {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    MacAddress: mac,
    DriverOpts: null,
    NetworkID: hexOf(`network ${mode}`),
    EndpointID: endpointId,
    Gateway: gateway,
    IPAddress: ip,
    IPPrefixLen: onBridge ? 16 : 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DNSNames: null,
  };
  return {
    Bridge: '',
    SandboxID: running ? hexOf(`sandbox ${c.id}`) : '',
    SandboxKey: running ? `/var/run/docker/netns/${hexOf(`sandbox ${c.id}`).slice(0, 12)}` : '',
    Ports: ports,
    HairpinMode: false,
    LinkLocalIPv6Address: '',
    LinkLocalIPv6PrefixLen: 0,
    SecondaryIPAddresses: null,
    SecondaryIPv6Addresses: null,
    EndpointID: mode === 'bridge' ? endpointId : '',
    Gateway: mode === 'bridge' ? gateway : '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    IPAddress: mode === 'bridge' ? ip : '',
    IPPrefixLen: mode === 'bridge' && onBridge ? 16 : 0,
    IPv6Gateway: '',
    MacAddress: mode === 'bridge' ? mac : '',
    Networks: { [mode.startsWith('container:') ? 'container' : mode]: network },
  };
}

/** A stable 64-hex ID for what the daemon names by a random one (sandboxes, endpoints, networks). */
export function hexOf(text: string): string {
  return new Sha256().update(new TextEncoder().encode(`layerlab ${text}`)).hex();
}

/** The host's name (its /etc/hostname), what a `--network host` container is called. */
async function hostName(ctx: CommandContext): Promise<string> {
  try {
    return (await ctx.fs.readFile('/etc/hostname')).trim() || 'localhost';
  } catch {
    return 'localhost';
  }
}

export function containerCommands(daemon: DockerDaemon): DockerCommandEntry[] {
  const c = new Containers(daemon);
  const stdin = (ctx: CommandContext) => new TextDecoder().decode(Uint8Array.from(String(ctx.stdin ?? ''), (ch) => ch.charCodeAt(0) & 0xff));
  const sub: DockerCommandEntry[] = [
    { name: 'commit', short: COMMIT.short, group: 'other', run: (a, ctx) => c.commit(a, ctx) },
    { name: 'cp', short: CP.short, group: 'other', run: (a, ctx) => dockerCp(daemon, a, ctx, 'docker container cp') },
    { name: 'create', short: CREATE.short, group: 'other', run: (a, ctx) => c.createCommand(a, ctx, 'docker container create') },
    { name: 'diff', short: DIFF.short, group: 'other', run: (a) => c.diff(a) },
    { name: 'exec', short: EXEC.short, group: 'other', run: (a, ctx) => c.exec(a, ctx) },
    { name: 'export', short: EXPORT.short, group: 'other', run: (a, ctx) => c.export(a, ctx) },
    { name: 'inspect', short: 'Display detailed information on one or more containers', group: 'other', run: (a) => dockerContainerInspect(a, (n, size) => c.inspectTarget(n, size)) },
    { name: 'kill', short: KILL.short, group: 'other', run: (a) => c.kill(a) },
    { name: 'logs', short: LOGS.short, group: 'other', run: (a, ctx) => c.logs(a, ctx) },
    { name: 'port', short: PORT.short, group: 'other', run: (a) => c.port(a) },
    { name: 'ls', short: PS.short, group: 'other', run: (a, ctx) => c.ps(a, ctx, CONTAINER_LS) },
    { name: 'prune', short: PRUNE.short, group: 'other', run: (a, ctx) => c.prune(a, stdin(ctx)) },
    { name: 'restart', short: RESTART.short, group: 'other', run: (a, ctx) => c.stop(a, true, ctx) },
    { name: 'rm', short: RM.short, group: 'other', run: (a) => c.rm(a) },
    { name: 'run', short: RUN.short, group: 'other', run: (a, ctx) => c.run(a, ctx, 'docker container run') },
    { name: 'start', short: START.short, group: 'other', run: (a, ctx) => c.start(a, ctx) },
    { name: 'stop', short: STOP.short, group: 'other', run: (a, ctx) => c.stop(a, false, ctx) },
    { name: 'top', short: TOP.short, group: 'other', run: (a, ctx) => c.top(a, ctx) },
  ];
  const container: DockerCommandEntry['run'] = (args, ctx) => {
    const [name, ...rest] = args;
    const alias = name === 'ps' || name === 'list' ? 'ls' : name === 'remove' ? 'rm' : name;
    const entry = sub.find((e) => e.name === alias);
    if (!entry) return name === undefined ? ok('\nUsage:  docker container COMMAND\n\nManage containers\n') : fail(`docker: 'container ${name}' is not a docker command.\nSee 'docker --help'\n`);
    return entry.run(rest, ctx);
  };
  return [
    { name: 'run', short: RUN.short, group: 'common', run: (a, ctx) => c.run(a, ctx) },
    { name: 'exec', short: EXEC.short, group: 'common', run: (a, ctx) => c.exec(a, ctx) },
    { name: 'ps', short: PS.short, group: 'common', run: (a, ctx) => c.ps(a, ctx) },
    { name: 'container', short: 'Manage containers', group: 'management', run: container },
    { name: 'commit', short: COMMIT.short, group: 'other', run: (a, ctx) => c.commit(a, ctx) },
    { name: 'cp', short: CP.short, group: 'other', run: (a, ctx) => dockerCp(daemon, a, ctx) },
    { name: 'create', short: CREATE.short, group: 'other', run: (a, ctx) => c.createCommand(a, ctx) },
    { name: 'diff', short: DIFF.short, group: 'other', run: (a) => c.diff(a) },
    { name: 'export', short: EXPORT.short, group: 'other', run: (a, ctx) => c.export(a, ctx) },
    { name: 'kill', short: KILL.short, group: 'other', run: (a) => c.kill(a) },
    { name: 'logs', short: LOGS.short, group: 'other', run: (a, ctx) => c.logs(a, ctx) },
    { name: 'port', short: PORT.short, group: 'other', run: (a) => c.port(a) },
    { name: 'restart', short: RESTART.short, group: 'other', run: (a, ctx) => c.stop(a, true, ctx) },
    { name: 'rm', short: RM.short, group: 'other', run: (a) => c.rm(a) },
    { name: 'start', short: START.short, group: 'other', run: (a, ctx) => c.start(a, ctx) },
    { name: 'stop', short: STOP.short, group: 'other', run: (a, ctx) => c.stop(a, false, ctx) },
    { name: 'top', short: TOP.short, group: 'other', run: (a, ctx) => c.top(a, ctx) },
  ];
}

/** The container lookup `docker inspect` tries before images. */
export function containerInspectLookup(daemon: DockerDaemon): (name: string, size: boolean) => InspectTarget | undefined {
  const c = new Containers(daemon);
  return (name, size) => c.inspectTarget(name, size);
}

/** A restarted container that would not start: its line is reported as it is. */
class StartFailure extends Error {}

/**
 * Resolves once the work already queued has run (a macrotask turn): time enough for a process
 * that does not wait on anything to finish. setImmediate where there is one (Node), a message
 * to ourselves in a worker; setTimeout(0) would cost a whole millisecond in Node.
 */
function nextTurn(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => void }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Exit status of a process killed by SIGPIPE (128 + 13), as bash reports it. */
const SIGPIPE_STATUS = 141;

/** Whether what was written already holds all the reader of the pipe takes. */
function demandMet(written: Uint8Array, demand: PipeDemand): boolean {
  if (demand.unit === 'bytes') return written.length >= demand.count;
  let lines = 0;
  for (const byte of written) if (byte === 0x0a && ++lines >= demand.count) return true;
  return demand.count === 0;
}
