/**
 * `redis-server` 3.2: the startup log and ASCII-art banner redis 3.2.11 prints with no config
 * file (src/asciilogo.h, server.c), then it serves until SIGTERM/SIGINT, when it saves (nothing
 * to save: no keys) and exits 0, as the real one does. There is no network: nothing can connect.
 */
import { defineCommand, type Command } from 'just-bash';
import { processOf } from '../../container/process.ts';
import { runLongLived } from '../hold.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** redis 3's log time: `10 Jan 18:00:00.123`. */
function logTime(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}.${p(date.getUTCMilliseconds(), 3)}`;
}

function banner(version: string, port: number, pid: number): string {
  return (
    '                _._                                                  \n' +
    "           _.-``__ ''-._                                             \n" +
    `      _.-\`\`    \`.  \`_.  ''-._           Redis ${version} (00000000/0) 64 bit\n` +
    "  .-`` .-```.  ```\\/    _.,_ ''-._                                   \n" +
    " (    '      ,       .-`  | `,    )     Running in standalone mode\n" +
    ` |\`-._\`-...-\` __...-.\`\`-._|'\` _.-'|     Port: ${port}\n` +
    ` |    \`-._   \`._    /     _.-'    |     PID: ${pid}\n` +
    "  `-._    `-._  `-./  _.-'    _.-'                                   \n" +
    " |`-._`-._    `-.__.-'    _.-'_.-'|                                  \n" +
    " |    `-._`-._        _.-'_.-'    |           http://redis.io        \n" +
    "  `-._    `-._`-.__.-'_.-'    _.-'                                   \n" +
    " |`-._`-._    `-.__.-'    _.-'_.-'|                                  \n" +
    " |    `-._`-._        _.-'_.-'    |                                  \n" +
    "  `-._    `-._`-.__.-'_.-'    _.-'                                   \n" +
    "      `-._    `-.__.-'    _.-'                                       \n" +
    "          `-._        _.-'                                           \n" +
    "              `-.__.-'                                               \n\n"
  );
}

export function redisServerCommand(deps: { now?: () => number } = {}): Command {
  return defineCommand('redis-server', async (args, ctx) => {
    if (args[0] === '--version' || args[0] === '-v') {
      return { stdout: 'Redis server v=3.2.11 sha=00000000:0 malloc=jemalloc-4.0.3 bits=64 build=ebdd2b7f2a5a1c51\n', stderr: '', exitCode: 0 };
    }
    const time = () => logTime(new Date(deps.now ? deps.now() * 1000 : Date.now()));
    const pid = processOf(ctx)?.pid ?? 1;
    const portFlag = args.indexOf('--port');
    const port = portFlag >= 0 ? Number(args[portFlag + 1]) || 6379 : 6379;
    const configFile = args.find((a) => !a.startsWith('-') && a.endsWith('.conf'));
    let stdout = '';
    if (!configFile) {
      stdout += `${pid}:C ${time()} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf\n`;
    }
    stdout += banner('3.2.11', port, pid);
    stdout += `${pid}:M ${time()} # WARNING: The TCP backlog setting of 511 cannot be enforced because /proc/sys/net/core/somaxconn is set to the lower value of 128.\n`;
    stdout += `${pid}:M ${time()} # Server started, Redis version 3.2.11\n`;
    stdout += `${pid}:M ${time()} * The server is now ready to accept connections on port ${port}\n`;
    return runLongLived(ctx, { stdout, stderr: '' }, {
      signal: (signal, out) => {
        if (signal === 'SIGKILL') return 137;
        const name = signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM';
        out.stdout(
          `${pid}:signal-handler (${Math.floor((deps.now ? deps.now() : Date.now() / 1000))}) Received ${name} scheduling shutdown...\n` +
            `${pid}:M ${time()} # User requested shutdown...\n` +
            `${pid}:M ${time()} * Saving the final RDB snapshot before exiting.\n` +
            `${pid}:M ${time()} * DB saved on disk\n` +
            `${pid}:M ${time()} # Redis is now ready to exit, bye bye...\n`,
        );
        return 0;
      },
    });
  });
}
