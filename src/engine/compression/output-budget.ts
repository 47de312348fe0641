import { CompressionError, DecompressionLimitError, LayerlabError } from '../errors.ts';

/**
 * Counts decompressed bytes against a cap and fails the moment it is passed, so a
 * decompression bomb is stopped after at most one decoder step past the cap.
 */
export class OutputBudget {
  private total = 0;
  constructor(readonly limit: number) {}

  get produced(): number {
    return this.total;
  }

  get remaining(): number {
    return this.limit - this.total;
  }

  /** Account for `bytes` more output; throws `DecompressionLimitError` once past the limit. */
  take(bytes: number): void {
    this.total += bytes;
    if (this.total > this.limit) throw new DecompressionLimitError(this.limit);
  }
}

/** Our own errors pass through; anything a decoder throws becomes one clear `CompressionError` line. */
export function asCompressionError(format: string, error: unknown): LayerlabError {
  if (error instanceof LayerlabError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new CompressionError(`${format}: corrupt or truncated data (${reason.split('\n')[0]})`);
}
