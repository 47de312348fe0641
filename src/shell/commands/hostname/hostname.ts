/**
 * `hostname`: the machine's name. A container's is what Docker gave it (`-h`, or its short ID),
 * which Docker also writes to the /etc/hostname it mounts; the host's is its /etc/hostname.
 * Setting a name (`hostname NAME`) needs CAP_SYS_ADMIN, which a container does not have.
 */
import { defineCommand, type Command, type CommandContext } from 'just-bash';
import { textResult } from '../../command-context.ts';

export function hostnameCommand(): Command {
  return defineCommand('hostname', async (args, ctx) => {
    const names = args.filter((a) => !a.startsWith('-'));
    if (names.length > 0) return textResult('', 'hostname: sethostname: Operation not permitted\n', 1);
    const name = await machineHostname(ctx);
    const short = args.includes('-s') || args.includes('--short');
    return textResult(`${short ? name.split('.')[0] : name}\n`, '', 0);
  });
}

/** The name of the machine a command runs on (also `uname -n`'s). */
export async function machineHostname(ctx: Pick<CommandContext, 'fs' | 'env'>): Promise<string> {
  try {
    return (await ctx.fs.readFile('/etc/hostname')).split('\n')[0]!.trim() || 'localhost';
  } catch {
    return ctx.env.get('HOSTNAME') ?? 'localhost';
  }
}
