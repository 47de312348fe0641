/**
 * `download FILE...`: save files from the playground to the student's computer, through the web
 * browser's download (the page decides where; usually the Downloads folder). Not a real tool:
 * worded as coreutils words a command that reads files (`cat`), with GNU option parsing.
 *
 * The file is streamed out as it is kept (an upload or a `docker save -o` archive is never
 * copied into memory; see src/worker/transfer-service.ts). In `bin/layerlab shell` there is no
 * browser: it says so and fails; the CLI's own commands (`layerlab save`, …) write to disk.
 */
import { defineCommand, type Command } from 'just-bash';
import type { ByteSource } from '../../../engine/io/byte-source.ts';
import { lastComponent } from '../../../engine/overlay/path.ts';
import { overlayOf, textResult } from '../../command-context.ts';
import { strerror, strerrorOf } from '../shared/errno-text.ts';
import { isUsageError, parseGnuOptions, usageError, type OptionSpec } from '../shared/getopt.ts';
import { quotef } from '../shared/gnu-quote.ts';

/** Hands a file to the page, which saves it through the browser's download as `fileName`. */
export type SaveToComputer = (content: ByteSource, fileName: string) => Promise<void>;

const OPTIONS: OptionSpec[] = [{ key: 'help', long: 'help' }];

export const DOWNLOAD_HELP = `Usage: download FILE...
Save each FILE to your computer through the web browser's download
(where it goes is the browser's choice: usually your Downloads folder).

      --help     display this help and exit

Files are saved under their own names. To save an image, first write it to a
file: docker save -o redis.tar redis, then download redis.tar.
Only in the web page: in 'layerlab shell' the playground has no browser.
`;

export function downloadCommand(saveToComputer: SaveToComputer | undefined): Command {
  return defineCommand('download', async (args, ctx) => {
    const parsed = parseGnuOptions('download', args, OPTIONS, 1);
    if (isUsageError(parsed)) return parsed;
    if (parsed.options.some((o) => o.key === 'help')) return textResult(DOWNLOAD_HELP);
    if (parsed.operands.length === 0) return usageError('download', 'missing file operand');
    if (!saveToComputer) return textResult('', 'download: no web browser here: download saves files only from the layerlab page\n', 1);
    const fs = overlayOf(ctx);
    let stderr = '';
    let status = 0;
    for (const name of parsed.operands) {
      const path = ctx.fs.resolvePath(ctx.cwd, name);
      const fail = (why: string) => {
        stderr += `download: ${quotef(name)}: ${why}\n`;
        status = 1;
      };
      if (fs.statIfExists(path)?.type === 'directory') {
        fail(strerrorOf('EISDIR'));
        continue;
      }
      try {
        await saveToComputer(await fs.openFile(path), lastComponent(path));
      } catch (err) {
        fail(strerror(err));
      }
    }
    return textResult('', stderr, status);
  });
}
