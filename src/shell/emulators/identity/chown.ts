/** `chown [-R] USER[:GROUP] FILE…` on the container's filesystem (coreutils/busybox wording). */
import { defineCommand, type Command } from 'just-bash';
import { overlayOf } from '../../command-context.ts';
import { accounts, groups } from './accounts.ts';

export function chownCommand(): Command {
  return defineCommand('chown', async (args, ctx) => {
    const recursive = args.some((a) => /^-[a-zA-Z]*R/.test(a));
    const operands = args.filter((a) => !a.startsWith('-'));
    if (operands.length < 2) return { stdout: '', stderr: "chown: missing operand\nTry 'chown --help' for more information.\n", exitCode: 1 };
    const [spec, ...paths] = operands as [string, ...string[]];
    const [userPart, groupPart] = spec.split(/[:.]/) as [string, string | undefined];
    const users = await accounts(ctx);
    const account = users.find((u) => u.name === userPart);
    if (!account && !/^\d+$/.test(userPart)) return { stdout: '', stderr: `chown: invalid user: '${spec}'\n`, exitCode: 1 };
    const uid = account?.uid ?? Number(userPart);
    let gid: number | undefined;
    if (groupPart !== undefined && groupPart !== '') {
      const group = (await groups(ctx)).find((g) => g.name === groupPart);
      if (!group && !/^\d+$/.test(groupPart)) return { stdout: '', stderr: `chown: invalid group: '${spec}'\n`, exitCode: 1 };
      gid = group?.gid ?? Number(groupPart);
    }
    const fs = overlayOf(ctx);
    let stderr = '';
    for (const path of paths) {
      const absolute = ctx.fs.resolvePath(ctx.cwd, path);
      try {
        const targets = [absolute, ...(recursive && fs.lstat(absolute).type === 'directory' ? [...fs.walk(absolute)].map((s) => s.path) : [])];
        for (const target of targets) await fs.chown(target, uid, gid ?? fs.lstat(target).gid, { follow: false });
      } catch {
        stderr += `chown: cannot access '${path}': No such file or directory\n`;
      }
    }
    return { stdout: '', stderr, exitCode: stderr ? 1 : 0 };
  });
}
