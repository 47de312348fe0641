/**
 * `docker inspect` and `docker image inspect`, after docker/cli's cli/command/inspect: the JSON
 * array indented as `json.Indent(…, "", "    ")` prints it, `--format json` compact, or a Go
 * template run on the typed object and, if that fails, on the raw JSON with `missingkey=error`
 * (which is where "map has no entry for key" comes from). Names not found are reported after the
 * found ones are printed, with exit status 1.
 */
import { flagBool, flagString, INSPECT_FORMAT_FLAG, parseDockerFlags, type CommandSpec } from './cli.ts';
import { imageInspectJson, type JsonValue } from '../../../engine/docker/inspect-json.ts';
import type { StoredImage } from '../../../engine/docker/types.ts';
import type { DockerRelease } from '../../../engine/docker/release.ts';
import {
  emptyStruct,
  goAny,
  goBool,
  goInt,
  goJson,
  goString,
  goValue,
  isTemplateError,
  mapOf,
  parseTemplate,
  pointerTo,
  sliceOf,
  type GoTemplate,
  type GoType,
} from './go-template.ts';

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** An object `docker inspect` can print: its API JSON and the Go type the CLI decodes it into. */
export interface InspectTarget {
  readonly json: { [key: string]: JsonValue };
  readonly goType: GoType;
}

export type ImageLookup = (name: string) => StoredImage | undefined;

/** Where `docker inspect` looks, in docker's order: containers first, then images. */
export interface InspectSources {
  readonly image: ImageLookup;
  /** With `size`, the container's SizeRw and SizeRootFs too (`-s`). */
  readonly container?: (name: string, size: boolean) => InspectTarget | undefined;
  readonly volume?: (name: string) => InspectTarget | undefined;
  /** The Docker release whose image fields to print (27 when absent). */
  readonly release?: DockerRelease;
}

// docker/cli's Go types (API 1.46 client), for what templates print: nil slices as [], structs as {…}.
const strSlice = sliceOf(goString, 'strslice.StrSlice');
const HEALTH_CONFIG: GoType = {
  kind: 'struct',
  name: 'container.HealthConfig',
  fields: [
    { name: 'Test', type: sliceOf(goString) },
    { name: 'Interval', type: { kind: 'duration' } },
    { name: 'Timeout', type: { kind: 'duration' } },
    { name: 'StartPeriod', type: { kind: 'duration' } },
    { name: 'StartInterval', type: { kind: 'duration' } },
    { name: 'Retries', type: goInt },
  ],
};

export const CONTAINER_CONFIG: GoType = {
  kind: 'struct',
  name: 'container.Config',
  fields: [
    { name: 'Hostname', type: goString },
    { name: 'Domainname', type: goString },
    { name: 'User', type: goString },
    { name: 'AttachStdin', type: goBool },
    { name: 'AttachStdout', type: goBool },
    { name: 'AttachStderr', type: goBool },
    { name: 'ExposedPorts', type: mapOf(emptyStruct, 'nat.PortSet') },
    { name: 'Tty', type: goBool },
    { name: 'OpenStdin', type: goBool },
    { name: 'StdinOnce', type: goBool },
    { name: 'Env', type: sliceOf(goString) },
    { name: 'Cmd', type: strSlice },
    { name: 'Healthcheck', type: pointerTo(HEALTH_CONFIG) },
    { name: 'ArgsEscaped', type: goBool },
    { name: 'Image', type: goString },
    { name: 'Volumes', type: mapOf(emptyStruct) },
    { name: 'WorkingDir', type: goString },
    { name: 'Entrypoint', type: strSlice },
    { name: 'NetworkDisabled', type: goBool },
    { name: 'MacAddress', type: goString },
    { name: 'OnBuild', type: sliceOf(goString) },
    { name: 'Labels', type: mapOf(goString) },
    { name: 'StopSignal', type: goString },
    { name: 'StopTimeout', type: pointerTo(goInt) },
    { name: 'Shell', type: strSlice },
  ],
};

export const IMAGE_INSPECT: GoType = {
  kind: 'struct',
  name: 'types.ImageInspect',
  fields: [
    { name: 'ID', json: 'Id', type: goString },
    { name: 'RepoTags', type: sliceOf(goString) },
    { name: 'RepoDigests', type: sliceOf(goString) },
    { name: 'Parent', type: goString },
    { name: 'Comment', type: goString },
    { name: 'Created', type: goString },
    { name: 'Container', type: goString },
    { name: 'ContainerConfig', type: pointerTo(CONTAINER_CONFIG) },
    { name: 'DockerVersion', type: goString },
    { name: 'Author', type: goString },
    { name: 'Config', type: pointerTo(CONTAINER_CONFIG) },
    { name: 'Architecture', type: goString },
    { name: 'Variant', type: goString },
    { name: 'Os', type: goString },
    { name: 'OsVersion', type: goString },
    { name: 'Size', type: goInt },
    { name: 'VirtualSize', type: goInt },
    {
      name: 'GraphDriver',
      type: {
        kind: 'struct',
        name: 'types.GraphDriverData',
        fields: [
          { name: 'Data', type: mapOf(goString) },
          { name: 'Name', type: goString },
        ],
      },
    },
    {
      name: 'RootFS',
      type: {
        kind: 'struct',
        name: 'types.RootFS',
        fields: [
          { name: 'Type', type: goString },
          { name: 'Layers', type: sliceOf(goString) },
          { name: 'BaseLayer', type: goString },
        ],
      },
    },
    { name: 'Metadata', type: { kind: 'struct', name: 'image.Metadata', fields: [{ name: 'LastTagTime', type: { kind: 'time' } }] } },
  ],
};

export function imageInspectTarget(stored: StoredImage, release?: DockerRelease): InspectTarget {
  return { json: imageInspectJson(stored, release), goType: IMAGE_INSPECT };
}

const OBJECT_TYPES = ['config', 'container', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'task', 'volume'];

const DOCKER_INSPECT: CommandSpec = {
  path: 'docker inspect',
  use: 'inspect [OPTIONS] NAME|ID [NAME|ID...]',
  short: 'Return low-level information on Docker objects',
  flags: [
    INSPECT_FORMAT_FLAG,
    { long: 'size', short: 's', kind: 'bool', help: 'Display total file sizes if the type is container' },
    { long: 'type', kind: 'string', help: 'Return JSON for specified type' },
  ],
  args: { min: 1, max: Infinity },
};

const DOCKER_IMAGE_INSPECT: CommandSpec = {
  path: 'docker image inspect',
  use: 'image inspect [OPTIONS] IMAGE [IMAGE...]',
  short: 'Display detailed information on one or more images',
  flags: [INSPECT_FORMAT_FLAG],
  args: { min: 1, max: Infinity },
};

/** `docker container inspect`: containers only, `-s` but no `--type` (cli/command/container/inspect.go). */
const DOCKER_CONTAINER_INSPECT: CommandSpec = {
  path: 'docker container inspect',
  use: 'container inspect [OPTIONS] CONTAINER [CONTAINER...]',
  short: 'Display detailed information on one or more containers',
  flags: [INSPECT_FORMAT_FLAG, { long: 'size', short: 's', kind: 'bool', help: 'Display total file sizes' }],
  args: { min: 1, max: Infinity },
};

/** `docker inspect [-f FORMAT] [-s] [--type TYPE] NAME...` (args after `inspect`). */
export function dockerInspect(args: readonly string[], lookup: ImageLookup | InspectSources): CommandOutput {
  const sources = typeof lookup === 'function' ? { image: lookup } : lookup;
  const parsed = parseInspectFlags(args, DOCKER_INSPECT);
  if ('exitCode' in parsed) return parsed;
  const type = parsed.type;
  if (type !== undefined && !OBJECT_TYPES.includes(type))
    return { stdout: '', stderr: `"${type}" is not a valid value for --type\n`, exitCode: 1 };
  // docker/cli's inspectAll: each type in turn, the first that knows the name wins.
  const find = (name: string): InspectTarget | string => {
    if (type === 'image') return findImage(sources, name) ?? `Error: No such image: ${name}`;
    if (type === 'container') return sources.container?.(name, parsed.size) ?? `Error: No such container: ${name}`;
    if (type === 'volume') return sources.volume?.(name) ?? `Error: No such volume: ${name}`;
    if (type !== undefined) return `Error: No such ${type}: ${name}`;
    return sources.container?.(name, parsed.size) ?? findImage(sources, name) ?? sources.volume?.(name) ?? `Error: No such object: ${name}`;
  };
  return inspect(parsed.names, parsed.format, find);
}

/** `docker container inspect [-f FORMAT] [-s] CONTAINER...`: the daemon's "No such container" for a name it does not know. */
export function dockerContainerInspect(args: readonly string[], container: (name: string, size: boolean) => InspectTarget | undefined): CommandOutput {
  const parsed = parseInspectFlags(args, DOCKER_CONTAINER_INSPECT);
  if ('exitCode' in parsed) return parsed;
  return inspect(parsed.names, parsed.format, (name) => container(name, parsed.size) ?? `Error: No such container: ${name}`);
}

/** `docker image inspect [-f FORMAT] IMAGE...` (args after `image inspect`). */
export function dockerImageInspect(args: readonly string[], lookup: ImageLookup, release?: DockerRelease): CommandOutput {
  const parsed = parseInspectFlags(args, DOCKER_IMAGE_INSPECT);
  if ('exitCode' in parsed) return parsed;
  const sources: InspectSources = release ? { image: lookup, release } : { image: lookup };
  return inspect(parsed.names, parsed.format, (name) => findImage(sources, name) ?? `Error: No such image: ${name}`);
}

function findImage(sources: InspectSources, name: string): InspectTarget | undefined {
  const stored = sources.image(name);
  return stored && imageInspectTarget(stored, sources.release);
}

function inspect(names: readonly string[], format: string, find: (name: string) => InspectTarget | string): CommandOutput {
  let template: GoTemplate | undefined;
  if (format !== '' && format !== 'json') {
    try {
      template = parseTemplate(format);
    } catch (err) {
      if (!isTemplateError(err)) throw err;
      return { stdout: '', stderr: `template parsing error: ${err.message}\n`, exitCode: 64 };
    }
  }
  const errors: string[] = [];
  const found: InspectTarget[] = [];
  let stdout = '';
  for (const name of names) {
    const target = find(name);
    if (typeof target === 'string') {
      errors.push(target);
      continue;
    }
    if (!template) {
      found.push(target);
      continue;
    }
    const result = executeWithFallback(template, target);
    if (result.ok) stdout += result.text + '\n';
    else errors.push(result.error);
  }
  if (!template) {
    const elements = found.map((t) => t.json);
    if (elements.length === 0) stdout = '[]\n';
    // json.Indent / json.Compact keep the daemon's HTML escaping of <, > and &.
    else stdout = (format === 'json' ? goJson(elements, true) : goJson(elements, true, '    ')) + '\n';
  } else if (stdout === '') stdout = '\n';
  return { stdout, stderr: errors.map((e) => e + '\n').join(''), exitCode: errors.length > 0 ? 1 : 0 };
}

/** docker/cli's TemplateInspector: the typed struct first, then the raw JSON with missingkey=error. */
function executeWithFallback(template: GoTemplate, target: InspectTarget): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: template.execute(goValue(target.goType, target.json)) };
  } catch (err) {
    if (!isTemplateError(err)) throw err;
  }
  try {
    return { ok: true, text: template.execute(goValue(goAny, target.json), { missingKeyError: true }) };
  } catch (err) {
    if (!isTemplateError(err)) throw err;
    return { ok: false, error: `template parsing error: ${err.message}` };
  }
}

interface InspectFlags {
  readonly names: string[];
  readonly format: string;
  readonly type?: string;
  readonly size: boolean;
}

/** The flags `spec` has (`--type` and `-s` only where that command has them). */
function parseInspectFlags(args: readonly string[], spec: CommandSpec): InspectFlags | CommandOutput {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const flags = { names: parsed.positional, format: flagString(parsed, 'format') ?? '', size: flagBool(parsed, 'size') };
  const type = flagString(parsed, 'type');
  return type === undefined ? flags : { ...flags, type };
}
