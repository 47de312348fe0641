/**
 * `nginx` (1.29.1, the nginx and nginx:alpine images', each built by its distribution's gcc): with `-g 'daemon off;'` it logs its startup notices to
 * stderr (the image links error.log to /dev/stderr) and serves until a signal; `-v`/`-V`/`-t`
 * answer as the real one. Nothing can connect: the playground has no network.
 */
import { defineCommand, type Command } from 'just-bash';
import { processOf } from '../../container/process.ts';
import { runLongLived } from '../hold.ts';

const VERSION = 'nginx/1.29.1';

function logTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}/${p(date.getUTCMonth() + 1)}/${p(date.getUTCDate())} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}`;
}

export function nginxCommand(deps: { now?: () => number } = {}): Command {
  return defineCommand('nginx', async (args, ctx) => {
    if (args.includes('-v')) return { stdout: '', stderr: `nginx version: ${VERSION}\n`, exitCode: 0 };
    if (args.includes('-t')) {
      return {
        stdout: '',
        stderr: 'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n',
        exitCode: 0,
      };
    }
    const pid = processOf(ctx)?.pid ?? 1;
    const notice = (text: string) => `${logTime(new Date(deps.now ? deps.now() * 1000 : Date.now()))} [notice] ${pid}#${pid}: ${text}\n`;
    const workers = [pid + 28, pid + 29];
    const workerNotice = (worker: number, text: string) => `${logTime(new Date(deps.now ? deps.now() * 1000 : Date.now()))} [notice] ${worker}#${worker}: ${text}\n`;
    const stderr =
      notice('using the "epoll" event method') +
      notice(VERSION) +
      notice(`built by gcc ${(await ctx.fs.exists('/etc/alpine-release')) ? '14.2.0 (Alpine 14.2.0)' : '12.2.0 (Debian 12.2.0-14+deb12u1)'} `) +
      notice('OS: Linux 6.8.0-layerlab') +
      notice('getrlimit(RLIMIT_NOFILE): 1048576:1048576') +
      notice('start worker processes') +
      workers.map((w) => notice(`start worker process ${w}`)).join('');
    return runLongLived(ctx, { stdout: '', stderr }, {
      signal: (signal, out) => {
        if (signal === 'SIGKILL') return 137;
        // SIGQUIT (the image's STOPSIGNAL) is nginx's graceful shutdown; TERM and INT its fast one.
        const graceful = signal === 'SIGQUIT';
        const number = signal === 'SIGINT' ? 2 : graceful ? 3 : 15;
        let text = notice(`signal ${number} (${signal}) received, ${graceful ? 'shutting down' : 'exiting'}`);
        if (graceful) for (const w of workers) text += workerNotice(w, 'gracefully shutting down') + workerNotice(w, 'exiting') + workerNotice(w, 'exit');
        for (const w of workers) text += notice(`signal 17 (SIGCHLD) received from ${w}`) + notice(`worker process ${w} exited with code 0`);
        text += notice('exit');
        out.stderr(text);
        return 0;
      },
    });
  });
}
