/**
 * `docker build`: a Dockerfile's stages run against the page's daemon. Each RUN runs in a
 * machine (the stage's layers under a writable upper layer, our shell as /bin/sh); COPY and
 * ADD write into an overlay of the stage; every filesystem step's upper layer becomes a layer.
 * Two builders, as Docker 27 has: BuildKit (the default) and the legacy one (`DOCKER_BUILDKIT=0`;
 * the default under Docker 20.10 and 18.09, which print no deprecation notice for it),
 * which differ in what they print, in history texts, in the config they write, and in that the
 * legacy builder keeps every step as an (untagged) image while BuildKit keeps a build cache.
 */
import { LOCAL_REGISTRY, type DockerDaemon } from '../../engine/docker/daemon.ts';
import type { DockerRelease } from '../../engine/docker/release.ts';
import { copyInto, checksumSources, join, resolveSources, SourceNotFoundError, type CopySource } from '../../engine/docker/build/copy.ts';
import { DockerIgnore } from '../../engine/docker/build/dockerignore.ts';
import { jsonForm, nameValueWords, parseDockerfile, splitFlags, splitRawWords, type Heredoc, type Instruction } from '../../engine/docker/build/dockerfile.ts';
import { goList, goQuotedList, healthcheckPlusV, healthcheckQ, parseGoDuration } from '../../engine/docker/build/go-format.ts';
import { DockerfileSyntaxError, processWord, processWords, type Env } from '../../engine/docker/build/shell-lex.ts';
import { goContainerConfig, goJson, goTimeOfMs } from '../../engine/docker/go-json.ts';
import { unpackedSize } from '../../engine/docker/image-store.ts';
import { familiarString, fullString, parseNormalizedNamed, withDefaultTag, type ImageReference } from '../../engine/docker/reference.ts';
import { DaemonError } from '../../engine/docker/registry.ts';
import { truncateId } from '../../engine/docker/short-id.ts';
import { chainIds } from '../../engine/docker/v1-image.ts';
import { errorLine } from '../../engine/errors.ts';
import { Sha256 } from '../../engine/hash/sha256.ts';
import { makeImage } from '../../engine/image/image.ts';
import { layerFromTar, layerFromTarSource } from '../../engine/image/layer.ts';
import { writeTar } from '../../engine/tar/write-tar.ts';
import type { ContainerConfig, HistoryEntry, Image, ImageConfigFile, Layer } from '../../engine/image/types.ts';
import { OverlayFs } from '../../engine/overlay/overlay-fs.ts';
import { encodeUtf8 } from '../../engine/platform.ts';
import { createMachine } from '../container/machine.ts';
import { buildStepMounts } from '../container/container-mounts.ts';
import { randomContainerId } from '../../engine/docker/containers.ts';
import { withMounts } from '../../engine/overlay/mounts.ts';
import { PROCESS_ENV, registerProcess, unregisterProcess, type ProcessUser } from '../container/process.ts';
import { buildkitFileOwner, copyChownOwner, resolveUserIn } from '../commands/shared/accounts.ts';
import { BuildkitLog, dockerfileExcerpt, transferSize, type Vertex } from './build-log.ts';

export interface BuildRequest {
  daemon: DockerDaemon;
  /** The filesystem the context and Dockerfile are read from (the host's). */
  host: OverlayFs;
  /** Absolute path of the context directory. */
  contextDir: string;
  /** The Dockerfile's text and the name BuildKit shows (`Dockerfile`). */
  dockerfile: { text: string; name: string };
  /** The context's `.dockerignore`, empty when it has none. */
  dockerignore: string;
  tags: readonly string[];
  noCache: boolean;
  target?: string;
  buildArgs: ReadonlyMap<string, string>;
  labels: ReadonlyMap<string, string>;
  legacy: boolean;
  /**
   * The Docker release imitated: the version the legacy builder records, and whether it warns
   * that it is deprecated (from Docker 23 on, where BuildKit is the default).
   */
  release: DockerRelease;
  quiet: boolean;
  /** `--push` (BuildKit only): push every tag once the image is written. */
  push?: boolean;
}

export interface BuildResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  imageId?: string;
}

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const HISTORY_COMMENT = 'buildkit.dockerfile.v0';
const DEFAULT_SHELL = ['/bin/sh', '-c'];
const ROOT: ProcessUser = { uid: 0, gid: 0, name: 'root', group: 'root' };
/** The build arguments Docker predefines: usable without an ARG line, and left out of RUN's history. */
const PREDEFINED_ARGS = new Set(['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy']);

/** A build step's filesystem and config as the next step sees it. */
interface State {
  layers: Layer[];
  config: ContainerConfig;
  history: HistoryEntry[];
  architecture: string;
  os: string;
  variant?: string;
  author?: string;
  /** The cache chain: everything the next step's result depends on. */
  key: string;
  /** Legacy builder: the image this step committed (its parent for the next step). */
  imageId?: string;
}

interface Stage {
  index: number;
  name?: string;
  from: Instruction;
  instructions: Instruction[];
  /** Filesystem steps (FROM included) BuildKit numbers `[i/total]`. */
  fsTotal: number;
  state?: State;
}

/** A step's result kept for the next build (per daemon): BuildKit's cache, the legacy builder's cache probe. */
interface CachedStep {
  state: State;
}

const caches = new WeakMap<DockerDaemon, Map<string, CachedStep>>();

class BuildError extends Error {
  constructor(
    message: string,
    readonly instruction?: Instruction,
    readonly exitCode = 1,
    /** The legacy builder's wording, when it differs. */
    readonly legacyMessage?: string,
  ) {
    super(message);
  }
}

export async function build(request: BuildRequest): Promise<BuildResult> {
  return new Builder(request).run();
}

class Builder {
  private readonly daemon: DockerDaemon;
  private readonly cache: Map<string, CachedStep>;
  private readonly log: BuildkitLog;
  private stdout = '';
  private stderr = '';
  private readonly ignore: DockerIgnore;
  private readonly ignoreBytes: number;
  private contextVertexShown = false;
  private vertexErrorShown = false;
  /** Base images this build pulled, and the blobs it fetched (BuildKit's FROM vertex shows them). */
  private readonly pulled = new Map<string, PulledBlobs>();
  private failedVertex: Vertex | undefined;
  private readonly globalArgs = new Map<string, string>();
  private stages: Stage[] = [];
  private legacyStep = 0;
  /** While a base image's ONBUILD trigger runs: the legacy builder prints no step line or image ID for it. */
  private inTrigger = false;
  private legacyTotal = 0;
  /** Layers made by this build, for the image store. */
  private containerCount = 0;

  constructor(private readonly request: BuildRequest) {
    this.daemon = request.daemon;
    let cache = caches.get(this.daemon);
    if (!cache) caches.set(this.daemon, (cache = new Map()));
    this.cache = cache;
    this.log = new BuildkitLog(() => this.daemon.now());
    this.ignore = new DockerIgnore(request.dockerignore);
    this.ignoreBytes = request.dockerignore === '' ? 2 : encodeUtf8(request.dockerignore).length;
  }

  private get legacy(): boolean {
    return this.request.legacy;
  }

  private print(text: string): void {
    if (!this.request.quiet) this.stdout += text;
  }

  async run(): Promise<BuildResult> {
    const { dockerfile } = this.request;
    let definition: Vertex | undefined;
    if (this.legacy && this.request.release.buildkitByDefault) {
      this.stderr +=
        'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n' +
        '            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n' +
        '            environment-variable.\n\n';
    }
    if (this.legacy) {
      this.print(`Sending build context to Docker daemon ${humanContextSize(this.contextTarSize())}\n`);
    } else {
      definition = this.log.vertex('[internal] load build definition from Dockerfile');
      this.log.status(definition, `transferring dockerfile: ${transferSize(encodeUtf8(dockerfile.text).length)} done`);
      this.log.done(definition);
    }
    let imageId: string | undefined;
    try {
      imageId = await this.buildStages();
    } catch (err) {
      return this.failed(err);
    }
    if (this.request.quiet) this.stdout = `${imageId}\n`;
    return { stdout: this.stdout, stderr: this.legacy ? this.stderr : this.stderr + this.log.text, exitCode: 0, imageId };
  }

  private failed(err: unknown): BuildResult {
    const error = err instanceof BuildError ? err : new BuildError(err instanceof DaemonError || err instanceof DockerfileSyntaxError ? err.message : errorLine(err));
    if (this.legacy) {
      return { stdout: this.stdout, stderr: `${this.stderr}${error.legacyMessage ?? error.message}\n`, exitCode: error.exitCode };
    }
    const { dockerfile } = this.request;
    const at = error.instruction;
    const excerpt = at ? dockerfileExcerpt(dockerfile.name, dockerfile.text, at.startLine, at.endLine) : '';
    if (this.failedVertex && !this.vertexErrorShown) this.log.error(this.failedVertex, error.message.replace(/^failed to compute cache key: /, ''));
    this.log.failure(this.failedVertex, excerpt, error.message);
    return { stdout: this.stdout, stderr: this.stderr + this.log.text, exitCode: 1 };
  }

  // ---- stages -------------------------------------------------------------------------------

  private async buildStages(): Promise<string> {
    let parsed;
    try {
      parsed = parseDockerfile(this.request.dockerfile.text);
    } catch (err) {
      throw new BuildError(`dockerfile parse error: ${errorLine(err)}`);
    }
    this.splitStages(parsed.instructions);
    const target = this.targetStage();
    const needed = this.legacy ? this.stages.filter((s) => s.index <= target.index) : this.neededStages(target);
    this.legacyTotal = needed.reduce((n, s) => n + 1 + s.instructions.length, 0);

    if (!this.legacy) {
      // BuildKit resolves every base image first, then reads .dockerignore.
      const seen = new Set<string>();
      for (const stage of needed) {
        const base = this.baseName(stage);
        if (base === 'scratch' || this.stageByName(base) || seen.has(base)) continue;
        seen.add(base);
        const ref = withDefaultTag(parseNormalizedNamed(base));
        const vertex = this.log.vertex(`[internal] load metadata for ${fullString(ref)}`);
        try {
          await this.resolveImage(base, stage.from);
        } catch (err) {
          // The vertex's error is the registry's answer; the summary line wraps it.
          if (err instanceof BuildError) this.log.error(vertex, err.legacyMessage ?? err.message);
          this.failedVertex = vertex;
          this.vertexErrorShown = true;
          throw err;
        }
        this.log.done(vertex);
      }
      const ignore = this.log.vertex('[internal] load .dockerignore');
      this.log.status(ignore, `transferring context: ${transferSize(this.ignoreBytes)} done`);
      this.log.done(ignore);
    }

    for (const stage of needed) await this.buildStage(stage);
    const final = target.state!;
    const image = this.legacy ? this.daemon.getImage(final.imageId!).image : await this.commitBuildkit(final);
    for (const tag of this.request.tags) this.daemon.images.setReference(withDefaultTag(parseNormalizedNamed(tag)), image.id, { touchLastTagTime: true });
    if (this.request.push && !this.legacy) await this.pushTags();
    if (this.legacy) {
      this.print(`Successfully built ${truncateId(image.id)}\n`);
      for (const tag of this.request.tags) this.print(`Successfully tagged ${familiarString(withDefaultTag(parseNormalizedNamed(tag)))}\n`);
    }
    return image.id;
  }

  private splitStages(instructions: readonly Instruction[]): void {
    let current: Stage | undefined;
    for (const instruction of instructions) {
      if (instruction.keyword === 'FROM') {
        const words = splitFlags(instruction, ['platform']).rest.split(/\s+/).filter((word) => word !== '');
        const name = words.length === 3 && words[1]!.toUpperCase() === 'AS' ? words[2]!.toLowerCase() : undefined;
        if (words.length !== 1 && name === undefined) {
          // BuildKit's instructions.Parse wraps it in a parseError, in both builders of Docker 27.
          const message = `dockerfile parse error on line ${instruction.startLine}: FROM requires either one or three arguments`;
          throw new BuildError(message, instruction, 1, `Error response from daemon: ${message}`);
        }
        current = { index: this.stages.length, from: instruction, instructions: [], fsTotal: 1, ...(name ? { name } : {}) };
        this.stages.push(current);
        continue;
      }
      if (!KNOWN_INSTRUCTIONS.has(instruction.keyword)) {
        throw new BuildError(`dockerfile parse error on line ${instruction.startLine}: unknown instruction: ${instruction.original.split(/\s/)[0]}`, instruction, 1,
          `Error response from daemon: dockerfile parse error line ${instruction.startLine}: unknown instruction: ${instruction.keyword}`);
      }
      if (!current) {
        if (instruction.keyword !== 'ARG') throw new BuildError('no build stage in current context', instruction, 1, 'Error response from daemon: No build stage in current context');
        for (const { key, value } of nameValueWords(instruction.rest, 'ARG')) {
          const given = this.request.buildArgs.get(key);
          const resolved = given ?? (value === undefined ? undefined : processWord(value, this.globalArgs));
          if (resolved !== undefined) this.globalArgs.set(key, resolved);
        }
        continue;
      }
      current.instructions.push(instruction);
      if (this.isFsStep(instruction)) current.fsTotal++;
    }
    if (this.stages.length === 0) throw new BuildError('the Dockerfile (Dockerfile) cannot be empty', undefined, 1, 'Error response from daemon: the Dockerfile (Dockerfile) cannot be empty');
  }

  private isFsStep(instruction: Instruction): boolean {
    if (['RUN', 'COPY', 'ADD'].includes(instruction.keyword)) return true;
    return instruction.keyword === 'WORKDIR' && processWord(instruction.rest, this.globalArgs) !== '/';
  }

  private targetStage(): Stage {
    const { target } = this.request;
    if (target === undefined) return this.stages.at(-1)!;
    const stage = this.stageByName(target.toLowerCase());
    if (!stage) throw new BuildError(`target stage "${target}" could not be found`, undefined, 1, `failed to reach build target ${target} in Dockerfile`);
    return stage;
  }

  private stageByName(name: string): Stage | undefined {
    return this.stages.find((s) => s.name === name.toLowerCase());
  }

  private baseName(stage: Stage): string {
    const words = splitFlags(stage.from, ['platform']).rest.split(/\s+/);
    return processWord(words[0]!, this.globalArgs);
  }

  /** The target and the stages it needs (its base, `COPY --from`), in file order. */
  private neededStages(target: Stage): Stage[] {
    const needed = new Set<Stage>();
    const visit = (stage: Stage) => {
      if (needed.has(stage)) return;
      needed.add(stage);
      const base = this.stageByName(this.baseName(stage));
      if (base && base.index < stage.index) visit(base);
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'COPY') continue;
        const from = splitFlags(instruction, COPY_FLAGS).flags.get('from')?.[0];
        if (from === undefined) continue;
        const source = /^\d+$/.test(from) ? this.stages[Number(from)] : this.stageByName(from);
        if (source && source.index < stage.index) visit(source);
      }
    };
    visit(target);
    return this.stages.filter((s) => needed.has(s));
  }

  private stageLabel(stage: Stage, index: number): string {
    const named = this.stages.length > 1 ? `${stage.name ?? `stage-${stage.index}`} ` : '';
    const width = String(stage.fsTotal).length;
    return `[${named}${String(index).padStart(width)}/${stage.fsTotal}]`;
  }

  // ---- one stage --------------------------------------------------------------------------

  private async buildStage(stage: Stage): Promise<void> {
    const base = this.baseName(stage);
    let state: State;
    /** The base's ONBUILD triggers: they run first, as if they began the stage. */
    let triggers: Instruction[] = [];
    const stageArgs = new Map<string, string>();
    /** ARGs in scope, in declaration order (RUN's history and environment list them). */
    const argOrder: string[] = [];
    this.legacyStepLine(stage.from);
    if (base === 'scratch') {
      state = { layers: [], config: { Env: [DEFAULT_PATH], ...(this.legacy ? {} : { WorkingDir: '/' }) }, history: [], architecture: 'amd64', os: 'linux', key: 'scratch' };
      if (this.legacy) this.print(' ---> \n');
    } else {
      const fromStage = this.stageByName(base);
      if (fromStage && fromStage.index < stage.index) {
        triggers = this.triggersOf(stage, fromStage.state!.config);
        state = { ...fromStage.state!, config: structuredClone({ ...fromStage.state!.config, OnBuild: null }), history: [...fromStage.state!.history] };
        if (!this.legacy) this.log.cached(this.log.vertex(`${this.stageLabel(stage, 1)} FROM ${fromStage.name ?? `stage-${fromStage.index}`}`));
      } else {
        const image = await this.resolveImage(base, stage.from);
        triggers = this.triggersOf(stage, image.image.configFile.config ?? {});
        state = stateOfImage(image.image, image.id);
        if (!this.legacy) {
          const display = image.display;
          const vertex = this.log.vertex(`${this.stageLabel(stage, 1)} FROM ${display}`);
          this.log.status(vertex, `resolve ${display} 0.0s done`);
          if (image.pulled) {
            this.showDownload(vertex, image.pulled);
            this.log.done(vertex);
          } else this.log.cached(vertex);
        }
      }
    }
    if (this.legacy && triggers.length > 0) this.print(`# Executing ${triggers.length} build trigger${triggers.length > 1 ? 's' : ''}\n`);
    let fsIndex = 1;
    const steps = [...triggers, ...stage.instructions];
    for (const [i, instruction] of steps.entries()) {
      // The legacy builder names the FROM step's image once its triggers have run.
      if (this.legacy && base !== 'scratch' && i === triggers.length) this.print(` ---> ${truncateId(state.imageId ?? '')}\n`);
      this.inTrigger = i < triggers.length;
      const env = envOf(state.config, stageArgs);
      const fs = this.isFsStep(instruction);
      if (fs) fsIndex++;
      const heredoc = soleHeredoc(instruction);
      const label = `${this.stageLabel(stage, fsIndex)} ${instruction.keyword} ${displayRest(instruction, env)}${heredoc ? ` (${summarizeHeredoc(heredoc.content)})` : ''}`;
      try {
        state = await this.step(stage, instruction, state, env, stageArgs, argOrder, fs ? label : undefined);
      } catch (err) {
        if (err instanceof BuildError) throw err.instruction ? err : new BuildError(err.message, instruction, err.exitCode, err.legacyMessage);
        if (err instanceof DockerfileSyntaxError) throw new BuildError(err.message, instruction);
        throw new BuildError(err instanceof DaemonError ? err.message : errorLine(err), instruction);
      }
    }
    this.inTrigger = false;
    if (this.legacy && base !== 'scratch' && steps.length === triggers.length) this.print(` ---> ${truncateId(state.imageId ?? '')}\n`);
    for (const [key, value] of this.request.labels) state.config.Labels = { ...state.config.Labels, [key]: value };
    stage.state = state;
  }

  /**
   * The ONBUILD triggers of a stage's base, parsed as instructions located at the FROM line
   * (where an error in one is shown). BuildKit counts each in the stage's step total.
   */
  private triggersOf(stage: Stage, base: ContainerConfig): Instruction[] {
    const triggers = (base.OnBuild ?? []).map((text) => {
      const parsed = parseDockerfile(text).instructions;
      if (parsed.length !== 1) throw new BuildError('onbuild trigger should be a single expression', stage.from);
      return { ...parsed[0]!, startLine: stage.from.startLine, endLine: stage.from.endLine };
    });
    if (!this.legacy) stage.fsTotal += triggers.length;
    return triggers;
  }

  private legacyStepLine(instruction: Instruction): void {
    if (!this.legacy || this.inTrigger) return;
    this.print(`Step ${++this.legacyStep}/${this.legacyTotal} : ${instruction.original}\n`);
  }

  private async step(stage: Stage, instruction: Instruction, state: State, env: Env, stageArgs: Map<string, string>, argOrder: string[], label: string | undefined): Promise<State> {
    this.legacyStepLine(instruction);
    const config = structuredClone(state.config);
    const word = (text: string) => processWord(text, env);
    const meta = (buildkitText: string, legacyText: string, apply: () => void): Promise<State> => {
      apply();
      return this.commitMeta(state, config, buildkitText, legacyText, instruction);
    };
    const rest = instruction.rest;
    switch (instruction.keyword) {
      case 'ENV': {
        const pairs = nameValueWords(rest, 'ENV').map(({ key, value }) => ({ key, value: word(value ?? '') }));
        const text = pairs.map((p) => `${p.key}=${p.value}`).join(' ');
        return meta(`ENV ${text}`, `ENV ${text}`, () => {
          for (const { key, value } of pairs) config.Env = [...(config.Env ?? []).filter((e) => e.split('=')[0] !== key), `${key}=${value}`];
        });
      }
      case 'LABEL': {
        const pairs = nameValueWords(rest, 'LABEL').map(({ key, value }) => ({ key: word(key), value: word(value ?? '') }));
        const text = pairs.map((p) => ` ${p.key}=${p.value}`).join('');
        return meta(`LABEL${text}`, `LABEL${text}`, () => {
          config.Labels = { ...config.Labels };
          for (const { key, value } of pairs) config.Labels[key] = value;
        });
      }
      case 'MAINTAINER':
        return meta(`MAINTAINER ${rest}`, `MAINTAINER ${rest}`, () => (state = { ...state, author: rest }));
      case 'ARG': {
        const parts: string[] = [];
        for (const { key, value } of nameValueWords(rest, 'ARG')) {
          const resolved = this.request.buildArgs.get(key) ?? (value !== undefined ? word(value) : this.globalArgs.get(key));
          if (resolved !== undefined) stageArgs.set(key, resolved);
          else stageArgs.delete(key);
          if (!argOrder.includes(key)) argOrder.push(key);
          parts.push(resolved !== undefined && (value !== undefined || this.request.buildArgs.has(key)) ? `${key}=${resolved}` : key);
        }
        return meta(`ARG ${parts.join(' ')}`, `ARG ${parts.join(' ')}`, () => {});
      }
      case 'WORKDIR': {
        const path = word(rest);
        if (path === '') throw new BuildError('WORKDIR requires exactly one argument');
        const dir = path.startsWith('/') ? join('/', path) : join(config.WorkingDir || '/', path);
        config.WorkingDir = dir;
        if (dir === '/' && !this.legacy) return { ...state, config, history: [...state.history, this.historyEntry(`WORKDIR ${dir}`, false)] };
        // BuildKit makes the directory as USER (a file operation's owner); the legacy builder as root.
        const owner = this.legacy ? '' : (config.User ?? '');
        return this.fsStep(state, config, instruction, label, `WORKDIR ${dir}`, `#(nop) WORKDIR ${dir}`, `workdir\0${dir}${owner === '' ? '' : `\0${owner}`}`, async (fs) => {
          if (fs.exists(dir)) return;
          const missing: string[] = [];
          for (let at = dir; at !== '/' && !fs.exists(at); at = at.slice(0, at.lastIndexOf('/')) || '/') missing.push(at);
          await fs.mkdir(dir, { recursive: true, mode: 0o755 });
          if (owner === '') return;
          const { uid, gid } = await buildkitFileOwner(fs, owner);
          for (const path of missing) await fs.chown(path, uid, gid);
        }, { buildkitSuffix: false, container: true });
      }
      case 'USER': {
        const user = word(rest);
        if (user === '') throw new BuildError('USER requires exactly one argument');
        return meta(`USER ${user}`, `USER ${user}`, () => (config.User = user));
      }
      case 'EXPOSE': {
        const ports = processWords(rest, env);
        const keys = ports.map((p) => (p.includes('/') ? p.toLowerCase() : `${p}/tcp`));
        const sorted = [...new Set(keys)].sort();
        return meta(`EXPOSE map[${sorted.map((k) => `${k}:{}`).join(' ')}]`, `EXPOSE ${ports.join(' ')}`, () => {
          config.ExposedPorts = { ...config.ExposedPorts };
          for (const key of keys) config.ExposedPorts[key] = {};
        });
      }
      case 'VOLUME': {
        const volumes = jsonForm(rest) ?? processWords(rest, env);
        if (volumes.some((v) => v.trim() === '')) throw new BuildError('VOLUME specified can not be an empty string');
        return meta(`VOLUME ${goList(volumes)}`, `VOLUME ${goList(volumes)}`, () => {
          config.Volumes = { ...config.Volumes };
          for (const v of volumes) config.Volumes[v] = {};
        });
      }
      case 'STOPSIGNAL': {
        const signal = word(rest);
        return meta(`STOPSIGNAL ${signal}`, `STOPSIGNAL ${signal}`, () => (config.StopSignal = signal));
      }
      case 'SHELL': {
        const shell = jsonForm(rest);
        if (!shell) throw new BuildError('SHELL requires the arguments to be in JSON form');
        return meta(`SHELL ${goList(shell)}`, `SHELL ${goList(shell)}`, () => (config.Shell = shell));
      }
      case 'CMD':
      case 'ENTRYPOINT': {
        const json = jsonForm(rest);
        const args = json ?? [...(config.Shell ?? DEFAULT_SHELL), rest];
        const text = `${instruction.keyword} ${goQuotedList(args)}`;
        return meta(text, text, () => {
          if (instruction.keyword === 'CMD') {
            config.Cmd = args;
            if (!this.legacy) config.ArgsEscaped = true;
          } else {
            config.Entrypoint = args;
            if (!stage.instructions.slice(0, stage.instructions.indexOf(instruction)).some((i) => i.keyword === 'CMD')) config.Cmd = null;
          }
        });
      }
      case 'HEALTHCHECK': {
        const { flags, rest: body } = splitFlags(instruction, ['interval', 'timeout', 'start-period', 'start-interval', 'retries']);
        const kind = body.split(/\s+/)[0]!.toUpperCase();
        let check: NonNullable<ContainerConfig['Healthcheck']>;
        if (kind === 'NONE') check = { Test: ['NONE'] };
        else if (kind === 'CMD') {
          const command = body.slice(3).trim();
          const json = jsonForm(command);
          check = { Test: json ? ['CMD', ...json] : ['CMD-SHELL', command] };
          const duration = (name: string, key: 'Interval' | 'Timeout' | 'StartPeriod' | 'StartInterval') => {
            const value = flags.get(name)?.at(-1);
            if (value === undefined) return;
            const ns = parseGoDuration(value);
            if (ns === undefined) throw new BuildError(`time: invalid duration "${value}"`);
            check[key] = ns;
          };
          duration('interval', 'Interval');
          duration('timeout', 'Timeout');
          duration('start-period', 'StartPeriod');
          duration('start-interval', 'StartInterval');
          const retries = flags.get('retries')?.at(-1);
          if (retries !== undefined) check.Retries = Number(retries);
        } else throw new BuildError(`Unknown type "${kind}" in HEALTHCHECK (try CMD)`);
        return meta(`HEALTHCHECK ${healthcheckPlusV(check)}`, `HEALTHCHECK ${healthcheckQ(check)}`, () => (config.Healthcheck = check));
      }
      case 'ONBUILD': {
        const trigger = rest.replace(/^(\S+)/, (k) => k.toUpperCase());
        const triggerKeyword = trigger.split(/\s/)[0]!;
        if (triggerKeyword === 'ONBUILD') throw new BuildError('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed');
        if (triggerKeyword === 'FROM' || triggerKeyword === 'MAINTAINER') throw new BuildError(`${triggerKeyword} isn't allowed as an ONBUILD trigger`);
        config.OnBuild = [...(config.OnBuild ?? []), trigger];
        // BuildKit records no history for ONBUILD; the legacy builder does.
        if (!this.legacy) return { ...state, config };
        return meta('', `ONBUILD ${trigger}`, () => {});
      }
      case 'RUN':
        return this.runStep(state, config, instruction, label!, stageArgs, argOrder);
      case 'COPY':
      case 'ADD':
        return this.copy(stage, state, config, instruction, label!, env);
    }
    throw new BuildError(`unknown instruction: ${instruction.keyword}`);
  }

  // ---- RUN --------------------------------------------------------------------------------

  private async runStep(state: State, config: ContainerConfig, instruction: Instruction, label: string, stageArgs: Map<string, string>, argOrder: string[]): Promise<State> {
    const { rest } = splitFlags(instruction, ['mount', 'network', 'security']);
    const json = jsonForm(rest);
    const heredoc = soleHeredoc(instruction);
    let command: string[];
    /** A here-document starting with `#!`: BuildKit mounts it as an executable file and runs that. */
    let script: { path: string; content: string } | undefined;
    if (json) command = json;
    else if (heredoc?.content.startsWith('#!') && !this.legacy) {
      script = { path: `/dev/pipes/${heredoc.name}`, content: heredoc.content };
      command = [...(config.Shell ?? DEFAULT_SHELL), script.path];
    } else if (heredoc) {
      command = [...(config.Shell ?? DEFAULT_SHELL), heredoc.content];
    } else {
      const script = instruction.heredocs.reduce((text, doc) => `${text}\n${doc.content}${doc.name}`, rest);
      command = [...(config.Shell ?? DEFAULT_SHELL), script];
    }
    // Build arguments in scope reach RUN as environment (ENV wins) and show in its history.
    const envList = [...(config.Env ?? [])];
    const argPairs: string[] = [];
    for (const key of argOrder) {
      const value = stageArgs.get(key);
      if (value === undefined) continue;
      if (!PREDEFINED_ARGS.has(key)) argPairs.push(`${key}=${value}`);
      if (!envList.some((e) => e.split('=')[0] === key)) envList.push(`${key}=${value}`);
    }
    const argPrefix = argPairs.length > 0 ? `|${argPairs.length} ${argPairs.join(' ')} ` : '';
    const shown = `${argPrefix}${command.join(' ')}`;
    const processEnv = Object.fromEntries(envList.map((e) => [e.slice(0, e.indexOf('=') < 0 ? e.length : e.indexOf('=')), e.includes('=') ? e.slice(e.indexOf('=') + 1) : '']));
    const workdir = config.WorkingDir || '/';
    const key = `run\0${JSON.stringify(command)}\0${JSON.stringify(envList)}\0${workdir}\0${config.User ?? ''}${script ? `\0${script.content}` : ''}`;
    return this.fsStep(state, config, instruction, label, `RUN ${shown}`, shown, key, async (_fs, vertex) => {
      const what = command.join(' ');
      // The process runs as USER: what it creates is that user's (the owner is set once resolved).
      let owner: ProcessUser = ROOT;
      const now = () => Math.floor(this.daemon.now() / 1000);
      const lower = script ? [...state.layers, scriptMount(script, now())] : state.layers;
      const overlay = await OverlayFs.open(lower, { now, owner: () => owner });
      const user = await resolveUserIn(overlay, config.User ?? '');
      if (typeof user === 'string') throw new BuildError(`process ${goQuote(what)} did not complete successfully: ${user}`, instruction, 1, user);
      owner = user;
      const mounts = await buildStepMounts(this.daemon, { env: processEnv, workingDir: workdir, id: randomContainerId(), argv: command, user });
      // The heredoc's file sits in the step's lower layers; BuildKit mounts it over /dev.
      if (script) mounts.push({ target: '/dev/pipes', fs: overlay, source: '/dev/pipes', readOnly: true });
      const machine = await createMachine({ overlay: withMounts(overlay, mounts), env: processEnv, cwd: workdir, now });
      // The working directory exists before the process starts, made by the runtime (root's).
      owner = ROOT;
      if (!machine.overlay.exists(workdir)) await machine.overlay.mkdir(workdir, { recursive: true });
      owner = user;
      const onOutput = (bytes: Uint8Array) => {
        if (this.legacy) this.print(new TextDecoder().decode(bytes));
        else if (vertex) this.log.output(vertex, bytes);
      };
      // `id`, `whoami` and friends find the user through the process registry (root when absent).
      const process = config.User ? registerProcess(1, user) : undefined;
      const env = process ? { ...processEnv, [PROCESS_ENV]: process.key } : processEnv;
      let result;
      try {
        result = await machine.shell.execProgram(command, { env, cwd: workdir, onStdout: onOutput, onStderr: onOutput });
      } finally {
        if (process) unregisterProcess(process);
      }
      if (result.exitCode !== 0) {
        throw new BuildError(
          `process ${goQuote(what)} did not complete successfully: exit code: ${result.exitCode}`,
          instruction,
          this.legacy ? result.exitCode : 1,
          `The command '${what}' returned a non-zero code: ${result.exitCode}`,
        );
      }
      return machine.overlay;
    }, { buildkitSuffix: true, container: true, containerCmd: argPairs.length > 0 ? [`|${argPairs.length}`, ...argPairs, ...command] : command });
  }

  // ---- COPY / ADD -------------------------------------------------------------------------

  private async copy(stage: Stage, state: State, config: ContainerConfig, instruction: Instruction, label: string, env: Env): Promise<State> {
    const isAdd = instruction.keyword === 'ADD';
    const { flags, rest } = splitFlags(instruction, isAdd ? ADD_FLAGS : COPY_FLAGS);
    const heredocNames = new Set(instruction.heredocs.map((h) => h.name));
    const words = jsonForm(rest) ?? splitRawWords(rest).map((w) => (/^<<-?["']?\w+["']?$/.test(w) ? w : processWord(w, env)));
    if (words.length < 2) throw new BuildError(`${instruction.keyword} requires at least two arguments, but only one was provided. Destination could not be determined.`);
    const destWord = words.at(-1)!;
    const sourceWords = words.slice(0, -1);
    const workdir = config.WorkingDir || '/';
    let dest = destWord.startsWith('/') ? destWord : `${workdir.replace(/\/$/, '')}/${destWord}`;
    if (destWord === '.' || destWord === './') dest = `${workdir.replace(/\/$/, '')}/`;
    for (const src of sourceWords) {
      if (/^https?:\/\//.test(src)) {
        if (!isAdd) throw new BuildError('source can\'t be a URL for COPY', undefined, 1, 'COPY failed: source can\'t be a URL for COPY');
        const host = new URL(src).host;
        throw new BuildError(`failed to load cache key: Get ${goQuote(src)}: dial tcp: lookup ${host}: no such host (the playground has no network)`, undefined, 1,
          `ADD failed: Get ${goQuote(src)}: dial tcp: lookup ${host}: no such host (the playground has no network)`);
      }
    }
    const from = flags.get('from')?.at(-1);
    const source = await this.copySource(from === undefined ? undefined : processWord(from, env), stage);
    const inline = instruction.heredocs.filter((h) => sourceWords.some((w) => w.replace(/^<<-?["']?|["']?$/g, '') === h.name));
    const paths: string[] = [];
    let wildcard = false;
    for (const src of sourceWords) {
      if (/^<<-?["']?\w+["']?$/.test(src) && heredocNames.has(src.replace(/^<<-?["']?|["']?$/g, ''))) continue;
      if (/[*?[]/.test(src)) wildcard = true;
      try {
        paths.push(...resolveSources(source, src));
      } catch (err) {
        if (err instanceof SourceNotFoundError) {
          // BuildKit fails the COPY's own vertex while computing its cache key.
          if (!this.legacy) this.failedVertex = this.log.vertex(label);
          const ref = sha256Hex(`${this.request.contextDir}\0${from ?? 'context'}`);
          throw new BuildError(
            `failed to compute cache key: failed to calculate checksum of ref ${ref.slice(0, 8)}-${ref.slice(8, 12)}-${ref.slice(12, 16)}-${ref.slice(16, 20)}-${ref.slice(20, 32)}::${ref.slice(32, 57)}: ${err.message}`,
            undefined,
            1,
            from === undefined
              ? `${instruction.keyword} failed: file not found in build context or excluded by .dockerignore: stat ${err.path.slice(1)}: file does not exist`
              : `${instruction.keyword} failed: stat ${err.path}: file does not exist`,
          );
        }
        throw err;
      }
    }
    const target = await OverlayFs.open(state.layers);
    const destIsDir = dest.endsWith('/') || sourceWords.length > 1 || wildcard || (target.exists(dest) && target.stat(dest).type === 'directory');
    const chownText = flags.get('chown')?.at(-1);
    const chmodText = flags.get('chmod')?.at(-1);
    const chmod = chmodText === undefined ? undefined : parseInt(chmodText, 8);
    if (chmodText !== undefined && (Number.isNaN(chmod) || !/^[0-7]+$/.test(chmodText))) throw new BuildError(`invalid chmod parameter: ${chmodText}`);
    const checksum = await checksumSources(source, paths);
    const inlineSum = sha256Hex(inline.map((h) => `${h.name}\0${h.content}`).join('\0'));
    const createdBy = `${instruction.keyword} ${[...sourceWords].join(' ')} ${destWord}`;
    // The legacy builder names the content by a hash of it: file:, dir: or multi:.
    const kind = paths.length + inline.length > 1 ? 'multi' : paths.length === 1 && source.fs.stat(paths[0]!).type === 'directory' ? 'dir' : 'file';
    const legacyText = `#(nop) ${instruction.keyword} ${chownText ? `--chown=${chownText} ` : ''}${kind}:${checksum.slice(7)} in ${dest.endsWith('/') && dest.length > 1 ? dest : dest} `;
    const key = `copy\0${instruction.keyword}\0${checksum}\0${inlineSum}\0${dest}\0${chownText ?? ''}\0${chmodText ?? ''}\0${destIsDir}`;
    return this.fsStep(state, config, instruction, label, createdBy, legacyText, key, async (fs) => {
      const now = Math.floor(this.daemon.now() / 1000);
      const chown = chownText === undefined ? undefined : await copyChownOwner(fs, processWord(chownText, env));
      if (typeof chown === 'string') throw new BuildError(chown);
      const options = { dest, now, ...(chown ? { chown } : {}), ...(chmod !== undefined ? { chmod } : {}), unpack: isAdd };
      await copyInto(fs, source, paths, options, destIsDir);
      for (const doc of inline) {
        const path = destIsDir ? join(dest, doc.name) : dest;
        await fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', { recursive: true });
        await fs.writeFile(path, encodeUtf8(doc.content), { mode: chmod ?? 0o644 });
        await fs.utimes(path, now);
      }
    }, { buildkitSuffix: true, container: false, target });
  }

  private async copySource(from: string | undefined, stage: Stage): Promise<CopySource> {
    if (from === undefined) {
      this.showContextVertex();
      return { fs: this.request.host, root: this.request.contextDir, ignore: this.ignore };
    }
    const byIndex = /^\d+$/.test(from) ? this.stages[Number(from)] : undefined;
    const source = byIndex ?? this.stageByName(from);
    if (source) {
      if (source.index >= stage.index || !source.state) throw new BuildError(`cannot copy from stage "${from}", it needs to be defined before current stage "${stage.name ?? `stage-${stage.index}`}"`);
      return { fs: await OverlayFs.open(source.state.layers), root: '/' };
    }
    const image = await this.resolveImage(from);
    return { fs: await OverlayFs.open(image.image.layers), root: '/' };
  }

  private showContextVertex(): void {
    if (this.legacy || this.contextVertexShown) return;
    this.contextVertexShown = true;
    const vertex = this.log.vertex('[internal] load build context');
    this.log.status(vertex, `transferring context: ${transferSize(this.contextFileBytes())} done`);
    this.log.done(vertex);
  }

  // ---- committing steps ---------------------------------------------------------------------

  /**
   * A metadata-only step: BuildKit records an empty-layer history entry; the legacy builder
   * commits a container (`#(nop)` command), so it prints one and caches the step.
   */
  private async commitMeta(state: State, config: ContainerConfig, buildkitText: string, legacyText: string, instruction: Instruction): Promise<State> {
    if (!this.legacy) return { ...state, config, history: [...state.history, this.historyEntry(buildkitText, false)] };
    const key = chainKey(state.key, `meta\0${legacyText}\0${JSON.stringify(config)}`);
    const cached = this.cacheHit(key);
    if (cached) return cached;
    const container = this.containerId(key);
    this.print(` ---> Running in ${container.slice(0, 12)}\n`);
    const next: State = { ...state, config, history: [...state.history, this.legacyHistory(config, `#(nop)  ${legacyText}`, true)], key };
    return this.commitLegacy(next, state, key, { id: container, cmd: [...(config.Shell ?? DEFAULT_SHELL), '#(nop) ', legacyText] });
  }

  /** A step that changes the filesystem (RUN, COPY, ADD, WORKDIR): cached, or run and its upper layer kept. */
  private async fsStep(
    state: State,
    config: ContainerConfig,
    instruction: Instruction,
    label: string | undefined,
    buildkitText: string,
    legacyText: string,
    stepKey: string,
    apply: (fs: OverlayFs, vertex: Vertex | undefined) => Promise<OverlayFs | void>,
    options: { buildkitSuffix: boolean; container: boolean; target?: OverlayFs; containerCmd?: string[] },
  ): Promise<State> {
    const key = chainKey(state.key, `${stepKey}\0${this.legacy ? JSON.stringify(config) : ''}`);
    let vertex: Vertex | undefined;
    if (!this.legacy && label !== undefined) vertex = this.log.vertex(label);
    const cached = this.cacheHit(key, vertex);
    if (cached) return { ...cached, config: this.legacy ? cached.config : config, history: this.legacy ? cached.history : [...state.history, cached.history.at(-1)!] };
    const container = options.container && this.legacy ? this.containerId(key) : undefined;
    if (container) this.print(` ---> Running in ${container.slice(0, 12)}\n`);
    this.failedVertex = vertex;
    const fs = options.target ?? (await OverlayFs.open(state.layers, { now: () => Math.floor(this.daemon.now() / 1000) }));
    const written = (await apply(fs, vertex)) ?? fs;
    this.failedVertex = undefined;
    const changed = written.upperChanges().length > 0;
    // The layer as a source, hashed by streaming: a file COPY'd in from an upload stays a window of it.
    const layer = changed ? await layerFromTarSource(written.exportUpperLayerSource({ blockingFactor: 1 })) : undefined;
    const layers = layer ? [...state.layers, layer] : state.layers;
    const history = this.legacy
      ? this.legacyHistory(config, legacyText, !layer)
      : this.historyEntry(options.buildkitSuffix ? `${buildkitText} # buildkit` : buildkitText, layer !== undefined);
    const next: State = { ...state, layers, config, history: [...state.history, history], key };
    if (!this.legacy) {
      this.cache.set(key, { state: next });
      if (vertex) this.log.done(vertex);
      return next;
    }
    const cmd = options.containerCmd ?? [...(config.Shell ?? DEFAULT_SHELL), legacyText];
    return this.commitLegacy(next, state, key, container ? { id: container, cmd } : { cmd });
  }

  private cacheHit(key: string, vertex?: Vertex): State | undefined {
    if (this.request.noCache) return undefined;
    const hit = this.cache.get(key);
    if (!hit) return undefined;
    if (this.legacy) {
      if (!hit.state.imageId || !this.daemon.images.has(hit.state.imageId)) return undefined;
      this.print(this.inTrigger ? ' ---> Using cache\n' : ` ---> Using cache\n ---> ${truncateId(hit.state.imageId)}\n`);
    } else if (vertex) this.log.cached(vertex);
    return hit.state;
  }

  /**
   * The legacy builder commits every step as an image whose parent is the previous step's: the
   * step's container (`Running in`, when shown) and, before Docker 26, its config, whose Cmd is
   * what the history shows.
   */
  private async commitLegacy(next: State, previous: State, key: string, step: { id?: string; cmd: string[] }): Promise<State> {
    const { release } = this.request;
    const container = step.id;
    const recorded = release.inspectContainerConfig ? { id: container ?? this.containerId(key), cmd: step.cmd } : undefined;
    const image = legacyImage(next, previous.imageId, this.daemon.now(), release.version, recorded);
    await this.store(image, previous.imageId);
    const committed = { ...next, imageId: image.id };
    this.cache.set(key, { state: committed });
    // Docker 23 reworded the line (moby#43981); 20.10 and 18.09 print it without the arrow.
    const shortId = container?.slice(0, 12);
    if (shortId) this.print(release.buildkitByDefault ? ` ---> Removed intermediate container ${shortId}\n` : `Removing intermediate container ${shortId}\n`);
    if (!this.inTrigger) this.print(` ---> ${truncateId(image.id)}\n`);
    return committed;
  }

  private async commitBuildkit(state: State): Promise<Image> {
    const vertex = this.log.vertex('exporting to image');
    const image = buildkitImage(state, this.daemon.now());
    this.log.status(vertex, 'exporting layers 0.0s done');
    await this.store(image);
    this.log.status(vertex, `writing image ${image.id} done`);
    for (const tag of this.request.tags) this.log.status(vertex, `naming to ${fullString(withDefaultTag(parseNormalizedNamed(tag)))} done`);
    this.log.done(vertex);
    return image;
  }

  /**
   * `--push` with the docker driver: the daemon's exporter cannot push, so buildx pushes the
   * named images through the daemon afterwards, as one `pushing NAMES with docker` vertex.
   */
  private async pushTags(): Promise<void> {
    const names = this.request.tags.map((tag) => fullString(withDefaultTag(parseNormalizedNamed(tag))));
    if (names.length === 0) throw new BuildError('tag is needed when pushing to registry');
    const vertex = this.log.vertex(`pushing ${names.join(',')} with docker`);
    for (const name of names) {
      try {
        await this.daemon.push(name, (line) => {
          const layer = /^([0-9a-f]{12}): (Pushed|Layer already exists|Mounted from .*)$/.exec(line);
          if (layer) this.log.status(vertex, `pushing layer ${layer[1]} done`);
        });
      } catch (err) {
        this.failedVertex = vertex;
        throw new BuildError(errorLine(err));
      }
    }
    this.log.done(vertex);
  }

  private async store(image: Image, parent?: string): Promise<void> {
    const chain = chainIds(image.configFile.rootfs.diff_ids);
    const fresh = new Map<string, { chainId: string; diffId: string; layer: Layer; tarSize: number; size: number }>();
    for (const [i, layer] of image.layers.entries()) {
      const chainId = chain[i]!;
      if (this.daemon.images.layer(chainId)) continue;
      fresh.set(chainId, { chainId, diffId: layer.diffId, layer, tarSize: layer.size, size: await unpackedSize(layer) });
    }
    this.daemon.images.add(image, fresh, parent);
  }

  private historyEntry(createdBy: string, withLayer: boolean): HistoryEntry {
    return { created: goTimeOfMs(this.daemon.now()), created_by: createdBy, comment: HISTORY_COMMENT, ...(withLayer ? {} : { empty_layer: true }) };
  }

  private legacyHistory(config: ContainerConfig, text: string, empty: boolean): HistoryEntry {
    const shell = config.Shell ?? DEFAULT_SHELL;
    // Metadata and file steps are recorded as a no-op shell command; RUN as its command line.
    const createdBy = text.startsWith('#(nop)') ? `${shell.join(' ')} ${text}` : text;
    return { created: goTimeOfMs(this.daemon.now()), created_by: createdBy, ...(empty ? { empty_layer: true } : {}) };
  }

  /** A step's container ID (64 hex; the builder prints the first 12). */
  private containerId(key: string): string {
    return sha256Hex(`${key}\0container\0${++this.containerCount}\0${this.daemon.now()}`);
  }

  // ---- images and context -----------------------------------------------------------------

  private async resolveImage(name: string, at?: Instruction): Promise<{ id: string; image: Image; display: string; pulled: PulledBlobs | undefined }> {
    let ref;
    try {
      ref = withDefaultTag(parseNormalizedNamed(name));
    } catch (err) {
      throw new BuildError(`failed to parse stage name "${name}": invalid reference format`, at, 1, `Error parsing reference: ${goQuote(name)} is not a valid repository/tag: invalid reference format`);
    }
    let id = this.daemon.images.resolveReference(ref);
    if (id === undefined) {
      const lines: string[] = [];
      try {
        await this.daemon.pull(fullString(ref), (line) => lines.push(line));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new BuildError(
          `${name}: failed to resolve source metadata for ${fullString(ref)}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
          at,
          1,
          message,
        );
      }
      if (this.legacy) this.print(lines.map((l) => `${l}\n`).join(''));
      id = this.daemon.images.resolveReference(ref)!;
      this.pulled.set(id, await this.pulledBlobs(ref, id, lines));
    }
    const pulled = this.pulled.get(id);
    const stored = this.daemon.getImage(id);
    const digest = stored.repoDigests.find((d) => d.startsWith(`${familiarString({ domain: ref.domain, path: ref.path })}@`))?.split('@')[1];
    return { id, image: stored.image, display: `${fullString(ref)}${digest ? `@${digest}` : ''}`, pulled };
  }

  /**
   * What a pull fetched, as BuildKit's image source reports it: the manifest the reference
   * names, the config, and the layers that were not in the store already (`Pull complete`).
   */
  private async pulledBlobs(ref: ImageReference, id: string, pullLines: readonly string[]): Promise<PulledBlobs> {
    const { image } = this.daemon.getImage(id);
    const manifestDigest = this.daemon.images.resolveReference(ref) === id ? image.manifestDigest : undefined;
    const registry = ref.domain === LOCAL_REGISTRY ? this.daemon.localRegistry : this.daemon.catalog;
    const manifest = manifestDigest === undefined ? undefined : await registry.manifest(ref.path, manifestDigest);
    const fetched = new Set(pullLines.filter((l) => l.endsWith(': Pull complete')).map((l) => l.slice(0, l.indexOf(':'))));
    return {
      metadata: [...(manifest ? [{ digest: manifest.digest, size: manifest.bytes.length }] : []), { digest: image.manifest.config.digest, size: image.manifest.config.size }],
      layers: image.manifest.layers.filter((l) => fetched.has(truncateId(l.digest))).map((l) => ({ digest: l.digest, size: l.size })),
    };
  }

  /**
   * The blobs of a base image BuildKit pulled, under its FROM vertex: manifest and config
   * fetched whole, then each layer downloaded and extracted.
   */
  private showDownload(vertex: Vertex, pulled: PulledBlobs): void {
    const started = this.daemon.now();
    for (const blob of pulled.metadata) this.log.timed(vertex, `${blob.digest} ${transferSize(blob.size)} / ${transferSize(blob.size)}`, started, true);
    for (const layer of pulled.layers) this.log.timed(vertex, `${layer.digest} 0B / ${transferSize(layer.size)}`, started, false);
    for (const layer of pulled.layers) {
      this.log.timed(vertex, `${layer.digest} ${transferSize(layer.size)} / ${transferSize(layer.size)}`, started, true);
      const extracting = this.daemon.now();
      this.log.status(vertex, `extracting ${layer.digest}`);
      this.log.timed(vertex, `extracting ${layer.digest}`, extracting, true);
    }
  }

  /** Files of the context the build can see (`.dockerignore` applied), each once. */
  private contextEntries(): { rel: string; type: string; size: number }[] {
    const out: { rel: string; type: string; size: number }[] = [];
    const { host, contextDir } = this.request;
    const walk = (dir: string, prefix: string) => {
      for (const name of host.readdir(dir).sort()) {
        const rel = prefix === '' ? name : `${prefix}/${name}`;
        const path = join(dir, name);
        const stat = host.lstat(path);
        const always = rel === '.dockerignore' || rel === this.request.dockerfile.name;
        if (!always && this.ignore.ignores(rel)) continue;
        out.push({ rel, type: stat.type, size: stat.type === 'file' ? stat.size : 0 });
        if (stat.type === 'directory') walk(path, rel);
      }
    };
    walk(contextDir, '');
    return out;
  }

  /** The context as the CLI tars it for the legacy builder (headers, padded data, end blocks). */
  private contextTarSize(): number {
    return this.contextEntries().reduce((n, e) => n + 512 + Math.ceil(e.size / 512) * 512, 1024);
  }

  private contextFileBytes(): number {
    return this.contextEntries().reduce((n, e) => n + e.size, 0);
  }
}

/** Blobs a pull fetched: digests and sizes as the registry served them. */
interface PulledBlobs {
  metadata: { digest: string; size: number }[];
  layers: { digest: string; size: number }[];
}

const KNOWN_INSTRUCTIONS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
const COPY_FLAGS = ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'];
const ADD_FLAGS = ['chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude', 'unpack'];

/** The here-document of a `RUN <<EOF` that is nothing else (BuildKit runs its body on its own). */
function soleHeredoc(instruction: Instruction): Heredoc | undefined {
  if (instruction.keyword !== 'RUN' || instruction.heredocs.length !== 1) return undefined;
  return /^<<-?\s*["']?\w+["']?$/.test(splitFlags(instruction, ['mount', 'network', 'security']).rest) ? instruction.heredocs[0] : undefined;
}

/** BuildKit's vertex name adds a here-document's first line (`RUN <<EOF (#!/bin/sh...)`). */
function summarizeHeredoc(content: string): string {
  const lines = content.trim().replace(/\r\n/g, '\n').split('\n');
  return lines.length > 1 ? `${lines[0]}...` : lines[0]!;
}

/**
 * A script here-document as BuildKit provides it: a mount at /dev/pipes. Here a layer beneath
 * the step's writable one, so the script is there to run but never part of the step's layer.
 */
function scriptMount(script: { path: string; content: string }, mtime: number): Layer {
  const dir = script.path.slice(1, script.path.lastIndexOf('/') + 1);
  return layerFromTar(writeTar([
    { name: dir, type: 'directory', mode: 0o755, mtime },
    { name: script.path.slice(1), type: 'file', mode: 0o755, mtime, data: encodeUtf8(script.content) },
  ]));
}

/** What a step is called in BuildKit's progress: the instruction with known variables filled in. */
function displayRest(instruction: Instruction, env: Env): string {
  try {
    return processWord(instruction.rest, env, { rawQuotes: true, skipUnset: true });
  } catch {
    return instruction.rest;
  }
}

/** The variables an instruction may use: ENV of the image, then the stage's ARGs (ENV wins). */
function envOf(config: ContainerConfig, args: ReadonlyMap<string, string>): Env {
  const env = new Map(args);
  for (const entry of config.Env ?? []) {
    const eq = entry.indexOf('=');
    env.set(eq < 0 ? entry : entry.slice(0, eq), eq < 0 ? '' : entry.slice(eq + 1));
  }
  return env;
}

function stateOfImage(image: Image, id: string): State {
  const file = image.configFile;
  return {
    layers: [...image.layers],
    config: structuredClone({ ...(file.config ?? {}), OnBuild: null }),
    history: [...(file.history ?? [])],
    architecture: file.architecture || 'amd64',
    os: file.os || 'linux',
    ...(file.variant ? { variant: file.variant } : {}),
    ...(typeof file.author === 'string' && file.author ? { author: file.author } : {}),
    key: `image\0${id}`,
    imageId: id,
  };
}

function chainKey(previous: string, step: string): string {
  return sha256Hex(`${previous}\n${step}`);
}

function sha256Hex(text: string): string {
  return new Sha256().update(encodeUtf8(text)).hex();
}

function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** `HumanSize` of the context tar, padded as the CLI's progress line pads it (`  2.048kB`). */
function humanContextSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = Number(value.toPrecision(4)).toString();
  return `${digits}${units[unit]}`.padStart(8);
}

// ---- image configs ----------------------------------------------------------------------------

/** BuildKit's config: top-level keys sorted (the exporter patches a JSON map), the OCI config struct inside. */
function buildkitImage(state: State, nowMs: number): Image {
  const c = state.config;
  const config: Record<string, unknown> = {};
  if (c.User) config['User'] = c.User;
  if (c.ExposedPorts && Object.keys(c.ExposedPorts).length > 0) config['ExposedPorts'] = sortedMap(c.ExposedPorts);
  if (c.Env && c.Env.length > 0) config['Env'] = c.Env;
  if (c.Entrypoint && c.Entrypoint.length > 0) config['Entrypoint'] = c.Entrypoint;
  if (c.Cmd && c.Cmd.length > 0) config['Cmd'] = c.Cmd;
  if (c.Volumes && Object.keys(c.Volumes).length > 0) config['Volumes'] = sortedMap(c.Volumes);
  if (c.WorkingDir) config['WorkingDir'] = c.WorkingDir;
  if (c.Labels && Object.keys(c.Labels).length > 0) config['Labels'] = sortedMap(c.Labels);
  if (c.StopSignal) config['StopSignal'] = c.StopSignal;
  if (c.ArgsEscaped) config['ArgsEscaped'] = true;
  if (c.Healthcheck) config['Healthcheck'] = c.Healthcheck;
  if (c.OnBuild && c.OnBuild.length > 0) config['OnBuild'] = c.OnBuild;
  if (c.Shell && c.Shell.length > 0) config['Shell'] = c.Shell;
  const history = state.history.map(historyJson);
  const file: ImageConfigFile = {
    architecture: state.architecture,
    ...(state.author ? { author: state.author } : {}),
    config: config as ContainerConfig,
    created: goTimeOfMs(nowMs),
    history,
    os: state.os,
    rootfs: { type: 'layers', diff_ids: state.layers.map((l) => l.diffId) },
    ...(state.variant ? { variant: state.variant } : {}),
  };
  return imageOf(file, goJson(file), state.layers);
}

/**
 * The legacy builder's config: moby's `image.Image` marshalled with sorted keys, a full
 * container.Config; before Docker 26 also the step's container and its config (hostname: the
 * container's short ID; Cmd: the step's command).
 */
function legacyImage(state: State, parent: string | undefined, nowMs: number, dockerVersion: string, container?: { id: string; cmd: string[] }): Image {
  const config = goContainerConfig({ ...state.config, Image: parent ?? '' });
  const raw: Record<string, unknown> = {
    architecture: state.architecture,
    ...(state.author ? { author: state.author } : {}),
    config,
    ...(container
      ? { container: container.id, container_config: goContainerConfig({ ...state.config, Hostname: container.id.slice(0, 12), Cmd: container.cmd, Image: parent ?? '' } as ContainerConfig) }
      : {}),
    created: goTimeOfMs(nowMs),
    docker_version: dockerVersion,
    history: state.history.map(historyJson),
    os: state.os,
    rootfs: { type: 'layers', diff_ids: state.layers.map((l) => l.diffId) },
    ...(state.variant ? { variant: state.variant } : {}),
  };
  return imageOf(raw as unknown as ImageConfigFile, goJson(raw), state.layers);
}

function imageOf(configFile: ImageConfigFile, json: string, layers: readonly Layer[]): Image {
  return makeImage({ rawConfig: encodeUtf8(json), configFile: JSON.parse(json) as ImageConfigFile, layers, what: 'built image' });
}

/** An OCI history entry in Go's field order. */
function historyJson(entry: HistoryEntry): HistoryEntry {
  return {
    ...(entry.created ? { created: entry.created } : {}),
    ...(entry.created_by ? { created_by: entry.created_by } : {}),
    ...(entry.author ? { author: entry.author } : {}),
    ...(entry.comment ? { comment: entry.comment } : {}),
    ...(entry.empty_layer ? { empty_layer: true } : {}),
  };
}

function sortedMap<T>(map: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(map).sort().map((k) => [k, map[k]!]));
}
