/**
 * `docker import`: an image of one layer made from a tarball, its config built from empty with
 * the `--change` instructions applied (moby's dockerfile.BuildFromConfig: CMD, ENTRYPOINT, ENV,
 * EXPOSE, LABEL, ONBUILD, USER, VOLUME, WORKDIR) and serialised as the daemon does.
 * https://github.com/moby/moby/blob/v27.5.1/daemon/images/image_import.go
 */
import type { ContainerConfig } from '../image/types.ts';
import { goContainerConfig, goJson, goTimeOfMs } from './go-json.ts';
import { DaemonError } from './registry.ts';

/** The instructions `docker import --change` and `docker commit --change` accept. */
const ALLOWED = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'USER', 'VOLUME', 'WORKDIR']);

/** Apply `--change` lines (Dockerfile syntax) to a config. */
export function applyChanges(base: ContainerConfig, changes: readonly string[]): ContainerConfig {
  const config: ContainerConfig = { ...base };
  for (const change of changes) {
    const line = change.trim();
    if (line === '') continue;
    const match = /^(\S+)\s*([\s\S]*)$/.exec(line)!;
    const instruction = match[1]!.toUpperCase();
    const rest = match[2]!.trim();
    if (!ALLOWED.has(instruction)) throw new DaemonError(`${match[1]!.toLowerCase()} is not a valid change command`);
    switch (instruction) {
      case 'CMD':
        config.Cmd = commandForm(rest, instruction);
        break;
      case 'ENTRYPOINT':
        config.Entrypoint = commandForm(rest, instruction);
        break;
      case 'ENV':
        for (const [key, value] of keyValues(rest, instruction)) {
          const env = (config.Env ?? []).filter((e) => e.split('=')[0] !== key);
          config.Env = [...env, `${key}=${value}`];
        }
        break;
      case 'LABEL':
        config.Labels = { ...config.Labels, ...Object.fromEntries(keyValues(rest, instruction)) };
        break;
      case 'EXPOSE': {
        const ports = { ...config.ExposedPorts };
        for (const port of words(rest)) ports[/\//.test(port) ? port.toLowerCase() : `${port}/tcp`] = {};
        config.ExposedPorts = ports;
        break;
      }
      case 'VOLUME': {
        const volumes = { ...config.Volumes };
        for (const path of rest.startsWith('[') ? jsonArray(rest, instruction) : words(rest)) volumes[path] = {};
        config.Volumes = volumes;
        break;
      }
      case 'USER':
        config.User = requireOne(rest, instruction);
        break;
      case 'WORKDIR': {
        const dir = requireOne(rest, instruction);
        config.WorkingDir = dir.startsWith('/') ? dir : `${(config.WorkingDir || '/').replace(/\/$/, '')}/${dir}`;
        break;
      }
      case 'ONBUILD': {
        const trigger = /^(\S+)\s*([\s\S]*)$/.exec(rest);
        if (!trigger) throw new DaemonError('ONBUILD requires at least one argument');
        config.OnBuild = [...(config.OnBuild ?? []), `${trigger[1]!.toUpperCase()} ${trigger[2]}`.trim()];
        break;
      }
    }
  }
  return config;
}

/** JSON (exec) form as is; anything else runs through `/bin/sh -c`. */
function commandForm(rest: string, instruction: string): string[] {
  if (rest.startsWith('[')) {
    try {
      return jsonArray(rest, instruction);
    } catch {
      // not valid JSON: Docker falls back to the shell form
    }
  }
  return ['/bin/sh', '-c', rest];
}

function jsonArray(rest: string, instruction: string): string[] {
  const value: unknown = JSON.parse(rest);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new DaemonError(`${instruction} requires a JSON array of strings`);
  return value;
}

function requireOne(rest: string, instruction: string): string {
  if (rest === '') throw new DaemonError(`${instruction} requires exactly one argument`);
  return rest;
}

/** Words split on blanks, quotes removed (Dockerfile word processing, without variables). */
function words(text: string): string[] {
  const out: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return out;
}

/** `KEY=VALUE …` pairs, or the old `KEY VALUE` form with a single pair. */
function keyValues(rest: string, instruction: string): [string, string][] {
  if (rest === '') throw new DaemonError(`${instruction} requires at least one argument`);
  const first = /^[^\s=]+/.exec(rest)?.[0] ?? '';
  if (!rest.slice(first.length).startsWith('=')) {
    const value = rest.slice(first.length).trim();
    if (value === '') throw new DaemonError(`${instruction} must have two arguments`);
    return [[first, unquote(value)]];
  }
  const pairs: [string, string][] = [];
  const pattern = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  for (let m = pattern.exec(rest); m; m = pattern.exec(rest)) pairs.push([m[1]!, unquote(m[2]!)]);
  return pairs;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(.)/g, '$1');
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

export interface ImportConfigOptions {
  diffId: string;
  changes: readonly string[];
  /** `-m`; Docker writes "Imported from -" when there is none (the CLI always names the source "-"). */
  message?: string;
  nowMs: number;
  dockerVersion: string;
  architecture: string;
  os: string;
}

/** The config JSON of an imported image, byte for byte as the daemon marshals `image.Image`. */
export function importedConfig(options: ImportConfigOptions): string {
  const comment = options.message || 'Imported from -';
  const created = goTimeOfMs(options.nowMs);
  return goJson({
    comment,
    created,
    container_config: goContainerConfig(undefined),
    docker_version: options.dockerVersion,
    config: goContainerConfig(applyChanges({}, options.changes)),
    architecture: options.architecture,
    os: options.os,
    rootfs: { type: 'layers', diff_ids: [options.diffId] },
    history: [{ created, comment }],
  });
}
