/**
 * `docker version`, `docker info` and `docker system df`. Versions are those of the Docker
 * release imitated (release.ts); fields that would describe the host say what the playground
 * really is.
 */
import type { ExecResult } from 'just-bash';
import { writableLayerSize } from '../../../engine/docker/containers.ts';
import { LOCAL_REGISTRY, type DockerDaemon } from '../../../engine/docker/daemon.ts';
import { DEFAULT_DOCKER_RELEASE, type DockerRelease } from '../../../engine/docker/release.ts';
import { humanDuration, humanSize, humanSizeWithPrecision } from '../../../engine/docker/units.ts';
import { chainIds } from '../../../engine/docker/v1-image.ts';
import { volumesOf } from '../../../engine/docker/containers-volumes.ts';
import { containersUsingVolume } from '../../container/container-mounts.ts';
import { CONTAINER_CONTEXT, CONTAINER_HEADERS, containerRow, HEADER_CONTEXT } from './ps.ts';
import { fail, flagBool, flagString, INSPECT_FORMAT_FLAG, LIST_FORMAT_FLAG, ok, parseDockerFlags, type CommandSpec } from './cli.ts';
import { goAny, goBool, goString, isTemplateError, parseTemplate, sliceOf, goValue, mapOf, pointerTo, type GoField, type GoType, type GoValue } from './go-template.ts';
import { renderRows } from './images.ts';
import { KERNEL } from '../system/host-machine.ts';

export const VERSION: CommandSpec = {
  path: 'docker version',
  use: 'version [OPTIONS]',
  short: 'Show the Docker version information',
  flags: [INSPECT_FORMAT_FLAG],
  args: { min: 0, max: 0 },
};

export const INFO: CommandSpec = {
  path: 'docker info',
  use: 'info [OPTIONS]',
  short: 'Display system-wide information',
  aliases: 'docker system info, docker info',
  flags: [INSPECT_FORMAT_FLAG],
  args: { min: 0, max: 0 },
};

export const SYSTEM_DF: CommandSpec = {
  path: 'docker system df',
  use: 'system df [OPTIONS]',
  short: 'Show docker disk usage',
  flags: [
    LIST_FORMAT_FLAG,
    { long: 'verbose', short: 'v', kind: 'bool', help: 'Show detailed information on space usage' },
  ],
  args: { min: 0, max: 0 },
};

const KERNEL_VERSION = KERNEL.release;

const strings = (...names: string[]): GoField[] => names.map((name) => ({ name, type: goString }));
const PLATFORM: GoType = { kind: 'struct', name: 'struct { Name string }', fields: strings('Name') };
/** docker/cli's versionInfo: its clientVersion and the daemon's types.Version, the fields `--format` may name. */
const VERSION_INFO: GoType = {
  kind: 'struct',
  name: 'system.versionInfo',
  fields: [
    {
      name: 'Client',
      type: {
        kind: 'struct',
        name: 'system.clientVersion',
        fields: [
          { name: 'Platform', type: pointerTo(PLATFORM) },
          ...strings('Version'),
          { name: 'APIVersion', json: 'ApiVersion', type: goString },
          ...strings('DefaultAPIVersion', 'GitCommit', 'GoVersion', 'Os', 'Arch', 'BuildTime', 'Context'),
        ],
      },
    },
    {
      name: 'Server',
      type: pointerTo({
        kind: 'struct',
        name: 'types.Version',
        fields: [
          { name: 'Platform', type: PLATFORM },
          {
            name: 'Components',
            type: sliceOf({ kind: 'struct', name: 'types.ComponentVersion', fields: [...strings('Name', 'Version'), { name: 'Details', type: mapOf(goString) }] }),
          },
          ...strings('Version'),
          { name: 'APIVersion', json: 'ApiVersion', type: goString },
          ...strings('MinAPIVersion', 'GitCommit', 'GoVersion', 'Os', 'Arch', 'KernelVersion'),
          { name: 'Experimental', type: goBool },
          ...strings('BuildTime'),
        ],
      }),
    },
  ],
};

function versionData(release: DockerRelease): unknown {
  const engine = {
    Version: release.version,
    ApiVersion: release.apiVersion,
    MinAPIVersion: release.minApiVersion,
    GitCommit: release.server.gitCommit,
    GoVersion: release.server.goVersion,
    Os: 'linux',
    Arch: 'amd64',
    KernelVersion: KERNEL_VERSION,
    Experimental: false,
    BuildTime: release.server.built,
  };
  const components = release.components.map((c) => ({ Name: c.name, Version: c.version, Details: { GitCommit: c.gitCommit } }));
  return {
    Client: {
      Platform: { Name: release.client.platform },
      Version: release.version,
      ApiVersion: release.apiVersion,
      DefaultAPIVersion: release.apiVersion,
      GitCommit: release.client.gitCommit,
      GoVersion: release.client.goVersion,
      Os: 'linux',
      Arch: 'amd64',
      BuildTime: release.client.built,
      Context: 'default',
    },
    Server: {
      Platform: { Name: release.server.platform },
      Components: [
        { Name: 'Engine', Version: release.version, Details: Object.fromEntries(Object.entries(engine).filter(([k]) => k !== 'Version').map(([k, v]) => [k, String(v)])) },
        ...components,
      ],
      ...engine,
    },
  };
}

/**
 * `docker version --format` / `docker info --format`: the template (`json` is `{{json .}}`) over
 * the data, then a newline; a template that does not parse exits 64 before printing anything.
 */
function formatted(format: string, data: GoValue, options: { missingKeyError?: boolean } = {}): ExecResult {
  let template;
  try {
    template = parseTemplate(format === 'json' ? '{{json .}}' : format);
  } catch (err) {
    if (!isTemplateError(err)) throw err;
    return fail(`template parsing error: ${err.message}\n`, 64);
  }
  try {
    return ok(template.execute(data, options) + '\n');
  } catch (err) {
    if (!isTemplateError(err)) throw err;
    return fail(`${err.message}\n`, 1, '\n');
  }
}

/**
 * `docker version` as docker/cli's versionTemplate of the release prints it: 18.09's client has
 * no platform name and no Context line; 20.10's shows `Experimental: true` (the CLI's own
 * experimental features were on by default) and the engine's components; 27 dropped both.
 */
export function dockerVersion(spec: CommandSpec, args: readonly string[], release: DockerRelease = DEFAULT_DOCKER_RELEASE): ExecResult {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const format = flagString(parsed, 'format');
  if (format) return formatted(format, goValue(VERSION_INFO, versionData(release)));
  const { client, server } = release;
  const lines = [
    client.platform ? `Client: ${client.platform}` : 'Client:',
    ` Version:           ${release.version}`,
    ` API version:       ${release.apiVersion}`,
    ` Go version:        ${client.goVersion}`,
    ` Git commit:        ${client.gitCommit}`,
    ` Built:             ${client.built}`,
    ' OS/Arch:           linux/amd64',
  ];
  if (release.name !== '18.09') lines.push(' Context:           default');
  if (release.name === '20.10') lines.push(' Experimental:      true');
  if (release.name === '18.09') lines.push(' Experimental:      false');
  lines.push(
    '',
    `Server: ${server.heading ?? server.platform}`,
    ' Engine:',
    `  Version:          ${release.version}`,
    `  API version:      ${release.apiVersion} (minimum version ${release.minApiVersion})`,
    `  Go version:       ${server.goVersion}`,
    `  Git commit:       ${server.gitCommit}`,
    `  Built:            ${server.built}`,
    '  OS/Arch:          linux/amd64',
    '  Experimental:     false',
  );
  for (const component of release.components) {
    lines.push(` ${component.name}:`, `  Version:          ${component.version}`, `  GitCommit:        ${component.gitCommit}`);
  }
  return ok(lines.join('\n') + '\n');
}

/**
 * `docker info` with the fields and layout of the release imitated: 27 and 20.10 split it into
 * Client and Server sections (27's client names its version, its overlay2 its metacopy use),
 * 18.09 prints the server's fields at the top level with the debug modes of both sides and no
 * cgroup version; before 24 the default registry and the labels were listed too.
 */
export function dockerInfo(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[], release: DockerRelease = DEFAULT_DOCKER_RELEASE): ExecResult {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const containers = daemon.containers.list();
  const running = containers.filter((c) => c.state.status === 'running').length;
  const format = flagString(parsed, 'format');
  const since2010 = release.name !== '18.09';
  if (format) {
    // The fields of moby's system.Info that the text below shows, under their Go names.
    const info = {
      Containers: containers.length,
      ContainersRunning: running,
      ContainersPaused: 0,
      ContainersStopped: containers.length - running,
      Images: daemon.list().length,
      Driver: 'overlay2',
      LoggingDriver: 'json-file',
      CgroupDriver: 'none',
      ...(since2010 ? { CgroupVersion: 'none' } : {}),
      KernelVersion: KERNEL_VERSION,
      OperatingSystem: 'layerlab (in-browser playground)',
      OSType: 'linux',
      Architecture: 'x86_64',
      Name: 'layerlab',
      ServerVersion: release.version,
      DockerRootDir: '/var/lib/docker',
      Debug: false,
      ExperimentalBuild: false,
      LiveRestoreEnabled: false,
      DefaultRuntime: 'layerlab',
      Swarm: { LocalNodeState: 'inactive' },
      ...(since2010 ? { ClientInfo: { Debug: false, ...(release.name === '27' ? { Version: release.version } : {}), Context: 'default' } } : {}),
    };
    return formatted(format, goValue(goAny, info), { missingKeyError: true });
  }
  const server = [
    `Containers: ${containers.length}`,
    ` Running: ${running}`,
    ' Paused: 0',
    ` Stopped: ${containers.length - running}`,
    `Images: ${daemon.list().length}`,
    `Server Version: ${release.version}`,
    'Storage Driver: overlay2',
    ' Backing Filesystem: layerlab (layers held in memory)',
    ' Supports d_type: true',
    ...(release.name === '27' ? [' Using metacopy: false'] : []),
    ' Native Overlay Diff: true',
    ...(since2010 ? [' userxattr: false'] : []),
    'Logging Driver: json-file',
    'Cgroup Driver: none',
    ...(since2010 ? ['Cgroup Version: none'] : []),
    'Plugins:',
    ' Volume: local',
    ' Network: bridge host null',
    ' Log: json-file',
    'Swarm: inactive',
    'Runtimes: layerlab',
    'Default Runtime: layerlab',
    `Kernel Version: ${KERNEL_VERSION}`,
    'Operating System: layerlab (in-browser playground)',
    'OSType: linux',
    'Architecture: x86_64',
    'Name: layerlab',
    'Docker Root Dir: /var/lib/docker',
    ...(since2010 ? ['Debug Mode: false'] : ['Debug Mode (client): false', 'Debug Mode (server): false']),
    ...(release.name === '27' ? [] : ['Registry: https://index.docker.io/v1/', 'Labels:']),
    'Experimental: false',
    'Insecure Registries:',
    ` ${LOCAL_REGISTRY}`,
    ' 127.0.0.0/8',
    'Live Restore Enabled: false',
    ...(since2010 ? [] : ['Product License: Community Engine']),
  ];
  if (!since2010) return ok(server.join('\n') + '\n');
  const client = release.name === '27' ? ['Client: Docker Engine - Community', ` Version:    ${release.version}`] : ['Client:'];
  client.push(' Context:    default', ' Debug Mode: false');
  return ok([...client, '', 'Server:', ...server.map((line) => ` ${line}`)].join('\n') + '\n');
}

/** docker/cli's diskUsageContainersContext: running ones are active, the others' writable layers reclaimable. */
function containersRow(daemon: DockerDaemon): Record<string, string> {
  const containers = daemon.containers.list().map((c) => ({ active: c.state.status === 'running', size: writableLayerSize(c) }));
  const total = containers.reduce((n, c) => n + c.size, 0);
  const reclaimable = containers.reduce((n, c) => n + (c.active ? 0 : c.size), 0);
  return {
    Type: 'Containers',
    TotalCount: String(containers.length),
    Active: String(containers.filter((c) => c.active).length),
    Size: humanSize(total),
    Reclaimable: total > 0 ? `${humanSize(reclaimable)} (${Math.trunc((reclaimable * 100) / total)}%)` : humanSize(reclaimable),
  };
}

const DF_TABLE = 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}';
const DF_HEADERS: Record<string, string> = { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' };
const DF_CONTEXT: GoType = {
  kind: 'struct',
  name: '*formatter.diskUsageImagesContext',
  fields: Object.keys(DF_HEADERS).map((name) => ({ name, type: goString })),
  marshalJSON: (fields) => JSON.stringify(fields),
};

/** `tableMinWidth`: docker/cli's tabwriter minwidth, 20 before Docker 20.10. */
export function dockerSystemDf(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[], tableMinWidth = 10): ExecResult {
  const parsed = parseDockerFlags(spec, args);
  if ('exitCode' in parsed) return parsed;
  const format = flagString(parsed, 'format') ?? '';
  if (flagBool(parsed, 'verbose') && (format === '' || format === 'table')) return systemDfVerbose(daemon, tableMinWidth);
  const images = daemon.list();
  const used = images.filter((image) => daemon.images.containers.containersUsing(image.id).length > 0);
  const total = daemon.images.allLayers().reduce((n, layer) => n + layer.size, 0);
  const inUse = used.reduce((n, image) => n + image.layerSizes.reduce((a, b) => a + b, 0), 0);
  const reclaimable = total - inUse;
  const empty = (type: string) => ({ Type: type, TotalCount: '0', Active: '0', Size: '0B', Reclaimable: '0B' });
  const rows = [
    {
      Type: 'Images',
      TotalCount: String(images.length),
      Active: String(used.length),
      Size: humanSize(total),
      Reclaimable: total > 0 ? `${humanSize(reclaimable)} (${Math.trunc((reclaimable * 100) / total)}%)` : humanSize(reclaimable),
    },
    containersRow(daemon),
    empty('Local Volumes'),
    empty('Build Cache'),
  ];
  const source = format === '' || format === 'table' ? DF_TABLE : format === 'json' ? '{{json .}}' : format;
  return renderRows(source, rows, DF_HEADERS, DF_CONTEXT, undefined, tableMinWidth);
}

const DF_IMAGES_TABLE = 'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}';
const DF_CONTAINERS_TABLE = 'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}';
const DF_VOLUMES_TABLE = 'table {{.Name}}\t{{.Links}}\t{{.Size}}';
const DF_BUILD_CACHE_TABLE = 'table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}';
const DF_IMAGE_HEADERS: Record<string, string> = { Repository: 'REPOSITORY', Tag: 'TAG', ID: 'IMAGE ID', CreatedSince: 'CREATED', Size: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE', Containers: 'CONTAINERS' };
const DF_VOLUME_HEADERS: Record<string, string> = { Name: 'VOLUME NAME', Links: 'LINKS', Size: 'SIZE' };
const DF_BUILD_CACHE_HEADERS: Record<string, string> = { ID: 'CACHE ID', CacheType: 'CACHE TYPE', Size: 'SIZE', CreatedSince: 'CREATED', LastUsedSince: 'LAST USED', UsageCount: 'USAGE', Shared: 'SHARED' };
const stringStruct = (name: string, headers: Record<string, string>): GoType => ({ kind: 'struct', name, fields: Object.keys(headers).map((field) => ({ name: field, type: goString })) });

/**
 * `docker system df -v`: docker/cli's DiskUsageContext.verboseWriteTable, one table per section
 * (images with their first tag and shared/unique sizes, containers without the virtual size,
 * volumes with their links, then the build cache, which the playground's builder does not keep).
 */
function systemDfVerbose(daemon: DockerDaemon, tableMinWidth: number): ExecResult {
  const now = daemon.now();
  const images = daemon.list();
  const chains = new Map(images.map((image) => [image.id, chainIds(image.image.configFile.rootfs.diff_ids)]));
  const users = new Map<string, number>();
  for (const chain of chains.values()) for (const id of new Set(chain)) users.set(id, (users.get(id) ?? 0) + 1);
  const layerSize = new Map(daemon.images.allLayers().map((l) => [l.chainId, l.size]));
  const imageRows = images.map((image) => {
    const size = image.layerSizes.reduce((a, b) => a + b, 0);
    const shared = [...new Set(chains.get(image.id))].filter((id) => (users.get(id) ?? 0) > 1).reduce((n, id) => n + (layerSize.get(id) ?? 0), 0);
    // Only the first tag is shown; an image without one is <none>.
    const first = image.repoTags[0];
    const colon = first?.lastIndexOf(':') ?? -1;
    const created = Date.parse(String(image.image.configFile.created ?? '')) || 0;
    return {
      Repository: first ? first.slice(0, colon) : '<none>',
      Tag: first ? first.slice(colon + 1) : '<none>',
      ID: image.id.slice('sha256:'.length, 'sha256:'.length + 12),
      CreatedSince: `${humanDuration(now - created)} ago`,
      Size: humanSizeWithPrecision(size, 3),
      SharedSize: humanSizeWithPrecision(shared, 3),
      UniqueSize: humanSizeWithPrecision(size - shared, 3),
      Containers: String(daemon.images.containers.containersUsing(image.id).length),
    };
  });
  const view = { isRunning: (c: { state: { status: string } }) => c.state.status === 'running', networkId: () => '' };
  // "Don't display the virtual size": SizeRw alone.
  const containerRows = daemon.containers.list().map((c) => ({ ...containerRow(daemon, view, c, { trunc: true, size: false, now }), Size: humanSizeWithPrecision(writableLayerSize(c), 3) }));
  const volumeRows = volumesOf(daemon)
    .list()
    .map((v) => {
      let bytes = 0;
      for (const stat of v.fs.walk('/')) if (stat.type === 'file') bytes += stat.size;
      return { Name: v.name, Links: String(containersUsingVolume(daemon, v.name).length), Size: humanSize(bytes) };
    });
  const sections = [
    'Images space usage:\n\n',
    renderRows(DF_IMAGES_TABLE, imageRows, DF_IMAGE_HEADERS, stringStruct('*formatter.imageContext', DF_IMAGE_HEADERS), undefined, tableMinWidth).stdout,
    '\nContainers space usage:\n\n',
    renderRows(DF_CONTAINERS_TABLE, containerRows, CONTAINER_HEADERS, CONTAINER_CONTEXT, HEADER_CONTEXT, tableMinWidth).stdout,
    '\nLocal Volumes space usage:\n\n',
    renderRows(DF_VOLUMES_TABLE, volumeRows, DF_VOLUME_HEADERS, stringStruct('*formatter.volumeContext', DF_VOLUME_HEADERS), undefined, tableMinWidth).stdout,
    `\nBuild cache usage: ${humanSize(0)}\n\n`,
    renderRows(DF_BUILD_CACHE_TABLE, [], DF_BUILD_CACHE_HEADERS, stringStruct('*formatter.buildCacheContext', DF_BUILD_CACHE_HEADERS), undefined, tableMinWidth).stdout,
  ];
  return ok(sections.join(''));
}
