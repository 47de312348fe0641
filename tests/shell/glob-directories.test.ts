/**
 * A glob that ends in `/` matches directories only (and symlinks to them), each with its slash,
 * as bash expands it; just-bash matched files too and dropped the slash (fixed by
 * scripts/patch-just-bash.mjs, fix 7). Real bash, on the same tree in a temp directory, is the
 * oracle: `ls -d` of star-slash is how lessons count a saved image's layer directories.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';

const SETUP = ['mkdir -p g/layer1 g/layer2 g/.hidden g/sub/deep', 'touch g/manifest.json g/sub/file', 'ln -s layer1 g/link', 'ln -s manifest.json g/filelink', 'cd g'];
const LINES = ['echo */', 'ls -1d */', 'echo */*/', 'echo l*/', 'echo nomatch*/; echo "status $?"', 'for d in */; do echo "dir: $d"; done', 'echo sub/*/'];

describe('a glob ending in a slash', () => {
  it('expands to the directories, slash kept, as bash expands it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-glob-'));
    mkdirSync(join(dir, 'g'));
    for (const d of ['layer1', 'layer2', '.hidden', 'sub/deep']) mkdirSync(join(dir, 'g', d), { recursive: true });
    for (const f of ['manifest.json', 'sub/file']) writeFileSync(join(dir, 'g', f), '');
    symlinkSync('layer1', join(dir, 'g', 'link'));
    symlinkSync('manifest.json', join(dir, 'g', 'filelink'));
    const real = spawnSync('bash', ['--norc', '--noprofile', '-s'], { cwd: join(dir, 'g'), input: LINES.join('\n'), encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } });
    expect(real.status, 'bash is the oracle: apt-get install -y bash').toBe(0);
    const ours = await runShell([...SETUP, ...LINES].join('\n'), { commands: layerlabCommands() });
    expect(ours.stdout).toBe(real.stdout);
    expect(real.stdout).toContain('layer1/ layer2/ link/ sub/\n');
  });
});
