/**
 * Our commands, one folder each (flags and output format beside the code). They replace
 * just-bash's commands of the same name. Each factory takes what the command needs.
 */
import type { Command } from 'just-bash';
import type { DockerDaemon } from '../../engine/docker/daemon.ts';
import type { ArgumentCompleter } from '../completion.ts';
import { dockerCompleter } from './docker/completion.ts';
import { dockerCommand } from './docker/index.ts';
import { busyboxCommand } from './busybox/busybox.ts';
import { curlCommand, wgetCommand } from '../emulators/network/network.ts';
import { sleepCommand } from '../emulators/sleep/sleep.ts';
import { tailCommand } from '../emulators/tail/tail.ts';
import { chgrpCommand, chownCommand } from './chown/chown.ts';
import { dateCommand } from './date/date.ts';
import { dfCommand } from './df/df.ts';
import { diffCommand } from './diff/diff.ts';
import { downloadCommand, type SaveToComputer } from './download/download.ts';
import { duCommand } from './du/du.ts';
import { ashVariablesCommand } from './env/ash-variables.ts';
import { envCommand, printenvCommand } from './env/env.ts';
import { exploreCommand, exploreCompleter } from './explore/explore.ts';
import { fileCommand } from './file/file.ts';
import { findCommand } from './find/find.ts';
import { freeCommand } from './free/free.ts';
import { hostnameCommand } from './hostname/hostname.ts';
import { hexdumpCommand } from './hexdump/hexdump.ts';
import { lddCommand } from './ldd/ldd.ts';
import { lsCommand } from './ls/ls.ts';
import { printfCommand } from './printf/printf.ts';
import { psCommand } from './ps/ps.ts';
import { readlinkCommand, realpathCommand } from './realpath/realpath.ts';
import { seqCommand } from './seq/seq.ts';
import { statCommand } from './stat/stat.ts';
import { treeCommand } from './tree/tree.ts';
import { ulimitCommand } from './ulimit/ulimit.ts';
import { unameCommand } from './uname/uname.ts';
import { wcCommand } from './wc/wc.ts';
import { whichCommand } from './which/which.ts';
import { xxdCommand } from './xxd/xxd.ts';
import { tarCommand } from './tar/tar-command.ts';
import { yesCommand } from './yes/yes.ts';
import { sha256sumCommand } from './sha256sum/sha256sum.ts';

export interface CommandDeps {
  /** Reserved for shared services (the docker daemon, the clock…), added as commands need them. */
  readonly now?: () => number;
  /** The page's Docker daemon, shared by all its shells; `docker` exists only when it is given. */
  readonly docker?: DockerDaemon;
  /** Show an image (by ID) in the page's explorer; without it, `explore` prints a summary instead. */
  readonly openExplorer?: (imageId: string) => void;
  /** Saves a file through the web browser (the page's `download`); absent in the CLI. */
  readonly saveToComputer?: SaveToComputer;
}

export function layerlabCommands(deps: CommandDeps = {}): Command[] {
  return [
    // one line per command (or group of commands) — keep them sorted
    ...(deps.docker ? [dockerCommand(deps.docker)] : []),
    ashVariablesCommand(),
    busyboxCommand(),
    chgrpCommand(),
    chownCommand(),
    curlCommand(),
    dateCommand(deps),
    dfCommand(),
    diffCommand(),
    downloadCommand(deps.saveToComputer),
    duCommand(),
    envCommand(),
    ...(deps.docker ? [exploreCommand(deps.docker, deps.openExplorer)] : []),
    fileCommand(),
    findCommand(deps),
    freeCommand(),
    hexdumpCommand(),
    hostnameCommand(),
    lddCommand(),
    lsCommand(deps),
    printenvCommand(),
    printfCommand(),
    psCommand(deps),
    readlinkCommand(),
    realpathCommand(),
    seqCommand(),
    sha256sumCommand(),
    sleepCommand(),
    statCommand(),
    tailCommand(),
    tarCommand(),
    treeCommand(),
    ulimitCommand(),
    unameCommand(),
    wgetCommand(),
    wcCommand(),
    whichCommand(),
    xxdCommand(),
    yesCommand(),
  ];
}

/** Our commands' own Tab completion of their arguments, by program name (see ../completion.ts). */
export function layerlabCompleters(deps: CommandDeps = {}): Map<string, ArgumentCompleter> {
  return new Map(deps.docker ? [['docker', dockerCompleter(deps.docker)], ['explore', exploreCompleter(deps.docker)]] : []);
}
