/**
 * The `docker` command: docker/cli's command tree over the page's `DockerDaemon`. The image
 * commands live beside this file; `inspect` and `history` in inspect.ts and history.ts; the
 * container commands join through `extraCommands` (same entry shape) when they exist.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import type { StoredImage } from '../../../engine/docker/types.ts';
import { overlayOf, stdinText } from '../../command-context.ts';
import { mountRestoredContainers } from '../../container/container-mounts.ts';
import { dockerImport, dockerLoad, dockerSave, IMPORT, LOAD, SAVE } from './archive.ts';
import { dockerBuild } from './build.ts';
import { fail, ok } from './cli.ts';
import { containerCommands, containerInspectLookup } from './containers.ts';
import { dockerHistory } from './history.ts';
import { dockerImages, IMAGE_LS, IMAGES } from './images.ts';
import { dockerImageInspect, dockerInspect } from './inspect.ts';
import { dockerImagePrune, dockerRmi, dockerTag, IMAGE_PRUNE, IMAGE_RM, RMI, TAG } from './manage.ts';
import { dockerPull, dockerPush, PULL, PUSH } from './registry-commands.ts';
import { VOLUME_SHORT, volumeCommands, volumeInspectLookup } from './volumes.ts';
import { releaseOf, releaseSettingError } from './release-setting.ts';
import { dockerInfo, dockerSystemDf, dockerVersion, INFO, SYSTEM_DF, VERSION } from './system.ts';

export type DockerHandler = (args: readonly string[], ctx: CommandContext) => ExecResult | Promise<ExecResult>;

export interface DockerCommandEntry {
  name: string;
  short: string;
  /** Where `docker --help` lists it. */
  group: 'common' | 'management' | 'other';
  run: DockerHandler;
}

function imageLookup(daemon: DockerDaemon): (name: string) => StoredImage | undefined {
  return (name) => {
    try {
      return daemon.getImage(name);
    } catch {
      return undefined;
    }
  };
}

/** `docker image …` and `docker system …`: a management command with its own subcommands. */
function management(name: string, short: string, subcommands: readonly DockerCommandEntry[]): DockerHandler {
  return (args, ctx) => {
    const [sub, ...rest] = args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') return ok(usage(`docker ${name} COMMAND`, short, [['Commands', subcommands]], `docker ${name} COMMAND`));
    const entry = subcommands.find((c) => c.name === sub || (sub === 'list' && c.name === 'ls') || (sub === 'remove' && c.name === 'rm'));
    if (!entry) return fail(`docker: '${name} ${sub}' is not a docker command.\nSee 'docker --help'\n`);
    return entry.run(rest, ctx);
  };
}

function usage(use: string, short: string, groups: [string, readonly DockerCommandEntry[]][], more: string): string {
  let out = `\nUsage:  ${use}\n\n${short}\n`;
  for (const [title, entries] of groups) {
    if (entries.length === 0) continue;
    out += `\n${title}:\n`;
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : 1))) out += `  ${entry.name.padEnd(11)} ${entry.short}\n`;
  }
  return `${out}\nRun '${more} --help' for more information on a command.\n`;
}

export function imageCommands(daemon: DockerDaemon): DockerCommandEntry[] {
  const lookup = imageLookup(daemon);
  const imageSubcommands: DockerCommandEntry[] = [
    { name: 'build', short: 'Build an image from a Dockerfile', group: 'other', run: (args, ctx) => dockerBuild(daemon, args, ctx, 'docker image build') },
    { name: 'history', short: 'Show the history of an image', group: 'other', run: (args, ctx) => dockerHistory(args, lookup, daemon.now(), 'docker image history', releaseOf(daemon, ctx.env).tableMinWidth) },
    { name: 'import', short: IMPORT.short, group: 'other', run: (args, ctx) => dockerImport(daemon, { ...IMPORT, path: 'docker image import' }, args, ctx) },
    { name: 'inspect', short: 'Display detailed information on one or more images', group: 'other', run: (args, ctx) => dockerImageInspect(args, lookup, releaseOf(daemon, ctx.env)) },
    { name: 'load', short: LOAD.short, group: 'other', run: (args, ctx) => dockerLoad(daemon, { ...LOAD, path: 'docker image load' }, args, ctx) },
    { name: 'ls', short: IMAGES.short, group: 'other', run: (args, ctx) => dockerImages(daemon, IMAGE_LS, args, releaseOf(daemon, ctx.env).tableMinWidth) },
    { name: 'prune', short: IMAGE_PRUNE.short, group: 'other', run: (args, ctx) => dockerImagePrune(daemon, IMAGE_PRUNE, args, stdinText(ctx)) },
    { name: 'pull', short: PULL.short, group: 'other', run: (args, ctx) => dockerPull(daemon, { ...PULL, path: 'docker image pull' }, args, releaseOf(daemon, ctx.env).pullPrintsReference) },
    { name: 'push', short: PUSH.short, group: 'other', run: (args) => dockerPush(daemon, { ...PUSH, path: 'docker image push' }, args) },
    { name: 'rm', short: RMI.short, group: 'other', run: (args) => dockerRmi(daemon, IMAGE_RM, args) },
    { name: 'save', short: SAVE.short, group: 'other', run: (args, ctx) => dockerSave(daemon, { ...SAVE, path: 'docker image save' }, args, ctx) },
    { name: 'tag', short: TAG.short, group: 'other', run: (args) => dockerTag(daemon, { ...TAG, path: 'docker image tag' }, args) },
  ];
  const systemSubcommands: DockerCommandEntry[] = [
    { name: 'df', short: SYSTEM_DF.short, group: 'other', run: (args, ctx) => dockerSystemDf(daemon, SYSTEM_DF, args, releaseOf(daemon, ctx.env).tableMinWidth) },
    { name: 'info', short: INFO.short, group: 'other', run: (args, ctx) => dockerInfo(daemon, { ...INFO, path: 'docker system info' }, args, releaseOf(daemon, ctx.env)) },
  ];
  return [
    { name: 'build', short: 'Build an image from a Dockerfile', group: 'common', run: (args, ctx) => dockerBuild(daemon, args, ctx) },
    { name: 'buildx', short: 'Docker Buildx', group: 'management', run: management('buildx', 'Extended build capabilities with BuildKit', [{ name: 'build', short: 'Start a build', group: 'other', run: (args, ctx) => dockerBuild(daemon, args, ctx) }]) },
    { name: 'images', short: IMAGES.short, group: 'common', run: (args, ctx) => dockerImages(daemon, IMAGES, args, releaseOf(daemon, ctx.env).tableMinWidth) },
    { name: 'pull', short: PULL.short, group: 'common', run: (args, ctx) => dockerPull(daemon, PULL, args, releaseOf(daemon, ctx.env).pullPrintsReference) },
    { name: 'push', short: PUSH.short, group: 'common', run: (args) => dockerPush(daemon, PUSH, args) },
    { name: 'info', short: INFO.short, group: 'common', run: (args, ctx) => dockerInfo(daemon, INFO, args, releaseOf(daemon, ctx.env)) },
    { name: 'version', short: VERSION.short, group: 'common', run: (args, ctx) => dockerVersion(VERSION, args, releaseOf(daemon, ctx.env)) },
    { name: 'image', short: 'Manage images', group: 'management', run: management('image', 'Manage images', imageSubcommands) },
    { name: 'system', short: 'Manage Docker', group: 'management', run: management('system', 'Manage Docker', systemSubcommands) },
    { name: 'volume', short: VOLUME_SHORT, group: 'management', run: management('volume', VOLUME_SHORT, volumeCommands(daemon, stdinText)) },
    { name: 'history', short: 'Show the history of an image', group: 'other', run: (args, ctx) => dockerHistory(args, lookup, daemon.now(), undefined, releaseOf(daemon, ctx.env).tableMinWidth) },
    { name: 'import', short: IMPORT.short, group: 'other', run: (args, ctx) => dockerImport(daemon, IMPORT, args, ctx) },
    { name: 'inspect', short: 'Return low-level information on Docker objects', group: 'other', run: (args, ctx) => dockerInspect(args, { image: lookup, container: containerInspectLookup(daemon), volume: volumeInspectLookup(daemon), release: releaseOf(daemon, ctx.env) }) },
    { name: 'load', short: LOAD.short, group: 'other', run: (args, ctx) => dockerLoad(daemon, LOAD, args, ctx) },
    { name: 'rmi', short: RMI.short, group: 'other', run: (args) => dockerRmi(daemon, RMI, args) },
    { name: 'save', short: SAVE.short, group: 'other', run: (args, ctx) => dockerSave(daemon, SAVE, args, ctx) },
    { name: 'tag', short: TAG.short, group: 'other', run: (args) => dockerTag(daemon, TAG, args) },
  ];
}

/** The `docker` command; `extraCommands` (containers, build…) replace image commands of the same name. */
export function dockerCommand(daemon: DockerDaemon, extraCommands: readonly DockerCommandEntry[] = []): Command {
  const withContainers = [...containerCommands(daemon), ...extraCommands];
  const names = new Set(withContainers.map((c) => c.name));
  const commands = [...imageCommands(daemon).filter((c) => !names.has(c.name)), ...withContainers];
  const help = () =>
    usage(
      'docker [OPTIONS] COMMAND',
      'A self-sufficient runtime for containers',
      [
        ['Common Commands', commands.filter((c) => c.group === 'common')],
        ['Management Commands', commands.filter((c) => c.group === 'management')],
        ['Commands', commands.filter((c) => c.group === 'other')],
      ],
      'docker COMMAND',
    );
  return defineCommand('docker', async (args, ctx) => {
    const [name, ...rest] = args;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') return ok(help());
    const settingError = releaseSettingError(ctx.env);
    if (settingError) return fail(settingError, 125);
    if (name === '--version' || name === '-v') {
      const release = releaseOf(daemon, ctx.env);
      return ok(`Docker version ${release.version}, build ${release.client.gitCommit}\n`);
    }
    const entry = commands.find((c) => c.name === name);
    if (!entry) {
      if (name.startsWith('-')) return fail(`unknown flag: ${name}\nSee 'docker --help'.\n`, 125);
      return fail(`docker: '${name}' is not a docker command.\nSee 'docker --help'\n`);
    }
    // Containers restored after a reload get their mounts (/proc, /dev, /etc/hostname…) first.
    await mountRestoredContainers(daemon, overlayOf(ctx));
    return entry.run(rest, ctx);
  });
}
