/**
 * Issue 3's measurements, in a process of their own (`--expose-gc`), printed as one JSON object:
 * - the median time of typical commands in the playground shell (target < 5 ms each in Node);
 * - the memory `docker save -o` and `docker load -i` of a 100 MB image use beyond the image
 *   itself (target: not a second copy, i.e. extra peak < 1× the image beyond the output);
 * - the heap that pulling every catalog image and saving each to a file adds (issue 8, target
 *   < 50 MB): the placeholder binaries' pattern bytes must stay unexpanded, in the store and in
 *   the saved archives. Alone: `node --expose-gc --import tsx tests/bench/shell-commands.ts --catalog-save`;
 * - the heap `sha256sum` of a saved node:alpine (~150 MB) takes while it hashes (issue 8): a chunk
 *   at a time, not the file (just-bash's sha256sum held about three copies of it).
 */
import { readFileSync } from 'node:fs';
import { DockerDaemon } from '../../src/engine/docker/daemon.ts';
import { writeTar } from '../../src/engine/tar/write-tar.ts';
import { nodeCatalogFiles } from '../../src/node/catalog-files.ts';
import { createPlaygroundShell } from '../../src/node/playground-shell.ts';
import { xorshift32 } from '../support/xorshift.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const COMMANDS = ['ls -la /', 'docker images', 'docker run busybox ls /bin | wc -l', 'docker history nginx:latest'];
const WARMUP = 20;
const RUNS = 100;
const IMAGE_MB = 100;

export interface ShellBench {
  medianMs: Record<string, number | null>;
  failures: Record<string, string>;
  imageBytes: number;
  save: MemoryUse;
  load: MemoryUse;
  /** Pull every catalog tag, then `docker save -o` each to its own file. */
  catalogSave: MemoryUse & { images: number; savedBytes: number };
  /** `sha256sum n.tar` after `docker save -o n.tar node:alpine`. */
  sha256sumOfSave: MemoryUse & { fileBytes: number };
}

export interface MemoryUse {
  seconds: number;
  /** Highest (heap + array buffers) seen while it ran, above the level before it, in MB. */
  peakExtraMB: number;
  /** What stays after it (and a GC), above the level before it, in MB: the output itself. */
  retainedMB: number;
}

const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

async function measureMemory(run: () => Promise<unknown>): Promise<MemoryUse> {
  gc!();
  const before = memory();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, memory())), 1);
  const start = performance.now();
  await run();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, memory());
  gc!();
  const after = memory();
  return { seconds, peakExtraMB: (peak - before) / 2 ** 20, retainedMB: (after - before) / 2 ** 20 };
}

/** Every tag the catalog offers, pulled and each saved to a file, in a shell of its own. */
async function measureCatalogSave(): Promise<ShellBench['catalogSave']> {
  const index = JSON.parse(readFileSync(new URL('../../public/catalog/index.json', import.meta.url), 'utf8')) as {
    manifests: { annotations: Record<string, string> }[];
  };
  const tags = index.manifests.map((m) => m.annotations['io.containerd.image.name']!.replace(/^docker\.io\/library\//, ''));
  const docker = new DockerDaemon({ catalog: nodeCatalogFiles() });
  const session = await createPlaygroundShell({ stdout: () => {}, stderr: () => {} }, { docker });
  let savedBytes = 0;
  const use = await measureMemory(async () => {
    for (const [i, tag] of tags.entries()) {
      if ((await session.run(`docker pull -q ${tag} >/dev/null && docker save -o /root/image${i}.tar ${tag}`)) !== 0) {
        throw new Error(`docker pull/save of ${tag} failed`);
      }
      savedBytes += session.fs.overlay.stat(`/root/image${i}.tar`).size;
    }
  });
  return { ...use, images: tags.length, savedBytes };
}

async function main(): Promise<void> {
  const catalogSave = await measureCatalogSave();
  // `--catalog-save`: that measurement alone (issue 8's), without the rest of the run.
  if (process.argv.includes('--catalog-save')) {
    process.stdout.write(JSON.stringify({ catalogSave }) + '\n');
    return;
  }
  const docker = new DockerDaemon({ catalog: nodeCatalogFiles() });
  const errors: Uint8Array[] = [];
  const session = await createPlaygroundShell({ stdout: () => {}, stderr: (b) => errors.push(b) }, { docker });
  for (const ref of ['busybox', 'nginx:latest']) await session.run(`docker pull -q ${ref} >/dev/null`);

  const medianMs: Record<string, number | null> = {};
  const failures: Record<string, string> = {};
  for (const command of COMMANDS) {
    errors.length = 0;
    const status = await session.run(command);
    if (status !== 0) {
      medianMs[command] = null;
      failures[command] = new TextDecoder().decode(errors.at(-1) ?? new Uint8Array()).trim().split('\n')[0] ?? `exit ${status}`;
      continue;
    }
    for (let i = 0; i < WARMUP; i++) await session.run(command);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await session.run(command);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    medianMs[command] = times[Math.floor(times.length / 2)]!;
  }

  // A 100 MB image: ten 10 MB files of noise (incompressible, as real binaries nearly are).
  const next = xorshift32(0x5eed);
  const files = Array.from({ length: 10 }, (_, i) => {
    const data = new Uint8Array((IMAGE_MB / 10) * 2 ** 20);
    const words = new Uint32Array(data.buffer);
    for (let j = 0; j < words.length; j++) words[j] = next();
    return { name: `data/file${i}.bin`, data, mode: 0o644 };
  });
  await session.fs.overlay.writeFile('/root/big-rootfs.tar', writeTar(files));
  files.length = 0;
  await session.run('docker import big-rootfs.tar big >/dev/null && rm big-rootfs.tar');
  const imageBytes = IMAGE_MB * 2 ** 20;

  const save = await measureMemory(() => session.run('docker save -o big.tar big'));
  await session.run('docker rmi big >/dev/null');
  if (docker.list().length !== 2) throw new Error('docker rmi big did not remove the image');
  const load = await measureMemory(() => session.run('docker load -i big.tar >/dev/null'));
  if (docker.list().length !== 3) throw new Error('docker load -i big.tar did not load the image');

  if ((await session.run('docker pull -q node:alpine >/dev/null && docker save -o n.tar node:alpine')) !== 0) throw new Error('docker save -o n.tar node:alpine failed');
  const fileBytes = session.fs.overlay.stat('/root/n.tar').size;
  const sha256sumOfSave = { ...(await measureMemory(() => session.run('sha256sum n.tar >/dev/null'))), fileBytes };

  const result: ShellBench = { medianMs, failures, imageBytes, save, load, catalogSave, sha256sumOfSave };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`shell bench: ${(err as Error).message}\n`);
  process.exit(1);
});
