/**
 * `ldd`, as glibc's prints it. Our binaries are placeholders, so the libraries are a plausible
 * list per program (libc for all, a few more for well-known ones), at load addresses derived
 * from the names (stable from run to run, unlike real ASLR). Static programs (busybox, hello),
 * scripts and other non-ELF files are `\tnot a dynamic executable` on stderr, status 1; a
 * missing file is `ldd: ./name: No such file or directory`. Several files get `name:` headers.
 */
import { defineCommand, type Command } from 'just-bash';
import { parsePlaceholder, PLACEHOLDER_HEADER_BYTES } from '../../../catalog/placeholder.ts';
import { overlayOf, textResult } from '../../command-context.ts';
import { strerror } from '../shared/errno-text.ts';

/** Programs built statically: busybox-static on the host and in busybox images, hello-world's /hello. */
const STATIC_PROGRAMS = new Set(['busybox', 'hello']);

/** Libraries beyond libc that well-known programs link, in the order ldd lists them. */
const EXTRA_LIBRARIES: Record<string, string[]> = {
  bash: ['libtinfo.so.6'],
  ls: ['libselinux.so.1', 'libpcre2-8.so.0'],
  nginx: ['libcrypt.so.1', 'libpcre2-8.so.0', 'libssl.so.3', 'libcrypto.so.3', 'libz.so.1'],
  python3: ['libm.so.6', 'libz.so.1', 'libexpat.so.1'],
  'redis-server': ['libm.so.6', 'libssl.so.3', 'libcrypto.so.3'],
  'redis-cli': ['libm.so.6', 'libssl.so.3', 'libcrypto.so.3'],
};

export function isStaticProgram(program: string): boolean {
  return STATIC_PROGRAMS.has(program);
}

export function lddCommand(): Command {
  return defineCommand('ldd', async (args, ctx) => {
    const operands = args.filter((a) => !a.startsWith('-') || a === '-');
    if (operands.length === 0) return textResult('', "ldd: missing file arguments\nTry `ldd --help' for more information.\n", 1);
    const overlay = overlayOf(ctx);
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    for (const operand of operands) {
      const shown = operand.includes('/') ? operand : `./${operand}`;
      let bytes: Uint8Array;
      try {
        bytes = await (await overlay.openFile(ctx.fs.resolvePath(ctx.cwd, operand))).read(0, PLACEHOLDER_HEADER_BYTES);
      } catch (err) {
        stderr += `ldd: ${shown}: ${strerror(err)}\n`;
        exitCode = 1;
        continue;
      }
      if (operands.length > 1) stdout += `${operand}:\n`;
      const program = parsePlaceholder(bytes)?.program;
      if (program === undefined || isStaticProgram(program)) {
        stderr += '\tnot a dynamic executable\n';
        exitCode = 1;
        continue;
      }
      stdout += libraryLines(program);
    }
    return textResult(stdout, stderr, exitCode);
  });
}

function libraryLines(program: string): string {
  const address = (name: string) => `0x00007f${(hash(`${program}:${name}`) % 0xfffffff).toString(16).padStart(7, '0')}000`;
  const libraries = [...(EXTRA_LIBRARIES[program] ?? []), 'libc.so.6'];
  return [
    `\tlinux-vdso.so.1 (${address('vdso')})\n`,
    ...libraries.map((lib) => `\t${lib} => /lib/x86_64-linux-gnu/${lib} (${address(lib)})\n`),
    `\t/lib64/ld-linux-x86-64.so.2 (${address('ld')})\n`,
  ].join('');
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
