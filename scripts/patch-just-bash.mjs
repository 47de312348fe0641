#!/usr/bin/env node
/**
 * Two fixes to just-bash 3.4.2, applied after `npm install` (package.json "postinstall").
 *
 * 1. When a redirection's file cannot be opened (`echo hi > /no/such/dir/f`), bash prints
 *    `bash: /no/such/dir/f: No such file or directory`, does not run the command, sets $? to 1
 *    and goes on. just-bash rethrows the filesystem's error out of the whole `exec` instead (its
 *    own filesystems never fail there: they create missing parents), which ended the
 *    playground's shell. The patch makes that catch return bash's message, worded from the
 *    error's code.
 * 2. The `cd` builtin words its failures as bash (`bash: cd: /nope: No such file or directory`)
 *    whatever the shell; busybox ash says `sh: cd: can't cd to /nope: …` with status 2. The
 *    patch lets the filesystem of the context say it (`shellDialect.cdFailed`, see
 *    src/shell/shell-fs.ts and src/shell/programs/shell-dialect.ts), bash's words otherwise.
 *
 * The bundles are minified, so each spot is found by its shape, in each build that has it.
 * Idempotent; a version without a shape is left alone with a warning (the shell's tests
 * would then show the failure: tests/shell/redirection-errors.test.ts,
 * tests/docker/busybox-image-speaks-ash.test.ts).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'just-bash', 'dist', 'bundle');
const BUNDLES = ['index.js', 'index.cjs', 'browser.js'];

const STRERROR = '{ENOENT:"No such file or directory",ENOTDIR:"Not a directory",EISDIR:"Is a directory",EACCES:"Permission denied",EPERM:"Operation not permitted",EROFS:"Read-only file system",ELOOP:"Too many levels of symbolic links",ENOSPC:"No space left on device"}';

const PATCHES = [
  {
    name: 'the redirection catch',
    mark: '/*layerlab:redirect-errors*/',
    // catch(a){if(!s)throw a;return{error:L("",`bash: ${t}: cannot open redirect target\n`,1)}}
    shape: /catch\((\w+)\)\{if\(!(\w+)\)throw \1;return\{error:([\w$]+)\("",`bash: \$\{(\w+)\}: cannot open redirect target\n`,1\)\}\}/g,
    replace: (mark, _all, err, _rethrow, result, target) =>
      `catch(${err})${mark}{return{error:${result}("",\`bash: \${${target}}: \${${STRERROR}[${err}&&${err}.code]||"cannot open redirect target"}\n\`,1)}}`,
  },
  {
    name: "cd's failures",
    mark: '/*layerlab:cd-wording*/',
    // await e.fs.stat(c)).isDirectory)return D(`bash: cd: ${n}: Not a directory\n`)}catch{return D(`bash: cd: ${n}: No such file or directory\n`)}
    shape: /await (\w+)\.fs\.stat\((\w+)\)\)\.isDirectory\)return ([\w$]+)\(`bash: cd: \$\{(\w+)\}: Not a directory\n`\)\}catch\{return \3\(`bash: cd: \$\{\4\}: No such file or directory\n`\)\}/g,
    replace: (mark, _all, ctx, path, result, target) => {
      const failed = (error) => `${ctx}.fs.shellDialect?.cdFailed(${target},"${error}",${ctx}.state)??${result}(\`bash: cd: \${${target}}: ${error}\n\`)`;
      return `await ${ctx}.fs.stat(${path})).isDirectory)return ${mark}${failed('Not a directory')}}catch{return ${failed('No such file or directory')}}`;
    },
  },
];

let patched = 0;
for (const name of BUNDLES) {
  const file = join(root, name);
  if (!existsSync(file)) continue;
  let text = readFileSync(file, 'utf8');
  let changed = false;
  for (const patch of PATCHES) {
    if (text.includes(patch.mark)) continue;
    let count = 0;
    text = text.replace(patch.shape, (...groups) => {
      count++;
      return patch.replace(patch.mark, ...groups.slice(0, -2));
    });
    if (count === 0) console.warn(`layerlab: just-bash ${name}: ${patch.name} was not found; not patched`);
    else changed = true;
  }
  if (changed) writeFileSync(file, text);
  patched++;
}
if (patched === 0 && existsSync(root)) console.warn('layerlab: just-bash was not patched (see scripts/patch-just-bash.mjs)');
