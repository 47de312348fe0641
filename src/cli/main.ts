import { parseArgs } from 'node:util';
import { errorLine, LayerlabError } from '../engine/errors.ts';
import type { CliCommand, CommandIo } from './command.ts';
import { commands } from './commands/index.ts';

const VERSION = '0.1.0';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: layerlab COMMAND [ARGS]',
    '',
    'Look inside container images and tar archives.',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'layerlab COMMAND --help' for a command's options.",
    '',
  ].join('\n');
}

function commandHelp(command: CliCommand): string {
  const opts = Object.entries(command.options).map(([name, o]) => {
    const short = 'short' in o && o.short ? `-${o.short}, ` : '    ';
    const arg = o.type === 'string' ? ` ${name === 'image' ? 'REF' : 'VALUE'}` : '';
    return `  ${short}--${name}${arg}`;
  });
  return [`Usage: layerlab ${command.usage}`, '', command.summary, ...(opts.length ? ['', 'Options:', ...opts] : []), ''].join('\n');
}

/** Parse and run one command line. Returns the exit status; never throws. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic ? commandHelp(topic) : helpText());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === 'version') {
    io.stdout(`layerlab ${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) throw new LayerlabError('USAGE', `unknown command '${name}' (see 'layerlab --help')`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(commandHelp(command));
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true });
    } catch (err) {
      // node:util reports unknown flags as TypeErrors with a long hint; keep the first sentence.
      const text = (err as Error).message.split('. ')[0]!.replace(/^Unknown option/, 'unknown option');
      throw new LayerlabError('USAGE', `${command.name}: ${text}`);
    }
    const { min, max } = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new LayerlabError('USAGE', `usage: layerlab ${command.usage}`);
    }
    return await command.run(
      { positionals: parsed.positionals, values: parsed.values as never },
      io,
    );
  } catch (err) {
    io.stderr(`layerlab: ${oneLine(errorLine(err))}\n`);
    return 1;
  }
}

/** Messages may quote file names: keep control characters from reaching the terminal. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
