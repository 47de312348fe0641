/**
 * `httpd` (Apache 2.4.65, the httpd:2.4 image's): `-v` answers as the real one; `-DFOREGROUND`
 * (what httpd-foreground runs) logs Apache's start-up lines to stderr and serves until a signal,
 * then logs its shutdown line. Nothing can connect: the playground has no network. The lines are
 * httpd 2.4's (server/log.c's `[time] [module:level] [pid N:tid N] AHnnnnn: …` format).
 */
import { defineCommand, type Command } from 'just-bash';
import { processOf } from '../../container/process.ts';
import { runLongLived } from '../hold.ts';

const VERSION = 'Apache/2.4.65 (Unix)';
/** When the image's httpd was built (its build layer's time), as `httpd -v` reports it. */
const BUILT = 'Jul 23 2025 20:51:42';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ap_recent_ctime_ex with microseconds: `Mon Dec 07 04:23:11.123456 2026`. */
function logTime(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${p(date.getUTCDate())} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}.${p(date.getUTCMilliseconds() * 1000, 6)} ${date.getUTCFullYear()}`;
}

export function httpdCommand(deps: { now?: () => number } = {}): Command {
  return defineCommand('httpd', async (args, ctx) => {
    if (args.includes('-v')) return { stdout: `Server version: ${VERSION}\nServer built:   ${BUILT}\n`, stderr: '', exitCode: 0 };
    if (!args.some((a) => a === '-DFOREGROUND' || a === 'FOREGROUND')) {
      return { stdout: '', stderr: 'httpd: layerlab runs httpd only in the foreground (httpd -DFOREGROUND, as httpd-foreground does)\n', exitCode: 1 };
    }
    const pid = processOf(ctx)?.pid ?? 1;
    const now = () => new Date(deps.now ? deps.now() * 1000 : Date.now());
    const line = (module: string, text: string) => `[${logTime(now())}] [${module}] [pid ${pid}:tid ${pid}] ${text}\n`;
    // Apache names the server by its address when the hostname does not resolve to a domain name:
    // the container's own line of the /etc/hosts Docker writes.
    const hosts = await ctx.fs.readFile('/etc/hosts').catch(() => '');
    const hostname = ctx.env.get('HOSTNAME');
    const own = hosts.split('\n').map((l) => l.split(/\s+/)).find((fields) => hostname !== undefined && fields.slice(1).includes(hostname));
    const address = own?.[0] ?? '127.0.0.1';
    const serverName = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${address}. Set the 'ServerName' directive globally to suppress this message\n`;
    const commandLine = ['httpd', ...args.map((a) => (a === '-DFOREGROUND' ? '-D FOREGROUND' : a))].join(' ');
    const stderr = serverName + serverName + line('mpm_event:notice', `AH00489: ${VERSION} configured -- resuming normal operations`) + line('core:notice', `AH00094: Command line: '${commandLine}'`);
    return runLongLived(ctx, { stdout: '', stderr }, {
      signal: (signal, out) => {
        if (signal === 'SIGKILL') return 137;
        // Apache: TERM/INT stop at once (AH00491), QUIT is not one of its signals (it dies by default).
        if (signal === 'SIGQUIT') return 131;
        out.stderr(line('mpm_event:notice', `AH00491: caught ${signal}, shutting down`));
        return 0;
      },
    });
  });
}
