/**
 * `apt-get`/`apt` without a network. `update` fails to reach the mirrors as apt does offline.
 * `install PKG…` does what it honestly can: it records each package as installed in
 * /var/lib/dpkg/status (and its file list in /var/lib/dpkg/info), puts a placeholder for its
 * main program and its docs directory in place, and says so in one line — so `dpkg -l`,
 * `docker diff` and `docker commit` see the change a real install would make.
 */
import { defineCommand, type Command, type CommandContext, type ExecResult } from 'just-bash';
import { placeholderBinary } from '../../../catalog/placeholder.ts';
import { overlayOf } from '../../command-context.ts';

/** Where a package's main program lives, when it is not /usr/bin/<package>. */
const PROGRAM_PATHS: Record<string, string> = {
  postfix: '/usr/sbin/postfix',
  'openssh-server': '/usr/sbin/sshd',
  'openssh-client': '/usr/bin/ssh',
  nginx: '/usr/sbin/nginx',
  apache2: '/usr/sbin/apache2',
  iputils_ping: '/usr/bin/ping',
  'iputils-ping': '/usr/bin/ping',
  procps: '/usr/bin/ps',
  'redis-server': '/usr/bin/redis-server',
  vim: '/usr/bin/vim',
  python3: '/usr/bin/python3',
};

const MIRRORS = [
  ['http://deb.debian.org/debian', 'bookworm InRelease'],
  ['http://deb.debian.org/debian', 'bookworm-updates InRelease'],
  ['http://deb.debian.org/debian-security', 'bookworm-security InRelease'],
] as const;

export function aptGetCommand(program: 'apt-get' | 'apt'): Command {
  return defineCommand(program, async (args, ctx) => {
    const words = args.filter((a) => !a.startsWith('-'));
    const [action, ...packages] = words;
    switch (action) {
      case 'update':
        return update();
      case 'install':
        return install(ctx, packages);
      case undefined:
        return { stdout: '', stderr: 'E: No command given\n', exitCode: 100 };
      default:
        if (['upgrade', 'dist-upgrade', 'clean', 'autoremove', 'autoclean'].includes(action)) return { stdout: readingLines(), stderr: '', exitCode: 0 };
        return { stdout: '', stderr: `E: Invalid operation ${action}\n`, exitCode: 100 };
    }
  });
}

function readingLines(): string {
  return 'Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n';
}

function update(): ExecResult {
  let stdout = '';
  MIRRORS.forEach(([uri, suite], i) => (stdout += `Ign:${i + 1} ${uri} ${suite}\n`));
  MIRRORS.forEach(([uri, suite], i) => (stdout += `Err:${i + 1} ${uri} ${suite}\n  Temporary failure resolving '${new URL(uri).host}'\n`));
  stdout += 'Reading package lists... Done\n';
  let stderr = '';
  for (const [uri, suite] of MIRRORS) {
    stderr += `W: Failed to fetch ${uri}/dists/${suite.replace(' ', '/')}  Temporary failure resolving '${new URL(uri).host}'\n`;
  }
  stderr += 'W: Some index files failed to download. They have been ignored, or old ones used instead.\n';
  stderr += 'layerlab: this playground has no network; apt-get install still records packages (see its message)\n';
  return { stdout, stderr, exitCode: 0 };
}

async function install(ctx: CommandContext, packages: string[]): Promise<ExecResult> {
  const fs = overlayOf(ctx);
  if (packages.length === 0) return { stdout: readingLines() + '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n', stderr: '', exitCode: 0 };
  const status = new TextDecoder().decode(await fs.readFile('/var/lib/dpkg/status').catch(() => new Uint8Array()));
  const installed = new Set([...status.matchAll(/^Package: (\S+)$/gm)].map((m) => m[1]!));
  const names = packages.map((p) => p.replace(/=.*$/, ''));
  const fresh = names.filter((p) => !installed.has(p));
  let stdout = readingLines();
  for (const p of names.filter((n) => installed.has(n))) stdout += `${p} is already the newest version.\n`;
  if (fresh.length > 0) stdout += `The following NEW packages will be installed:\n  ${fresh.join(' ')}\n`;
  stdout += `0 upgraded, ${fresh.length} newly installed, 0 to remove and 0 not upgraded.\n`;
  if (fresh.length === 0) return { stdout, stderr: '', exitCode: 0 };
  let records = '';
  const done: string[] = [];
  for (const p of fresh) {
    const program = PROGRAM_PATHS[p] ?? `/usr/bin/${p}`;
    const docs = `/usr/share/doc/${p}`;
    await fs.mkdir(program.slice(0, program.lastIndexOf('/')), { recursive: true });
    await fs.writeFile(program, placeholderBinary(p.replace(/^.*\//, ''), { version: 'layerlab', realSize: 0 }), { mode: 0o755 });
    await fs.mkdir(docs, { recursive: true });
    await fs.writeFile(`${docs}/README.layerlab`, new TextEncoder().encode(`${p} was recorded as installed by layerlab's apt-get, without a network: ${program} is a placeholder.\n`));
    await fs.mkdir('/var/lib/dpkg/info', { recursive: true });
    await fs.writeFile(`/var/lib/dpkg/info/${p}.list`, new TextEncoder().encode(`/.\n${program}\n${docs}\n${docs}/README.layerlab\n`));
    records += `Package: ${p}\nStatus: install ok installed\nPriority: optional\nSection: misc\nMaintainer: layerlab <layerlab@localhost>\nArchitecture: amd64\nVersion: layerlab\nDescription: ${p} (recorded by layerlab; not downloaded)\n\n`;
    done.push(`Setting up ${p} (layerlab) ...\n`);
  }
  const separator = status === '' || status.endsWith('\n\n') ? '' : '\n';
  await fs.writeFile('/var/lib/dpkg/status', new TextEncoder().encode(status + separator + records));
  stdout += done.join('');
  const stderr = `layerlab: this playground has no network, so nothing was downloaded: ${fresh.join(', ')} ${fresh.length === 1 ? 'is' : 'are'} recorded in /var/lib/dpkg/status, with a placeholder program and a /usr/share/doc entry\n`;
  return { stdout, stderr, exitCode: 0 };
}
