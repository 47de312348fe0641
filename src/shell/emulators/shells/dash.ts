/**
 * Debian's `/bin/sh` is dash: it runs as the shell just-bash provides, its errors worded as
 * dash's (`sh: 1: nope: not found`: DASH_VARIABLE, src/shell/programs/shell-dialect.ts).
 */
import { defineCommand, type Command } from 'just-bash';
import { execCaptured } from '../../command-context.ts';
import { nativeName } from '../../programs/exec-command.ts';
import { DASH_VARIABLE } from '../../programs/shell-dialect.ts';

export function dashCommand(): Command {
  return defineCommand('dash', async (args, ctx) => execCaptured(ctx, nativeName('sh'), args, { env: { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)), [DASH_VARIABLE]: '0' } }));
}
