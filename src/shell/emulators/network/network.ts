/**
 * `curl` and `wget` on a machine with no network, which is what the playground is: a page
 * cannot open sockets. A name does not resolve, as on a machine whose DNS is down, in each
 * tool's own words (curl 7.88's `(6) Could not resolve host`, GNU wget 1.21's and BusyBox's
 * `bad address`), so a lesson or scenario that downloads fails honestly in one line. Loopback
 * has nothing listening: containers' published ports are not reachable from the shell, and the
 * message says so rather than pretend.
 */
import { defineCommand, type Command, type ExecResult } from 'just-bash';
import { runsAsBusyboxApplet } from '../../command-context.ts';
import { localeQuote } from '../../commands/shared/gnu-quote.ts';

/** The host part of a URL or `host:port` argument, and its port. */
function hostOf(url: string): { host: string; port: string } {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?/i.exec(url)!;
  const scheme = (m[1] ?? 'http').toLowerCase();
  return { host: m[2]!, port: m[3] ?? (scheme === 'https' ? '443' : scheme === 'ftp' ? '21' : '80') };
}

const isLoopback = (host: string) => host === 'localhost' || /^127\./.test(host) || host === '[::1]';

/** curl's options that take a value (the rest are flags), enough to find the URLs on a line. */
const CURL_VALUE_OPTIONS = new Set(['-o', '-H', '-d', '-X', '-u', '-A', '-e', '-w', '-T', '-F', '-b', '-c', '-m', '-x', '-r', '-C', '-E', '-K', '-Q', '-Y', '-y', '-z']);

export function curlCommand(): Command {
  return defineCommand('curl', async (args): Promise<ExecResult> => {
    let silent = false;
    let showErrors = false;
    const urls: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '--version' || arg === '-V') return { stdout: 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.11 zlib/1.2.13\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp\n', stderr: '', exitCode: 0 };
      if (arg.startsWith('--')) {
        if (arg === '--silent') silent = true;
        else if (arg === '--show-error') showErrors = true;
        else if (arg === '--url') urls.push(args[++i] ?? '');
        else if (!arg.includes('=') && /^--(output|header|data|request|user|user-agent|referer|write-out|upload-file|form|cookie|cookie-jar|max-time|proxy|range|connect-timeout|retry)$/.test(arg)) i++;
        continue;
      }
      if (arg.startsWith('-') && arg.length > 1) {
        for (const [j, flag] of [...arg.slice(1)].entries()) {
          if (flag === 's') silent = true;
          if (flag === 'S') showErrors = true;
          if (CURL_VALUE_OPTIONS.has(`-${flag}`)) {
            if (j === arg.length - 2) i++;
            break;
          }
        }
        continue;
      }
      urls.push(arg);
    }
    if (urls.length === 0) return { stdout: '', stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2 };
    const { host, port } = hostOf(urls[0]!);
    const [message, status] = isLoopback(host)
      ? [`curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server (the playground's containers have no network: their ports cannot be reached)`, 7]
      : [`curl: (6) Could not resolve host: ${host}`, 6];
    return { stdout: '', stderr: silent && !showErrors ? '' : `${message}\n`, exitCode: status as number };
  });
}

export function wgetCommand(): Command {
  return defineCommand('wget', async (args, ctx): Promise<ExecResult> => {
    const busybox = runsAsBusyboxApplet(ctx);
    const quiet = args.some((arg) => arg === '-q' || arg === '--quiet' || /^-[a-zA-Z]*q/.test(arg));
    if (args.includes('--version') && !busybox) return { stdout: 'GNU Wget 1.21.3 built on linux-gnu.\n', stderr: '', exitCode: 0 };
    const url = args.filter((arg, i) => !arg.startsWith('-') && !/^-[OPoU]$|^--(output-document|directory-prefix|output-file|user-agent)$/.test(args[i - 1] ?? '')).at(-1);
    if (url === undefined) {
      return busybox
        ? { stdout: '', stderr: 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n', exitCode: 1 }
        : { stdout: '', stderr: "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n", exitCode: 1 };
    }
    const { host, port } = hostOf(url);
    if (busybox) {
      const text = isLoopback(host) ? `Connecting to ${host}:${port} (127.0.0.1:${port})\nwget: can't connect to remote host (127.0.0.1): Connection refused\n` : `wget: bad address '${host}'\n`;
      return { stdout: '', stderr: text, exitCode: 1 };
    }
    const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
    const stamp = `--${new Date().toISOString().slice(0, 19).replace('T', ' ')}--  ${full}${/\/\/[^/]+$/.test(full) ? '/' : ''}\n`;
    if (isLoopback(host)) {
      const text = `${stamp}Resolving ${host} (${host})... 127.0.0.1\nConnecting to ${host} (${host})|127.0.0.1|:${port}... failed: Connection refused.\n`;
      return { stdout: '', stderr: quiet ? '' : text, exitCode: 4 };
    }
    const text = `${stamp}Resolving ${host} (${host})... failed: Temporary failure in name resolution.\nwget: unable to resolve host address ${localeQuote(host, ctx.env)}\n`;
    return { stdout: '', stderr: quiet ? '' : text, exitCode: 4 };
  });
}
