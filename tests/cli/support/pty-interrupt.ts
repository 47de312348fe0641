/**
 * Ctrl+C in `layerlab shell` on a terminal, as a person types it: the shell runs in a
 * pseudo-terminal (util-linux `script -qfc`), a loop is typed, and once its output shows, ^C
 * (0x03) goes to the terminal. Reports the time from the keypress to the next prompt, and what
 * the terminal showed from the keypress on.
 */
import { spawn, spawnSync } from 'node:child_process';
import { BIN } from '../run-cli.ts';

export interface InterruptRun {
  /** From writing ^C to the prompt after it, in ms. */
  latencyMs: number;
  /** What the terminal showed after ^C was written (escapes and carriage returns taken out). */
  afterInterrupt: string;
  status: number;
}

const PROMPT = /root@layerlab:[^#\n]*# $/;

function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
}

export async function interruptInPty(loop: string, showsOutput: RegExp | undefined, timeoutMs = 120_000): Promise<InterruptRun> {
  if (spawnSync('script', ['--version']).error) throw new Error('util-linux `script` is missing: apt-get install -y util-linux');
  const child = spawn('script', ['-qfc', `${BIN} shell`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let shown = '';
  let waiter: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    shown += chunk.toString('latin1');
    waiter?.();
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const deadline = Date.now() + timeoutMs;
  const waitFor = (test: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (test()) {
          waiter = undefined;
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => reject(new Error(`no ${what} on the terminal: ${plain(shown).slice(-300)}`)), Math.max(0, deadline - Date.now()));
      waiter = check;
      check();
    });
  try {
    await waitFor(() => PROMPT.test(plain(shown)), 'first prompt');
    child.stdin.write(`${loop}\r`);
    const typedAt = shown.length;
    if (showsOutput) await waitFor(() => showsOutput.test(plain(shown.slice(typedAt))), 'loop output');
    else await new Promise((resolve) => setTimeout(resolve, 300));
    const interruptAt = shown.length;
    const sent = performance.now();
    child.stdin.write('\x03');
    await waitFor(() => PROMPT.test(plain(shown.slice(interruptAt))), 'prompt after ^C');
    const latencyMs = performance.now() - sent;
    child.stdin.write('echo "status $?"\r');
    await waitFor(() => /status \d+\n/.test(plain(shown.slice(interruptAt))), 'status line');
    child.stdin.write('exit\r');
    const status = await exited;
    return { latencyMs, afterInterrupt: plain(shown.slice(interruptAt)), status };
  } finally {
    child.kill();
  }
}
