/**
 * `date`. As a BusyBox applet it is ours (busybox-date.ts); everywhere else it is just-bash's
 * own `date`, which the session keeps under its native name (see ShellSession).
 */
import { defineCommand, type Command } from 'just-bash';
import { execCaptured, runsAsBusyboxApplet } from '../../command-context.ts';
import { nativeName } from '../../programs/exec-command.ts';
import { busyboxDate } from './busybox-date.ts';

export function dateCommand(deps: { now?: () => number } = {}): Command {
  return defineCommand('date', async (args, ctx) => {
    if (runsAsBusyboxApplet(ctx)) return busyboxDate(args, ctx, deps.now?.() ?? Math.floor(Date.now() / 1000));
    return execCaptured(ctx, nativeName('date'), args);
  });
}
