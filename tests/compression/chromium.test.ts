/**
 * The gzip and SHA-256 paths in a real browser (Debian's Chromium, headless), where the platform
 * differs from Node: Chromium's DecompressionStream stops at the first gzip member ("Junk found
 * after end of compressed data"), so `'auto'` must pick fflate there; and the hasher must use
 * its wasm kernel in the engine's worker (sync compiles of modules over 4 KB are allowed there;
 * where a main thread refuses them it falls back to TypeScript, with the same digests).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { concat, layerLikeBytes, Tools } from './helpers.ts';
import { describeWithOracles } from '../support/oracles.ts';

const CHROMIUM = '/usr/bin/chromium';
const tools = new Tools();
let browser: Browser | undefined;
let bundle = '';

/** What the page and the worker run: decode a gzip, hash bytes, report what was used. */
const ENTRY = `
import { decompress } from './src/engine/compression/decompress.ts';
import { nativeGunzipDecodesAllMembers } from './src/engine/compression/gzip.ts';
import { wasmCompressBlocks } from './src/engine/hash/compress-wasm.ts';
import { Sha256 } from './src/engine/hash/sha256.ts';
export async function check(gz, data) {
  async function* one() { yield gz; }
  const parts = [];
  let total = 0;
  for await (const chunk of decompress(one(), 'gzip')) { parts.push(chunk); total += chunk.length; }
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.length; }
  return {
    nativeMultiMember: await nativeGunzipDecodesAllMembers(),
    gunzipHash: new Sha256('ts').update(out).hex(),
    wasm: wasmCompressBlocks() !== null,
    sha256: new Sha256().update(data).hex(),
  };
}
self.onmessage = async (e) => self.postMessage(await check(e.data.gz, e.data.data));
`;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL('../../', import.meta.url)), loader: 'ts' },
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'browser',
  });
  bundle = result.outputFiles[0]!.text;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  tools.cleanup();
});

describeWithOracles(['chromium'], 'in Chromium', () => {
  const a = layerLikeBytes(100_000, 1);
  const b = layerLikeBytes(50_000, 2);
  const multi = concat(tools.gzip(a, 1), tools.gzip(b, 9));
  const expectedGunzip = createHash('sha256').update(concat(a, b)).digest('hex');
  const data = layerLikeBytes(200_003, 3);
  const expectedSha = createHash('sha256').update(data).digest('hex');

  async function runIn(where: 'page' | 'worker') {
    const page = await browser!.newPage();
    try {
      // A real (intercepted) http origin: module workers cannot start from about:blank.
      await page.route('http://layerlab.test/**', (route) =>
        route.fulfill(
          route.request().url().endsWith('/bundle.js')
            ? { body: bundle, contentType: 'text/javascript' }
            : { body: '<!doctype html><title>layerlab</title>', contentType: 'text/html' },
        ),
      );
      await page.goto('http://layerlab.test/');
      await page.evaluate(
        ({ gz, data }) => {
          const w = window as unknown as Record<string, unknown>;
          w.bundleUrl = '/bundle.js';
          w.args = { gz: new Uint8Array(gz), data: new Uint8Array(data) };
        },
        { gz: [...multi], data: [...data] },
      );
      // A string, so the test runner's module transform leaves this dynamic import() alone.
      return await page.evaluate(
        where === 'page'
          ? `import(bundleUrl).then((m) => m.check(args.gz, args.data))`
          : `new Promise((resolve, reject) => {
              const worker = new Worker(bundleUrl, { type: 'module' });
              worker.onmessage = (e) => resolve(e.data);
              worker.onerror = (e) => reject(new Error('worker failed: ' + e.message));
              worker.postMessage(args);
            })`,
      );
    } finally {
      await page.close();
    }
  }

  it('a worker decodes multi-member gzip via fflate and hashes with the wasm kernel', async () => {
    expect(await runIn('worker')).toEqual({ nativeMultiMember: false, gunzipHash: expectedGunzip, wasm: true, sha256: expectedSha });
  });

  it('the main thread gives the same answers (wasm or, where sync compiles are refused, TypeScript)', async () => {
    expect(await runIn('page')).toMatchObject({ nativeMultiMember: false, gunzipHash: expectedGunzip, sha256: expectedSha });
  });
});
