/**
 * What `docker build` prints while it works, in the two shapes Docker 27 has:
 * - BuildKit's plain progress (`--progress=plain`, and what a non-terminal gets): numbered
 *   vertices (`#5 [2/3] RUN …`), their logs with seconds since the vertex started, `CACHED`,
 *   `DONE 0.1s`, `ERROR: …`, then on failure the vertex's last log lines and a Dockerfile excerpt.
 *   All of it on stderr, as buildx's progress writer uses it.
 * - The legacy builder's stream (`DOCKER_BUILDKIT=0`): `Step 1/5 : …`, ` ---> id` on stdout.
 */

/** Seconds as BuildKit prints durations (`0.1s`). */
const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)}s`;

export interface Vertex {
  readonly id: number;
  readonly name: string;
  readonly startedMs: number;
  /** Log lines as printed in the error summary (`0.123 text`). */
  readonly logs: string[];
}

export class BuildkitLog {
  text = '';
  private next = 1;

  constructor(private readonly clock: () => number) {
    this.text = '#0 building with "default" instance using docker driver\n\n';
  }

  vertex(name: string): Vertex {
    const vertex = { id: this.next++, name, startedMs: this.clock(), logs: [] };
    this.text += `#${vertex.id} ${name}\n`;
    return vertex;
  }

  status(vertex: Vertex, text: string): void {
    this.text += `#${vertex.id} ${text}\n`;
  }

  /**
   * A progress line (a transfer, an extraction) as buildx's plain printer writes it: the time
   * since `startedMs` shown only past 10 ms, then `done` once complete.
   */
  timed(vertex: Vertex, text: string, startedMs: number, done: boolean): void {
    const elapsed = this.clock() - startedMs;
    this.text += `#${vertex.id} ${text}${elapsed > 10 ? ` ${seconds(elapsed)}` : ''}${done ? ' done' : ''}\n`;
  }

  /** A process's output, line by line, each stamped with seconds since the vertex started. */
  output(vertex: Vertex, bytes: Uint8Array): void {
    const text = new TextDecoder().decode(bytes);
    if (text === '') return;
    const stamp = ((this.clock() - vertex.startedMs) / 1000).toFixed(3);
    for (const line of text.replace(/\n$/, '').split('\n')) {
      vertex.logs.push(`${stamp} ${line}`);
      this.text += `#${vertex.id} ${stamp} ${line}\n`;
    }
  }

  done(vertex: Vertex): void {
    this.text += `#${vertex.id} DONE ${seconds(this.clock() - vertex.startedMs)}\n\n`;
  }

  cached(vertex: Vertex): void {
    this.text += `#${vertex.id} CACHED\n\n`;
  }

  error(vertex: Vertex, message: string): void {
    this.text += `#${vertex.id} ERROR: ${message}\n`;
  }

  /** The summary after a failed vertex: its last log lines, then where in the Dockerfile. */
  failure(vertex: Vertex | undefined, excerpt: string, message: string): void {
    if (vertex) this.text += `------\n > ${vertex.name}:\n${vertex.logs.slice(-10).map((l) => `${l}\n`).join('')}------\n`;
    this.text += `${excerpt}ERROR: failed to solve: ${message}\n`;
  }
}

/**
 * The Dockerfile lines around an instruction, as BuildKit shows them under an error: the file
 * name and line, then each line numbered, the instruction's marked `>>>`.
 */
export function dockerfileExcerpt(fileName: string, text: string, startLine: number, endLine: number): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let start = startLine;
  let end = endLine;
  const pad = start === end ? 4 : 2;
  for (let p = 0; p < pad; p++) {
    if (start > 1) {
      start--;
      p++;
    }
    if (end < lines.length) {
      end++;
      p++;
    }
  }
  const where = startLine === endLine ? `${startLine}` : `${startLine}-${endLine}`;
  let out = `${fileName}:${where}\n--------------------\n`;
  for (let n = start; n <= end; n++) {
    const mark = n >= startLine && n <= endLine ? '>>>' : '   ';
    out += `${String(n).padStart(4)} | ${mark} ${lines[n - 1] ?? ''}\n`;
  }
  return `${out}--------------------\n`;
}

/** Bytes as BuildKit's transfer lines print them (`97B`, `2.10kB`). */
export function transferSize(bytes: number): string {
  if (bytes < 1000) return `${bytes}B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(2)}${units[unit]}`;
}
