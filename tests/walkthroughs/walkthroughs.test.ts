/**
 * The workshop's walkthroughs, typed into the playground shell unchanged, against golden
 * transcripts of what the terminal shows (prompt, typed line, output). The clock is pinned, and
 * the catalog, tar writer and daemon are deterministic, so nothing needs normalising.
 * `UPDATE_GOLDEN=1 npx vitest run tests/walkthroughs` rewrites the transcripts: review the diff.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createPlaygroundShell } from '../../src/node/playground-shell.ts';
import { runRepl } from '../../src/shell/repl.ts';

const DIR = fileURLToPath(new URL('./', import.meta.url));
/** 2025-11-26T00:00:00Z */
const NOW = 1764115200;

/** What a terminal shows for `script` typed line by line. */
export async function transcript(script: string): Promise<string> {
  const lines = script.replace(/\n$/, '').split('\n');
  let next = 0;
  let shown = '';
  const decoder = new TextDecoder();
  const shell = await createPlaygroundShell(
    {
      stdout: (bytes) => (shown += decoder.decode(bytes)),
      stderr: (bytes) => (shown += decoder.decode(bytes)),
      readLine: async (prompt) => {
        if (next >= lines.length) return null;
        const line = lines[next++]!;
        shown += `${prompt}${line}\n`;
        return line;
      },
    },
    { now: () => NOW, containerIds: sequentialIds() },
  );
  await runRepl(shell);
  return shown;
}

/** Container IDs as sha256 of a counter: fixed for the transcripts, and looking like Docker's. */
function sequentialIds(): () => string {
  let n = 0;
  return () => createHash('sha256').update(`layerlab-container-${++n}`).digest('hex');
}

const scripts = readdirSync(DIR).filter((name) => name.endsWith('.sh')).sort();

describe('the workshop walkthroughs', () => {
  it.each(scripts)('%s', async (name) => {
    const shown = await transcript(readFileSync(`${DIR}${name}`, 'utf8'));
    const golden = `${DIR}${name.replace(/\.sh$/, '.txt')}`;
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, shown);
    expect(shown).toBe(readFileSync(golden, 'utf8'));
  });
});
