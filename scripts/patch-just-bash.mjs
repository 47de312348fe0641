#!/usr/bin/env node
/**
 * One fix to just-bash 3.4.2, applied after `npm install` (package.json "postinstall").
 *
 * When a redirection's file cannot be opened (`echo hi > /no/such/dir/f`), bash prints
 * `bash: /no/such/dir/f: No such file or directory`, does not run the command, sets $? to 1 and
 * goes on. just-bash rethrows the filesystem's error out of the whole `exec` instead (its own
 * filesystems never fail there: they create missing parents), which ended the playground's
 * shell. The patch makes that catch return bash's message, worded from the error's code.
 *
 * The bundles are minified, so the catch is found by its shape, in each build that has it.
 * Idempotent; a version without the shape is left alone with a warning (the shell's tests
 * would then show the failure: tests/shell/redirection-errors.test.ts).
 *
 * Also: `set`, `export -p` and `declare -p` list every variable of the interpreter, our
 * plumbing's too (`__LAYERLAB_LINE`, `__LAYERLAB_PID`, just-bash's `BASH_ALIAS_<name>` aliases).
 * They leave out the names src/shell/shell-variables.ts calls internal (INTERNAL_VARIABLE there,
 * the same pattern; tests/shell/environment-like-bash.test.ts checks both), as found below.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'just-bash', 'dist', 'bundle');
const BUNDLES = ['index.js', 'index.cjs', 'browser.js'];
const MARK = '/*layerlab:redirect-errors*/';

const STRERROR = '{ENOENT:"No such file or directory",ENOTDIR:"Not a directory",EISDIR:"Is a directory",EACCES:"Permission denied",EPERM:"Operation not permitted",EROFS:"Read-only file system",ELOOP:"Too many levels of symbolic links",ENOSPC:"No space left on device"}';

// catch(a){if(!s)throw a;return{error:L("",`bash: ${t}: cannot open redirect target\n`,1)}}
const SHAPE = /catch\((\w+)\)\{if\(!(\w+)\)throw \1;return\{error:([\w$]+)\("",`bash: \$\{(\w+)\}: cannot open redirect target\n`,1\)\}\}/g;

let patched = 0;
for (const name of BUNDLES) {
  const file = join(root, name);
  if (!existsSync(file)) continue;
  const text = readFileSync(file, 'utf8');
  if (text.includes(MARK)) {
    patched++;
    continue;
  }
  let count = 0;
  const next = text.replace(SHAPE, (_all, err, _rethrow, result, target) => {
    count++;
    return `catch(${err})${MARK}{return{error:${result}("",\`bash: \${${target}}: \${${STRERROR}[${err}&&${err}.code]||"cannot open redirect target"}\n\`,1)}}`;
  });
  if (count === 0) {
    console.warn(`layerlab: just-bash ${name}: the redirection catch was not found; not patched`);
    continue;
  }
  writeFileSync(file, next);
  patched++;
}
if (patched === 0 && existsSync(root)) console.warn('layerlab: just-bash was not patched (see scripts/patch-just-bash.mjs)');

/** What src/shell/shell-variables.ts calls internal (keep the two the same). */
const INTERNAL = '/^(__LAYERLAB_|__layerlab_|BASH_ALIAS_)/';

/** Where the listings go through the variables, by shape; each gets `!INTERNAL.test(name)`. */
const LISTINGS = [
  {
    mark: '/*layerlab:hidden-set*/',
    what: "set's variable listing",
    // for(let[u,f]of e.state.env)/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(u)&&(
    shape: /for\(let\[(\w+),(\w+)\]of (\w+)\.state\.env\)\/\^\[a-zA-Z_\]\[a-zA-Z0-9_\]\*\$\/\.test\(\1\)&&\(/g,
    replace: (mark, all, name) => `${all.slice(0, -1)}${mark}!${INTERNAL}.test(${name})&&(`,
  },
  {
    mark: '/*layerlab:hidden-export*/',
    what: "export -p's listing",
    // l=Array.from(a).sort();for(let c of l){let u=e.state.env.get(c);u!==void 0&&(o+=`declare -x
    shape: /(\w+)=Array\.from\((\w+)\)\.sort\(\);for\(let (\w+) of \1\)\{let (\w+)=(\w+)\.state\.env\.get\(\3\);\4!==void 0&&\((?=\w+\+=`declare -x )/g,
    replace: (mark, all, _list, _set, name) => `${all.slice(0, -1)}${mark}!${INTERNAL}.test(${name})&&(`,
  },
  {
    mark: '/*layerlab:declare-names*/',
    what: "declare -p's listings",
    // for(let f of e.state.env.keys())f.startsWith("BASH_")||  — also `?`, which is no variable name
    shape: /for\(let (\w+) of (\w+)\.state\.env\.keys\(\)\)\1\.startsWith\("BASH_"\)\|\|/g,
    replace: (mark, all, name) => `${all}${mark}${INTERNAL}.test(${name})||!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(${name})||`,
  },
];

for (const name of BUNDLES) {
  const file = join(root, name);
  if (!existsSync(file)) continue;
  let text = readFileSync(file, 'utf8');
  let changed = false;
  for (const listing of LISTINGS) {
    if (text.includes(listing.mark)) continue;
    let count = 0;
    text = text.replace(listing.shape, (...match) => {
      count++;
      return listing.replace(listing.mark, ...match);
    });
    if (count === 0) console.warn(`layerlab: just-bash ${name}: ${listing.what} was not found; not patched`);
    else changed = true;
  }
  if (changed) writeFileSync(file, text);
}
