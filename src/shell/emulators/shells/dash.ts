/** Debian's `/bin/sh` is dash: it runs as the shell just-bash provides (errors worded as bash's). */
import { defineCommand, type Command } from 'just-bash';
import { execCaptured } from '../../command-context.ts';
import { nativeName } from '../../programs/exec-command.ts';

export function dashCommand(): Command {
  return defineCommand('dash', async (args, ctx) => execCaptured(ctx, nativeName('sh'), args, { env: { ...(ctx.exportedEnv ?? Object.fromEntries(ctx.env)) } }));
}
