/**
 * Who a process is: `id` and `whoami` as coreutils/busybox print them, and `su-exec`/`gosu`,
 * which run a command as another user (the entrypoints of redis and many images use them).
 * The user is the container process's (docker run -u, docker exec -u), root elsewhere.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { parsePlaceholder, PLACEHOLDER_HEADER_BYTES } from '../../../catalog/placeholder.ts';
import { overlayOf, runsAsBusyboxApplet, shellQuote } from '../../command-context.ts';
import { withBusyboxBanner } from '../../commands/busybox/banner.ts';
import { DEBIAN_BUSYBOX_VERSION } from '../../commands/busybox/debian-applets.ts';
import { processOf, type ProcessUser } from '../../container/process.ts';
import { EXEC_COMMAND, REPLACES_SHELL_WORD } from '../../programs/dispatch-transform.ts';
import { accounts, groups, resolveUser } from '../../commands/shared/accounts.ts';

const ROOT: ProcessUser = { uid: 0, gid: 0, name: 'root', group: 'root' };

function currentUser(ctx: CommandContext): ProcessUser {
  return processOf(ctx)?.user ?? ROOT;
}

const idName = (id: number, name: string | undefined) => (name === undefined ? String(id) : `${id}(${name})`);

const BUSYBOX_ID_USAGE = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.

Usage: id [-ugGnr] [USER]

Print information about USER or the current user

\t-u\tUser ID
\t-g\tGroup ID
\t-G\tSupplementary group IDs
\t-n\tPrint names instead of numbers
\t-r\tPrint real ID instead of effective ID
`;

/**
 * `id [USER]`: the process's user, or USER's from /etc/passwd; groups are the primary one, then
 * each /etc/group entry that lists the user, in that file's order (getgrouplist), as both
 * coreutils and BusyBox print them. BusyBox takes only a name (a bare uid is an unknown user)
 * and one USER; `-n` needs -u, -g or -G.
 */
export function idCommand(): Command {
  return defineCommand('id', async (args, ctx) => {
    const busybox = runsAsBusyboxApplet(ctx);
    const operands = args.filter((a) => !a.startsWith('-') || a === '-');
    const flags = args.filter((a) => a.startsWith('-') && a !== '-').join('').replace(/-/g, '');
    if (busybox && (operands.length > 1 || /[^ugGnr]/.test(flags) || (flags.includes('n') && !/[ugG]/.test(flags)))) {
      const bad = /[^ugGnr]/.exec(flags)?.[0];
      return { stdout: '', stderr: `${bad === undefined ? '' : `id: invalid option -- '${bad}'\n`}${withBusyboxBanner(BUSYBOX_ID_USAGE, ctx)}`, exitCode: 1 };
    }
    const named = operands[0];
    let user = currentUser(ctx);
    if (named !== undefined) {
      const account = (await accounts(ctx)).find((a) => a.name === named || (!busybox && /^\d+$/.test(named) && a.uid === Number(named)));
      if (account === undefined) return { stdout: '', stderr: busybox ? `id: unknown user ${named}\n` : `id: ‘${named}’: no such user\n`, exitCode: 1 };
      const group = (await groups(ctx)).find((g) => g.gid === account.gid)?.name;
      user = { uid: account.uid, gid: account.gid, name: account.name, ...(group === undefined ? {} : { group }) };
    }
    const names = flags.includes('n');
    if (flags.includes('u')) return ok(`${names ? (user.name ?? user.uid) : user.uid}\n`);
    if (flags.includes('g') && !flags.includes('G')) return ok(`${names ? (user.group ?? user.gid) : user.gid}\n`);
    const all = await groups(ctx);
    const supplementary = user.name === undefined ? [] : all.filter((g) => g.gid !== user.gid && g.members.includes(user.name!));
    const list = [{ gid: user.gid, name: user.group }, ...supplementary.map((g) => ({ gid: g.gid, name: g.name }))];
    if (flags.includes('G')) return ok(`${list.map((g) => (names ? (g.name ?? g.gid) : g.gid)).join(' ')}\n`);
    return ok(`uid=${idName(user.uid, user.name)} gid=${idName(user.gid, user.group)} groups=${list.map((g) => idName(g.gid, g.name)).join(',')}\n`);
  });
}

export function whoamiCommand(): Command {
  return defineCommand('whoami', async (_args, ctx) => {
    const user = currentUser(ctx);
    if (user.name === undefined) {
      const message = (await isBusyboxApplet(ctx, 'whoami')) ? `unknown uid ${user.uid}` : `cannot find name for user ID ${user.uid}`;
      return { stdout: '', stderr: `whoami: ${message}\n`, exitCode: 1 };
    }
    return ok(`${user.name}\n`);
  });
}

/** `su-exec user[:group] command…` (and gosu, which takes the same arguments). */
export function switchUserCommand(program: 'su-exec' | 'gosu'): Command {
  return defineCommand(program, async (args, ctx) => {
    if (args.length < 2) {
      return program === 'su-exec'
        ? { stdout: '', stderr: 'Usage: su-exec user-spec command [args]\n', exitCode: 1 }
        : { stdout: '', stderr: 'Usage: gosu user-spec command [args]\n', exitCode: 1 };
    }
    const [spec, ...command] = args as [string, ...string[]];
    const user = await resolveUser(ctx, spec);
    if (typeof user === 'string') return { stdout: '', stderr: `${program}: ${spec}: ${user}\n`, exitCode: 1 };
    const process = processOf(ctx);
    const previous = process?.user;
    if (process) process.user = user;
    try {
      return await runAs(ctx, command);
    } finally {
      if (process && previous) process.user = previous;
    }
  });
}

async function runAs(ctx: CommandContext, command: string[]): Promise<ExecResult> {
  // su-exec and gosu execve(2) the command: it keeps their process (PID 1 under an entrypoint).
  return ctx.exec!(`${EXEC_COMMAND} ${REPLACES_SHELL_WORD} ${command.map(shellQuote).join(' ')}`, {
    cwd: ctx.cwd,
    env: { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) },
    stdin: '',
  });
}

/** Whether the image's `program` is busybox's applet (alpine, busybox), which words errors its own way. */
async function isBusyboxApplet(ctx: CommandContext, program: string): Promise<boolean> {
  const fs = overlayOf(ctx);
  for (const dir of ['/usr/bin', '/bin']) {
    const path = `${dir}/${program}`;
    if (!fs.exists(path) || fs.stat(path).type !== 'file') continue;
    return parsePlaceholder(await (await fs.openFile(path)).read(0, PLACEHOLDER_HEADER_BYTES))?.program === 'busybox';
  }
  return false;
}

const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', exitCode: 0 });
