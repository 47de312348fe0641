/**
 * What one tar run prints and how it ends, with GNU tar's rules: warnings leave the exit status
 * alone, errors make it 2 and add "Exiting with failure status due to previous errors" at the
 * end, and a fatal error stops the run with "Error is not recoverable: exiting now".
 */

/** Thrown to stop the run; the report already holds its messages. */
export class FatalTarError extends Error {}

export class TarReport {
  private readonly out: Uint8Array[] = [];
  private outLength = 0;
  private err = '';
  failed = false;
  /** Drop warnings and errors (listings still go out): while a decompressor's failure speaks for them. */
  muted = false;
  private readonly encoder = new TextEncoder();

  constructor(
    /** Where verbose listings go: stdout, or stderr when stdout carries the archive or file data. */
    private readonly listingToStderr: boolean,
  ) {}

  warn(message: string): void {
    if (!this.muted) this.err += `tar: ${message}\n`;
  }

  error(message: string): void {
    this.warn(message);
    if (!this.muted) this.failed = true;
  }

  /** Raw text on stderr (a child program's messages, e.g. gzip's). */
  stderrText(text: string): void {
    this.err += text;
  }

  fatal(message?: string): never {
    if (message !== undefined) this.warn(message);
    this.warn('Error is not recoverable: exiting now');
    if (!this.muted) this.failed = true;
    throw new FatalTarError();
  }

  /** One line of a listing (`-t`, `-v`). */
  listing(line: string): void {
    if (this.listingToStderr) this.err += `${line}\n`;
    else this.stdout(this.encoder.encode(`${line}\n`));
  }

  stdout(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.out.push(bytes);
    this.outLength += bytes.length;
  }

  stdoutBytes(): Uint8Array {
    if (this.out.length === 1) return this.out[0]!;
    const all = new Uint8Array(this.outLength);
    let at = 0;
    for (const part of this.out) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }

  /** stderr as it stands at the end, with GNU's closing line after errors. */
  finalStderr(fatal: boolean): string {
    return this.failed && !fatal ? `${this.err}tar: Exiting with failure status due to previous errors\n` : this.err;
  }

  get status(): number {
    return this.failed ? 2 : 0;
  }
}
