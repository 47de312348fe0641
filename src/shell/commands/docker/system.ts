/**
 * `docker version`, `docker info` and `docker system df`. Versions are Docker 27's; fields that
 * would describe the host say what the playground really is.
 */
import type { ExecResult } from 'just-bash';
import { writableLayerSize } from '../../../engine/docker/containers.ts';
import { DOCKER_API_VERSION, DOCKER_VERSION, LOCAL_REGISTRY, type DockerDaemon } from '../../../engine/docker/daemon.ts';
import { humanSize } from '../../../engine/docker/units.ts';
import { fail, flagBool, flagString, ok, parseArgs, type CommandSpec } from './cli.ts';
import { goString, type GoType } from './go-template.ts';
import { renderRows } from './images.ts';

export const VERSION: CommandSpec = {
  path: 'docker version',
  use: 'version [OPTIONS]',
  short: 'Show the Docker version information',
  flags: [{ long: 'format', short: 'f', kind: 'string', help: 'Format output using a custom template' }],
  args: { min: 0, max: 0 },
};

export const INFO: CommandSpec = {
  path: 'docker info',
  use: 'info [OPTIONS]',
  short: 'Display system-wide information',
  aliases: 'docker system info, docker info',
  flags: [{ long: 'format', short: 'f', kind: 'string', help: 'Format output using a custom template' }],
  args: { min: 0, max: 0 },
};

export const SYSTEM_DF: CommandSpec = {
  path: 'docker system df',
  use: 'system df [OPTIONS]',
  short: 'Show docker disk usage',
  flags: [
    { long: 'format', kind: 'string', help: 'Format output using a custom template' },
    { long: 'verbose', short: 'v', kind: 'bool', help: 'Show detailed information on space usage' },
  ],
  args: { min: 0, max: 0 },
};

const GO_VERSION = 'go1.22.11';
const BUILT = 'Wed Jan 22 13:41:48 2025';

export function dockerVersion(spec: CommandSpec, args: readonly string[]): ExecResult {
  const parsed = parseArgs(spec, args);
  if ('exitCode' in parsed) return parsed;
  if (flagString(parsed, 'format') !== undefined) return fail('layerlab: docker version --format is not supported in the playground\n');
  return ok(
    [
      'Client: Docker Engine - Community',
      ` Version:           ${DOCKER_VERSION}`,
      ` API version:       ${DOCKER_API_VERSION}`,
      ` Go version:        ${GO_VERSION}`,
      ' Git commit:        layerlab',
      ` Built:             ${BUILT}`,
      ' OS/Arch:           linux/amd64',
      ' Context:           default',
      '',
      'Server: layerlab playground (emulating Docker Engine - Community)',
      ' Engine:',
      `  Version:          ${DOCKER_VERSION}`,
      `  API version:      ${DOCKER_API_VERSION} (minimum version 1.24)`,
      '  Go version:       none (written in TypeScript, running in your browser)',
      '  Git commit:       layerlab',
      `  Built:            ${BUILT}`,
      '  OS/Arch:          linux/amd64',
      '  Experimental:     false',
      '',
    ].join('\n'),
  );
}

export function dockerInfo(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[]): ExecResult {
  const parsed = parseArgs(spec, args);
  if ('exitCode' in parsed) return parsed;
  if (flagString(parsed, 'format') !== undefined) return fail('layerlab: docker info --format is not supported in the playground\n');
  const containers = daemon.containers.list();
  const running = containers.filter((c) => c.state.status === 'running').length;
  return ok(
    [
      'Client: Docker Engine - Community',
      ` Version:    ${DOCKER_VERSION}`,
      ' Context:    default',
      ' Debug Mode: false',
      '',
      'Server:',
      ` Containers: ${containers.length}`,
      `  Running: ${running}`,
      '  Paused: 0',
      `  Stopped: ${containers.length - running}`,
      ` Images: ${daemon.list().length}`,
      ` Server Version: ${DOCKER_VERSION}`,
      ' Storage Driver: overlay2',
      '  Backing Filesystem: layerlab (layers held in memory)',
      '  Supports d_type: true',
      '  Using metacopy: false',
      '  Native Overlay Diff: true',
      '  userxattr: false',
      ' Logging Driver: json-file',
      ' Cgroup Driver: none',
      ' Cgroup Version: none',
      ' Plugins:',
      '  Volume: local',
      '  Network: bridge host null',
      '  Log: json-file',
      ' Swarm: inactive',
      ' Runtimes: layerlab',
      ' Default Runtime: layerlab',
      ' Kernel Version: none (containers are emulated in the browser)',
      ' Operating System: layerlab (in-browser playground)',
      ' OSType: linux',
      ' Architecture: x86_64',
      ' Name: layerlab',
      ' Docker Root Dir: /var/lib/docker',
      ' Debug Mode: false',
      ' Experimental: false',
      ' Insecure Registries:',
      `  ${LOCAL_REGISTRY}`,
      '  127.0.0.0/8',
      ' Live Restore Enabled: false',
      '',
    ].join('\n'),
  );
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

export function dockerSystemDf(daemon: DockerDaemon, spec: CommandSpec, args: readonly string[]): ExecResult {
  const parsed = parseArgs(spec, args);
  if ('exitCode' in parsed) return parsed;
  if (flagBool(parsed, 'verbose')) return fail('layerlab: docker system df --verbose is not supported in the playground\n');
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
  const format = flagString(parsed, 'format') ?? '';
  const source = format === '' || format === 'table' ? DF_TABLE : format === 'json' ? '{{json .}}' : format;
  return renderRows(source, rows, DF_HEADERS, DF_CONTEXT);
}
