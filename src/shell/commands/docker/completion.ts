/**
 * Tab completion for `docker`, as docker's bash completion offers it: commands, then images
 * (local ones; for `pull`, the catalog's too) or containers (names and short IDs) where the
 * command takes them. Anything else (flags' values, paths) falls back to file names.
 */
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import type { ArgumentCompleter } from '../../completion.ts';
import { RUN_FLAGS } from './run-flags.ts';

/** Flags of run/create that take a value (`-p 80:80`): their value is not the image. */
const RUN_VALUE_FLAGS = new Set(RUN_FLAGS.filter((flag) => flag.kind !== 'bool').flatMap((flag) => [`--${flag.long}`, ...(flag.short ? [`-${flag.short}`] : [])]));

const TOP_LEVEL = [
  'build', 'commit', 'container', 'cp', 'create', 'diff', 'exec', 'export', 'history', 'image', 'images', 'import', 'info',
  'inspect', 'kill', 'load', 'logs', 'port', 'ps', 'pull', 'push', 'restart', 'rm', 'rmi', 'run', 'save', 'start', 'stop',
  'system', 'tag', 'version', 'volume',
];

const SUBCOMMANDS: Record<string, string[]> = {
  image: ['build', 'history', 'import', 'inspect', 'load', 'ls', 'prune', 'pull', 'push', 'rm', 'save', 'tag'],
  container: ['commit', 'cp', 'create', 'diff', 'exec', 'export', 'inspect', 'kill', 'logs', 'ls', 'port', 'prune', 'restart', 'rm', 'run', 'start', 'stop'],
  system: ['df', 'info'],
  volume: ['create', 'inspect', 'ls', 'prune', 'rm'],
};

const TAKES_IMAGE = new Set(['run', 'create', 'history', 'inspect', 'rmi', 'rm@image', 'save', 'tag', 'push']);
const TAKES_CONTAINER = new Set(['start', 'stop', 'rm', 'logs', 'exec', 'kill', 'restart', 'diff', 'commit', 'export', 'cp', 'port', 'inspect']);

export function dockerCompleter(daemon: DockerDaemon): ArgumentCompleter {
  return async (words, index) => {
    if (index === 1) return TOP_LEVEL;
    let command = words[1]!;
    let position = index - 1;
    const group = SUBCOMMANDS[command];
    if (group) {
      if (index === 2) return group;
      command = command === 'image' && (words[2] === 'rm' || words[2] === 'remove') ? 'rm@image' : words[2]!;
      position = index - 2;
    }
    // Only the first operand (after any flags) names an image or container; the rest are free.
    const current = words[index] ?? '';
    if (current.startsWith('-')) return undefined;
    let operandsBefore = 0;
    const before = words.slice(index - position + 1, index);
    for (let i = 0; i < before.length; i++) {
      const word = before[i]!;
      if (!word.startsWith('-')) operandsBefore++;
      // `-p 80:80`, `--name web` (not `--name=web`, nor a bool flag): skip the value.
      else if ((command === 'run' || command === 'create') && RUN_VALUE_FLAGS.has(word) && !word.includes('=')) i++;
    }
    if (command === 'pull') return operandsBefore === 0 ? [...(await daemon.catalog.tags()), ...localImages(daemon)] : undefined;
    if (command === 'run' || command === 'create') return operandsBefore === 0 ? localImages(daemon) : undefined;
    if (TAKES_IMAGE.has(command) && (command !== 'tag' || operandsBefore === 0)) {
      return command === 'inspect' ? [...localImages(daemon), ...containerNames(daemon)] : localImages(daemon);
    }
    if (TAKES_CONTAINER.has(command)) {
      if ((command === 'exec' || command === 'commit' || command === 'export' || command === 'port') && operandsBefore > 0) return undefined;
      return containerNames(daemon);
    }
    return undefined;
  };
}

function localImages(daemon: DockerDaemon): string[] {
  return daemon.list().flatMap((image) => image.repoTags);
}

function containerNames(daemon: DockerDaemon): string[] {
  return daemon.containers.list().flatMap((container) => [container.name, container.id.slice(0, 12)]);
}
