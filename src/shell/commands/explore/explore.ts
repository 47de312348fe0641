/**
 * `explore IMAGE`: open an image of the daemon in the page's explorer (layers, file tree,
 * wasted space, a file's history), as `dive IMAGE` opens dive's. The name is resolved as
 * `docker image inspect` resolves it, and an unknown one fails in the daemon's words.
 *
 * Where there is no page (`bin/layerlab shell`), it prints a short text summary instead, like
 * `dive --ci`: each layer's size and step, and dive's efficiency numbers with the files stored
 * more than once.
 */
import { defineCommand, type Command } from 'just-bash';
import type { DockerDaemon } from '../../../engine/docker/daemon.ts';
import { DaemonError } from '../../../engine/docker/registry.ts';
import { humanSize } from '../../../engine/docker/units.ts';
import { truncateId } from '../../../engine/docker/short-id.ts';
import { ImageExplorer } from '../../../engine/explore/image-explorer.ts';
import { imageHistory } from '../../../engine/image/history.ts';
import { textResult } from '../../command-context.ts';
import type { ArgumentCompleter } from '../../completion.ts';

const HELP = `Usage:  explore IMAGE

Explore an image: its layers, the file tree each one changes, wasted space,
and the history of any file across layers.

In the page, the explorer beside the terminal opens on IMAGE. Without the
page (bin/layerlab shell), a summary is printed instead.

Options:
      --help   Print usage
`;

/** Files listed in the text summary at most. */
const SUMMARY_FILES = 10;

export function exploreCommand(docker: DockerDaemon, openExplorer?: (imageId: string) => void): Command {
  return defineCommand('explore', async (args) => {
    if (args.includes('--help') || args.includes('-h')) return textResult(HELP, '', 0);
    const unknown = args.find((arg) => arg.startsWith('-') && arg !== '-');
    if (unknown !== undefined) {
      // Cobra's wording, as the docker CLI prints it.
      const what = unknown.startsWith('--') ? `unknown flag: ${unknown}` : `unknown shorthand flag: '${unknown[1]}' in ${unknown}`;
      return textResult('', `${what}\nSee 'explore --help'.\n`, 125);
    }
    if (args.length !== 1) {
      return textResult('', `"explore" requires exactly 1 argument.\nSee 'explore --help'.\n\n${HELP.split('\n\n')[0]}\n`, 1);
    }
    const name = args[0]!;
    let stored;
    try {
      stored = docker.getImage(name);
    } catch (err) {
      if (err instanceof DaemonError) return textResult('', `Error response from daemon: ${err.message}\n`, 1);
      throw err;
    }
    if (openExplorer !== undefined) {
      openExplorer(stored.id);
      return textResult(`Exploring ${stored.repoTags[0] ?? truncateId(stored.id)} in the explorer beside the terminal.\n`, '', 0);
    }
    return textResult(await summary(stored.id, stored.repoTags, stored.image), '', 0);
  });
}

async function summary(id: string, tags: readonly string[], image: Parameters<typeof imageHistory>[0]): Promise<string> {
  const explorer = await ImageExplorer.open(image.layers);
  const createdBy = new Map(imageHistory(image).filter((h) => h.layerIndex !== undefined).map((h) => [h.layerIndex!, h.created_by ?? '']));
  const lines = [`Image: ${tags[0] ?? '<none>'} (${truncateId(id)})`, '', 'Layers:', `  ${'#'.padEnd(3)} ${'SIZE'.padEnd(10)} COMMAND`];
  explorer.layerTrees.forEach((root, layer) => {
    const step = (createdBy.get(layer) ?? '').replace(/\s+/g, ' ');
    // Cut as `docker history` cuts (go-units' Ellipsis): the last character kept becomes `…`.
    // Numbered from 1, as the page's explorer numbers them.
    lines.push(`  ${String(layer + 1).padEnd(3)} ${humanSize(root.totalSize).padEnd(10)} ${step.length > 100 ? `${step.slice(0, 99)}…` : step}`);
  });
  const report = await explorer.efficiency(SUMMARY_FILES);
  lines.push(
    '',
    `Efficiency: ${(report.efficiency * 100).toFixed(4)} %`,
    `Wasted space: ${humanSize(report.wastedBytes)}`,
    `Files: ${explorer.merged.fileCount} (${humanSize(explorer.merged.totalSize)})`,
  );
  if (report.inefficientFiles.length > 0) {
    lines.push('', `Files stored more than once: ${report.inefficientFiles.length}`, `  ${'WASTED'.padEnd(10)} ${'LAYERS'.padEnd(10)} PATH`);
    report.inefficientFiles.slice(0, SUMMARY_FILES).forEach((file, i) => {
      lines.push(`  ${humanSize(file.wastedBytes).padEnd(10)} ${report.copies[i]!.map((c) => c.layer + 1).join(',').padEnd(10)} ${file.path}`);
    });
  }
  return lines.join('\n') + '\n';
}

/** Tab after `explore`: the daemon's image names, as `docker run` completes them. */
export function exploreCompleter(docker: DockerDaemon): ArgumentCompleter {
  return (words, index) => (index === 1 && !(words[1] ?? '').startsWith('-') ? docker.list().flatMap((image) => image.repoTags) : undefined);
}
