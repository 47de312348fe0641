#!/usr/bin/env node
/**
 * Fixes to just-bash 3.4.2, applied after `npm install` (package.json "postinstall").
 *
 * 1. Redirection errors. When a redirection's file cannot be opened (`echo hi > /no/such/dir/f`),
 *    bash prints `bash: /no/such/dir/f: No such file or directory`, does not run the command,
 *    sets $? to 1 and goes on. just-bash rethrows the filesystem's error out of the whole `exec`
 *    instead (its own filesystems never fail there: they create missing parents), which ended
 *    the playground's shell. The patch makes that catch return bash's message, worded from the
 *    error's code (tests/shell/redirection-errors.test.ts).
 * 2. Loops yield. A loop whose body never waits for anything (`while true; do :; done`) never
 *    lets the event loop run, so Ctrl+C — a keypress in the CLI, a message in the page's
 *    worker — cannot arrive until it ends. Each iteration of `while`, `until`, `for` and
 *    `for ((…))` now asks `globalThis.__layerlabLoopTick(interpreter, output)` whether its time
 *    slice is used up and, if so, awaits a macrotask (src/shell/loop-yield.ts); the
 *    interpreter's own check of its abort signal at the next statement then stops the loop
 *    (tests/shell/interrupt-loops.test.ts). The tick also sees the loop's output so far, which
 *    is how a loop writing into a closed pipe learns it (src/shell/programs/pipe-demand.ts).
 * 3. A loop writing into a closed pipe ends. just-bash's ExitError class is made reachable as
 *    `globalThis.__layerlabExitError`, so that the loop tick can end a pipeline's producer as
 *    SIGPIPE would (`while true; do echo y; done | head -3`: src/shell/programs/pipe-demand.ts).
 * 4. Limits speak bash. just-bash's limit errors advise its embedder (`…, increase
 *    executionLimits.maxLoopIterations`); a student must never read that. The advice goes, and
 *    a too-deep recursion is worded as bash's FUNCNEST error.
 *
 * The bundles are minified, so each spot is found by its shape, in each build that has it.
 * Idempotent (each fix leaves its mark); a version without a shape is left alone with a warning
 * (the shell's tests then show the failure).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'just-bash', 'dist', 'bundle');
const BUNDLES = ['index.js', 'index.cjs', 'browser.js'];
/** Commands the ESM bundle loads lazily (jq, …): only the limits fix concerns them. */
const CHUNKS = existsSync(join(root, 'chunks')) ? readdirSync(join(root, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => join('chunks', f)) : [];

const STRERROR = '{ENOENT:"No such file or directory",ENOTDIR:"Not a directory",EISDIR:"Is a directory",EACCES:"Permission denied",EPERM:"Operation not permitted",EROFS:"Read-only file system",ELOOP:"Too many levels of symbolic links",ENOSPC:"No space left on device"}';

const FIXES = [
  {
    name: 'redirect-errors',
    // catch(a){if(!s)throw a;return{error:L("",`bash: ${t}: cannot open redirect target\n`,1)}}
    shape: /catch\((\w+)\)\{if\(!(\w+)\)throw \1;return\{error:([\w$]+)\("",`bash: \$\{(\w+)\}: cannot open redirect target\n`,1\)\}\}/g,
    inline: '/*layerlab:redirect-errors*/',
    replace: (_all, err, _rethrow, result, target) =>
      `catch(${err})/*layerlab:redirect-errors*/{return{error:${result}("",\`bash: \${${target}}: \${${STRERROR}[${err}&&${err}.code]||"cannot open redirect target"}\n\`,1)}}`,
  },
  {
    name: 'loop-yield-2',
    // o++,o>e.limits.maxLoopIterations&&Xt(`while loop: too many iterations …`,"iterations",s.stdout,…
    // (also over the first version of this fix, which passed the tick nothing).
    shape: /(\w+)\+\+,(?:globalThis\.__layerlabLoopTick\?\.\(\)&&await globalThis\.__layerlabLoopTick\.yield\(\),)?\1>(\w+)\.limits\.maxLoopIterations&&([\w$]+)\((`[^`]*`),"iterations",(\w+)\.stdout/g,
    replace: (_all, count, ctx, fail, message, output) =>
      `${count}++,globalThis.__layerlabLoopTick?.(${ctx},${output})&&await globalThis.__layerlabLoopTick.yield(),${count}>${ctx}.limits.maxLoopIterations&&${fail}(${message},"iterations",${output}.stdout`,
  },
  {
    name: 'exit-error-class',
    chunks: true,
    // d=class extends n{exitCode;name="ExitError";… : what `exit` throws, and what a pipeline
    // catches from one of its commands. The loop tick throws one for a loop writing into a
    // closed pipe (src/shell/loop-yield.ts): the producer ends as `exit 141` would end it.
    shape: /,([\w$]+)=class extends ([\w$]+)\{exitCode;name="ExitError";/g,
    replace: (_all, name, base) => `,${name}=globalThis.__layerlabExitError=class extends ${base}{exitCode;name="ExitError";`,
  },
  {
    name: 'limits-in-bash-words',
    chunks: true,
    shape: /(maximum recursion depth \(\$\{\w+\.limits\.maxCallDepth\}\) exceeded)?, increase executionLimits\.\w+/g,
    replace: (_all, recursion) => (recursion ? recursion.replace(/maximum recursion depth \((.*)\) exceeded/, 'maximum function nesting level exceeded ($1)') : ''),
  },
];

let patched = 0;
for (const name of [...BUNDLES, ...CHUNKS]) {
  const file = join(root, name);
  if (!existsSync(file)) continue;
  const chunk = CHUNKS.includes(name);
  let text = readFileSync(file, 'utf8');
  let changed = false;
  for (const fix of FIXES) {
    const mark = `/*layerlab:${fix.name}*/`;
    if (text.includes(mark) || (chunk && (!fix.chunks || !fix.shape.test(text)))) continue;
    fix.shape.lastIndex = 0;
    let count = 0;
    const next = text.replace(fix.shape, (...match) => {
      count++;
      return fix.replace(...match);
    });
    if (count === 0) {
      // A fix that may live in a lazily loaded chunk is only missing if no file had it.
      if (!fix.chunks) console.warn(`layerlab: just-bash ${name}: the shape for ${fix.name} was not found; not patched`);
      continue;
    }
    fix.found = true;
    text = fix.inline ? next : `${next}\n${mark}\n`;
    changed = true;
  }
  if (changed) writeFileSync(file, text);
  if (!chunk) patched++;
}
for (const fix of FIXES) {
  if (fix.chunks && !fix.found && !BUNDLES.concat(CHUNKS).some((name) => existsSync(join(root, name)) && readFileSync(join(root, name), 'utf8').includes(`/*layerlab:${fix.name}*/`))) {
    console.warn(`layerlab: just-bash: the shape for ${fix.name} was not found anywhere; not patched`);
  }
}
if (patched === 0 && existsSync(root)) console.warn('layerlab: just-bash was not patched (see scripts/patch-just-bash.mjs)');
