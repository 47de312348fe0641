import type { ParseArgsConfig } from 'node:util';

/** Where a command writes. Text is written as UTF-8; bytes as they are. */
export interface CommandIo {
  stdout(data: string | Uint8Array): void;
  stderr(text: string): void;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * One CLI command: its name, flags and help beside its code (one folder per command).
 * `run` returns the exit status; failures it means to report are thrown as `LayerlabError`s
 * and printed by main as one `layerlab: …` line.
 */
export interface CliCommand<O extends Options = Options> {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly options: O;
  /** How many positional arguments the command takes. */
  readonly positionals: { min: number; max: number };
  run(args: { positionals: string[]; values: ParsedValues<O> }, io: CommandIo): Promise<number>;
}

export type ParsedValues<O extends Options> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string;
};

export function defineCliCommand<O extends Options>(command: CliCommand<O>): CliCommand<O> {
  return command;
}
