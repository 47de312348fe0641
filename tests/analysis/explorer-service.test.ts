/**
 * The worker's explorer service (src/worker/explorer-service.ts) over a real daemon driven by
 * the shell: the image list follows pull, tag, import, commit and rmi; `explore IMAGE` asks the
 * page to open it; rows come a page at a time.
 */
import { describe, expect, it } from 'vitest';
import { createPlaygroundShell } from '../../src/node/playground-shell.ts';
import { dockerCommand } from '../../src/shell/commands/docker/index.ts';
import { applyCompletion } from '../../src/shell/completion.ts';
import type { ShellSession } from '../../src/shell/session.ts';
import { exploreCommand } from '../../src/shell/commands/explore/explore.ts';
import type { ExplorerEvent } from '../../src/worker/explorer-api.ts';
import { createExplorerService } from '../../src/worker/explorer-service.ts';
import { newDaemon } from '../docker/support/docker-shell.ts';
import { runShell } from '../shell/support/run-shell.ts';

function setUp() {
  const daemon = newDaemon();
  const { api, hooks } = createExplorerService();
  const events: ExplorerEvent[] = [];
  void api.watchExplorer((event) => void events.push(event));
  hooks.daemonShown(daemon);
  // One shell for all the scripts, so a file one saves is there for the next.
  let session: ShellSession | undefined;
  const run = async (script: string) => {
    const result = await runShell(script, { commands: [dockerCommand(daemon), exploreCommand(daemon, hooks.exploreRequested)], ...(session ? { session } : {}) });
    session = result.session;
    return result;
  };
  /** Wait for the coalesced change event the last command caused, and forget the events so far. */
  const settled = async () => {
    await new Promise((resolve) => setTimeout(resolve, 120));
    return events.splice(0);
  };
  return { daemon, api, run, settled };
}

const tagsOf = async (api: ReturnType<typeof createExplorerService>['api']) => (await api.listDaemonImages()).flatMap((image) => image.repoTags).sort();

describe('the explorer service follows the daemon', () => {
  it('hears pull, tag, import, commit, rmi and load, once per command (and nothing from save)', async () => {
    const { api, run, settled } = setUp();
    await settled();
    expect(await api.listDaemonImages()).toEqual([]);
    for (const [script, tags] of [
      ['docker pull -q busybox', ['busybox:latest']],
      ['docker tag busybox mine:1', ['busybox:latest', 'mine:1']],
      ['echo hi > f && tar -cf f.tar f && docker import f.tar imported:1 >/dev/null', ['busybox:latest', 'imported:1', 'mine:1']],
      ['docker run --name box busybox touch /x && docker commit box committed:1 >/dev/null', ['busybox:latest', 'committed:1', 'imported:1', 'mine:1']],
      ['docker rmi -f mine:1 imported:1', ['busybox:latest', 'committed:1']],
      ['docker save -o b.tar busybox', ['busybox:latest', 'committed:1']],
      ['docker rm box && docker rmi committed:1 busybox >/dev/null', []],
      ['docker load -q -i b.tar', ['busybox:latest']],
    ] as const) {
      const result = await run(script);
      expect(result.status, `${script}: ${result.stderr}`).toBe(0);
      expect(await settled(), script).toEqual(script.startsWith('docker save') ? [] : [{ kind: 'images-changed' }]);
      expect(await tagsOf(api), script).toEqual(tags);
    }
  });

  it('`explore IMAGE` asks the page to show it; an unknown image fails as Docker says', async () => {
    const { daemon, run, settled } = setUp();
    await run('docker pull -q busybox');
    await settled();
    const ok = await run('explore busybox');
    expect(ok.stdout).toBe('Exploring busybox:latest in the explorer beside the terminal.\n');
    expect(await settled()).toEqual([{ kind: 'explore', imageId: daemon.getImage('busybox').id }]);
    const missing = await run('explore nosuch');
    expect({ status: missing.status, stderr: missing.stderr }).toEqual({ status: 1, stderr: 'Error response from daemon: No such image: nosuch:latest\n' });
  });

  it('opens an image and hands out its rows a page at a time', async () => {
    const { api, run } = setUp();
    await run('docker pull -q busybox');
    const image = await api.openDaemonImage('busybox');
    expect(image.repoTags).toEqual(['busybox:latest']);
    expect(image.layers.length).toBeGreaterThan(0);
    const top = await api.explorerRows(image.id, 'merged', false, 0, 100);
    const bin = top.rows.findIndex((row) => row.path === '/bin');
    expect(bin).toBeGreaterThanOrEqual(0);
    const toggled = await api.explorerToggle(image.id, 'merged', false, bin, '/bin');
    expect(toggled).toEqual({ rowCount: top.rowCount + top.rows[bin]!.childCount, open: true });
    const page = await api.explorerRows(image.id, 'merged', false, bin + 1, 3);
    expect(page.rows.map((row) => row.depth)).toEqual([1, 1, 1]);
    expect(page.rows.every((row) => row.path.startsWith('/bin/'))).toBe(true);
    await expect(api.explorerFile(image.id, 'merged', '/no/such')).rejects.toThrow('/no/such: no such file in the image');
  });
});

describe('explore in the shell', () => {
  it('without a page beside it (bin/layerlab), prints layers numbered from 1, dive’s numbers and the files stored twice', async () => {
    const daemon = newDaemon();
    const script = [
      'docker pull -q busybox >/dev/null',
      `mkdir ctx && printf 'FROM busybox\\nRUN echo one > /etc/notes\\nRUN echo two > /etc/notes\\n' > ctx/Dockerfile`,
      'docker build -q -t twice ctx >/dev/null',
      'explore twice',
    ].join('\n');
    const { stdout } = await runShell(script, { commands: [dockerCommand(daemon), exploreCommand(daemon)] });
    const lines = stdout.split('\n');
    expect(lines.filter((line) => /^ {2}\d /.test(line)).map((line) => line.replace(/ {2,}/g, '|'))).toEqual([
      '|1|4.527MB|BusyBox 1.37.0 (glibc), Debian 13',
      '|2|4B|RUN /bin/sh -c echo one > /etc/notes # buildkit',
      '|3|4B|RUN /bin/sh -c echo two > /etc/notes # buildkit',
    ]);
    // /etc/notes: 4 bytes in layer 2, 4 in layer 3 (dive counts both copies).
    expect(stdout).toContain('Wasted space: 8B\n');
    expect(lines.at(-2)!.replace(/ {2,}/g, '|')).toBe('|8B|2,3|/etc/notes');
  });


  it('Tab completes image names after explore', async () => {
    const session = await createPlaygroundShell({ stdout: () => {}, stderr: () => {} }, { docker: newDaemon() });
    await session.run('docker pull -q busybox >/dev/null');
    const line = 'explore bus';
    expect(applyCompletion(line, await session.complete(line, line.length), true).line).toBe('explore busybox:latest ');
  });
});
