/**
 * Pull-based reading of a chunk stream by exact byte counts, for parsers of framed formats
 * (zstd frames and blocks). Holds only the bytes asked for and not yet taken.
 */
const EMPTY = new Uint8Array(0);

export class InputQueue {
  private chunks: Uint8Array[] = [];
  /** Index of the first chunk still holding bytes (dropping from the front by index keeps takes O(1)). */
  private first = 0;
  private available = 0;
  private exhausted = false;
  /** Bytes taken or skipped so far: the offset of the next byte in the stream. */
  position = 0;

  constructor(private readonly input: AsyncIterator<Uint8Array>) {}

  /** Make at least `n` bytes available; false if the stream ends first. */
  async fill(n: number): Promise<boolean> {
    while (this.available < n && !this.exhausted) {
      const next = await this.input.next();
      if (next.done) this.exhausted = true;
      else if (next.value.length > 0) {
        if (this.first > 1024) {
          this.chunks = this.chunks.slice(this.first);
          this.first = 0;
        }
        this.chunks.push(next.value);
        this.available += next.value.length;
      }
    }
    return this.available >= n;
  }

  /** A copy of the next `n` available bytes, without taking them. */
  peek(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let pos = 0;
    for (let i = this.first; i < this.chunks.length && pos < n; i++) {
      const part = this.chunks[i]!.subarray(0, n - pos);
      out.set(part, pos);
      pos += part.length;
    }
    return out;
  }

  /** Take the next `n` available bytes (a view when they lie in one chunk). */
  take(n: number): Uint8Array {
    const head = this.chunks[this.first];
    if (head && head.length >= n) {
      this.consume(n);
      return head.subarray(0, n);
    }
    const out = this.peek(n);
    this.consume(n);
    return out;
  }

  /** Drop `n` bytes, reading through the stream as needed; false if it ends first. */
  async skip(n: number): Promise<boolean> {
    while (n > 0) {
      if (this.available === 0 && !(await this.fill(1))) return false;
      const step = Math.min(n, this.available);
      this.consume(step);
      n -= step;
    }
    return true;
  }

  /** Release the underlying stream early. */
  async close(): Promise<void> {
    await this.input.return?.();
  }

  private consume(n: number): void {
    this.available -= n;
    this.position += n;
    while (n > 0) {
      const head = this.chunks[this.first]!;
      if (head.length <= n) {
        this.chunks[this.first++] = EMPTY; // let the consumed chunk be collected

        n -= head.length;
      } else {
        this.chunks[this.first] = head.subarray(n);
        n = 0;
      }
    }
  }
}
