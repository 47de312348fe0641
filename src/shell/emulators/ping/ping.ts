/**
 * `ping` as busybox words it (the images that have a ping are busybox-based). The playground
 * has no network: loopback addresses answer, other IPv4 addresses never do, and names other
 * than `localhost` fail to resolve ("ping: bad address 'x'"). Without `-c` it pings once a
 * `-i` interval until Ctrl+C (or, in a container, a signal), then prints its statistics.
 */
import { defineCommand, type Command, type ExecResult } from 'just-bash';
import { sessionOf, shellFsOf } from '../../command-context.ts';
import { idleWhile } from '../../loop-yield.ts';
import { SIGNAL_NUMBERS } from '../../container/process.ts';
import { runLongLived } from '../hold.ts';

interface PingOptions {
  host: string;
  count?: number;
  intervalSeconds: number;
  quiet: boolean;
}

function parsePing(args: readonly string[]): PingOptions | ExecResult {
  let count: number | undefined;
  let intervalSeconds = 1;
  let quiet = false;
  const hosts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => (arg.length > 2 ? arg.slice(2) : args[++i]);
    if (arg.startsWith('-c')) count = Number(value());
    else if (arg.startsWith('-i')) intervalSeconds = Number(value());
    else if (arg === '-q') quiet = true;
    else if (/^-[sWwtIp]/.test(arg)) value();
    else if (arg === '-4' || arg === '-6' || arg === '-n') continue;
    else if (arg.startsWith('-')) return { stdout: '', stderr: `ping: invalid option -- '${arg.slice(1, 2)}'\n${USAGE}`, exitCode: 1 };
    else hosts.push(arg);
  }
  if (hosts.length !== 1 || (count !== undefined && !(count >= 0)) || !(intervalSeconds >= 0)) return { stdout: '', stderr: USAGE, exitCode: 1 };
  return { host: hosts[0]!, ...(count !== undefined && count > 0 ? { count } : {}), intervalSeconds, quiet };
}

const USAGE = 'Usage: ping [OPTIONS] HOST\n\nSend ICMP ECHO_REQUESTs to HOST\n';

/** The address a name resolves to without a network, or undefined. */
function resolve(host: string): { address: string; answers: boolean } | undefined {
  if (host === 'localhost' || host === 'ip6-localhost') return { address: '127.0.0.1', answers: true };
  const quad = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (quad && quad.slice(1).every((n) => Number(n) <= 255)) return { address: host, answers: quad[1] === '127' };
  return undefined;
}

/** Round-trip times of a loopback echo: tens of microseconds, varying a little. */
const rttOf = (seq: number) => 0.04 + ((seq * 7) % 20) / 1000;

class PingRun {
  private sent = 0;
  private readonly rtts: number[] = [];
  constructor(
    private readonly options: PingOptions,
    private readonly target: { address: string; answers: boolean },
  ) {}

  header(): string {
    return `PING ${this.options.host} (${this.target.address}): 56 data bytes\n`;
  }

  /** One echo request; the reply line, if one comes. */
  next(): string {
    const seq = this.sent++;
    if (!this.target.answers) return '';
    const rtt = rttOf(seq);
    this.rtts.push(rtt);
    return this.options.quiet ? '' : `64 bytes from ${this.target.address}: seq=${seq} ttl=64 time=${rtt.toFixed(3)} ms\n`;
  }

  statistics(): string {
    const received = this.rtts.length;
    const loss = this.sent === 0 ? 0 : Math.trunc(((this.sent - received) * 100) / this.sent);
    let text = `\n--- ${this.options.host} ping statistics ---\n${this.sent} packets transmitted, ${received} packets received, ${loss}% packet loss\n`;
    if (received > 0) {
      const avg = this.rtts.reduce((a, b) => a + b, 0) / received;
      text += `round-trip min/avg/max = ${Math.min(...this.rtts).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...this.rtts).toFixed(3)} ms\n`;
    }
    return text;
  }

  get exitCode(): number {
    return this.rtts.length > 0 ? 0 : 1;
  }
}

export function pingCommand(): Command {
  return defineCommand('ping', async (args, ctx) => {
    const options = parsePing(args);
    if ('exitCode' in options) return options;
    const target = resolve(options.host);
    if (!target) return { stdout: '', stderr: `ping: bad address '${options.host}'\n`, exitCode: 1 };
    const run = new PingRun(options, target);
    const intervalMs = options.intervalSeconds * 1000;
    if (options.count !== undefined) {
      // A counted run ends by itself (or at Ctrl+C): its output is handed over at the end.
      const session = sessionOf(ctx);
      let stdout = run.header();
      let interrupted = false;
      const off = session?.onInterrupt(() => (interrupted = true));
      try {
        for (let i = 0; i < options.count && !interrupted && !ctx.signal?.aborted; i++) {
          if (i > 0) await idleWhile(shellFsOf(ctx), new Promise((r) => setTimeout(r, intervalMs)));
          if (interrupted) break;
          stdout += run.next();
        }
      } finally {
        off?.();
      }
      return { stdout: (interrupted ? `${stdout}^C` : stdout) + run.statistics(), stderr: '', exitCode: run.exitCode };
    }
    let timer: ReturnType<typeof setInterval> | undefined;
    return runLongLived(ctx, { stdout: run.header() + run.next(), stderr: '' }, {
      start: (out) => {
        timer = setInterval(() => out.stdout(run.next()), intervalMs);
      },
      signal: (signal, out) => {
        clearInterval(timer);
        // busybox prints its statistics on SIGINT; other signals kill it.
        if (signal !== 'SIGINT') return 128 + SIGNAL_NUMBERS[signal];
        out.stdout(run.statistics());
        return run.exitCode;
      },
    });
  });
}
