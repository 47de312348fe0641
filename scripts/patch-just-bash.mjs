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
 * 5. `cd` in the shell's dialect. The builtin words its failures as bash (`bash: cd: /nope: No
 *    such file or directory`) whatever the shell; busybox ash says `sh: cd: can't cd to /nope: …`
 *    with status 2. The filesystem of the context says it (`shellDialect.cdFailed`, see
 *    src/shell/shell-fs.ts and src/shell/programs/shell-dialect.ts), bash's words otherwise
 *    (tests/docker/busybox-image-speaks-ash.test.ts).
 * 6. Our plumbing stays hidden. `set`, `export -p` and `declare -p` list every variable of the
 *    interpreter, ours too (`__LAYERLAB_LINE`, `__LAYERLAB_PID`, just-bash's `BASH_ALIAS_<name>`
 *    aliases). They leave out the names src/shell/shell-variables.ts calls internal (the same
 *    pattern as INTERNAL below; tests/shell/environment-like-bash.test.ts checks both).
 * 7. A glob ending in `/` matches directories only (`ls -d` of star-slash lists the
 *    directories), with the slash kept, as bash's does; just-bash dropped the empty last segment and matched files too
 *    (tests/shell/glob-directories.test.ts).
 * 8. Redirection errors in the shell's dialect. Where a redirection fails, the message goes through
 *    the filesystem's dialect as `cd`'s does (5): ash says `sh: can't create /x/y: nonexistent
 *    directory` and `sh: can't open /x: no such file` (tests/docker/busybox-redirect-errors.test.ts).
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

/** What src/shell/shell-variables.ts calls internal (keep the two the same). */
const INTERNAL = '/^(__LAYERLAB_|__layerlab_|BASH_ALIAS_)/';

/** The line the shell's dialect prints for a redirection that failed (bash's `message` when it has none). */
const dialectLine = (ctx, message, mode) => `(${ctx}.fs.shellDialect?.redirectFailed?.(${message},"${mode}",${ctx}.state)??${message})`;

const FIXES = [
  {
    name: 'redirect-errors',
    // catch(a){if(!s)throw a;return{error:L("",`bash: ${t}: cannot open redirect target\n`,1)}}
    shape: /catch\((\w+)\)\{if\(!(\w+)\)throw \1;return\{error:([\w$]+)\("",`bash: \$\{(\w+)\}: cannot open redirect target\n`,1\)\}\}/g,
    inline: true,
    replace: (_all, err, _rethrow, result, target) =>
      `catch(${err})/*layerlab:redirect-errors*/{return{error:${result}("",\`bash: \${${target}}: \${${STRERROR}[${err}&&${err}.code]||"cannot open redirect target"}\n\`,1)}}`,
  },
  // 8. Redirection errors in the shell's dialect (after 1): each message bash would print is handed
  //    to the filesystem's dialect (`shellDialect.redirectFailed`, src/shell/programs/shell-dialect.ts),
  //    which keeps it (bash) or words it as ash does (`sh: can't create /x/y: nonexistent directory`).
  {
    name: 'redirect-dialect-target',
    // let i=e.fs.resolvePath(e.state.cwd,t),o=await Eh(e,i,t,{checkNoclobber:!n,isClobber:r});if(o)return{error:L("",o,1)};
    shape: /let (\w+)=(\w+)\.fs\.resolvePath\(\2\.state\.cwd,(\w+)\),(\w+)=await ([\w$]+)\(\2,\1,\3,\{checkNoclobber:!(\w+),isClobber:(\w+)\}\);if\(\4\)return\{error:([\w$]+)\("",\4,1\)\};/g,
    inline: true,
    replace: (all, _path, ctx, _target, message, _check, _append, _clobber, result) =>
      all.replace(`{error:${result}("",${message},1)}`, `{error:${result}("",/*layerlab:redirect-dialect-target*/${dialectLine(ctx, message, 'create')},1)}`),
  },
  {
    name: 'redirect-dialect-create',
    // try{n?await e.fs.appendFile(i,"","binary"):…}catch(a)/*layerlab:redirect-errors*/{return{error:L("",`bash: ${t}: …`,1)}}
    shape: /(\w+)\.fs\.writeFile\((\w+),"","binary"\)\}catch\((\w+)\)\/\*layerlab:redirect-errors\*\/\{return\{error:([\w$]+)\("",(`bash: [^`]*`),1\)\}\}/g,
    inline: true,
    replace: (_all, ctx, path, err, result, message) =>
      `${ctx}.fs.writeFile(${path},"","binary")}catch(${err})/*layerlab:redirect-errors*//*layerlab:redirect-dialect-create*/{return{error:${result}("",${dialectLine(ctx, message, 'create')},1)}}`,
  },
  {
    name: 'redirect-dialect-open',
    // else if(y.operator==="<"){let A=e.fs.resolvePath(e.state.cwd,v);try{…}catch{return p(L("",`bash: ${v}: No such file or directory\n`,1),g)}}
    shape: /(\w+)\.operator==="<"\)\{let (\w+)=(\w+)\.fs\.resolvePath\(\3\.state\.cwd,(\w+)\);try\{([^{}]*\{[^{}]*\}[^{}]*)\}catch\{return ([\w$]+)\(([\w$]+)\("",(`bash: \$\{\4\}: No such file or directory\n`),1\),(\w+)\)\}\}/g,
    inline: true,
    replace: (_all, redirection, path, ctx, target, body, done, result, message, fd) =>
      `${redirection}.operator==="<"){let ${path}=${ctx}.fs.resolvePath(${ctx}.state.cwd,${target});try{${body}}catch{/*layerlab:redirect-dialect-open*/return ${done}(${result}("",${dialectLine(ctx, message, 'open')},1),${fd})}}`,
  },
  {
    name: 'redirect-dialect-readwrite',
    // async function yo(e,t,n){let r=e.fs.resolvePath(e.state.cwd,t);try{…}catch{if(!n)return{error:L("",`bash: ${t}: No such…\n`,1)};try{…}catch{return{error:L("",`…`,1)}}}}
    shape: /(async function [\w$]+\((\w+),(\w+),(\w+)\)\{let (\w+)=\2\.fs\.resolvePath\(\2\.state\.cwd,\3\);try\{[^]{0,200}?\}catch\{if\(!\4\)return\{error:([\w$]+)\("",)(`bash: \$\{\3\}: No such file or directory\n`)(,1\)\};try\{[^]{0,200}?\}catch\{return\{error:[\w$]+\("",)(`bash: \$\{\3\}: No such file or directory\n`)(,1\)\}\}\}\})/g,
    inline: true,
    replace: (_all, start, ctx, _target, _readwrite, _path, _result, openMessage, middle, createMessage, end) =>
      `${start}/*layerlab:redirect-dialect-readwrite*/${dialectLine(ctx, openMessage, 'open')}${middle}${dialectLine(ctx, createMessage, 'create')}${end}`,
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
    name: 'cd-wording',
    // await e.fs.stat(c)).isDirectory)return D(`bash: cd: ${n}: Not a directory\n`)}catch{return D(`bash: cd: ${n}: No such file or directory\n`)}
    shape: /await (\w+)\.fs\.stat\((\w+)\)\)\.isDirectory\)return ([\w$]+)\(`bash: cd: \$\{(\w+)\}: Not a directory\n`\)\}catch\{return \3\(`bash: cd: \$\{\4\}: No such file or directory\n`\)\}/g,
    inline: true,
    replace: (_all, ctx, path, result, target) => {
      const failed = (error) => `${ctx}.fs.shellDialect?.cdFailed(${target},"${error}",${ctx}.state)??${result}(\`bash: cd: \${${target}}: ${error}\n\`)`;
      return `await ${ctx}.fs.stat(${path})).isDirectory)return /*layerlab:cd-wording*/${failed('Not a directory')}}catch{return ${failed('No such file or directory')}}`;
    },
  },
  {
    name: 'hidden-set',
    // for(let[u,f]of e.state.env)/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(u)&&(
    shape: /for\(let\[(\w+),(\w+)\]of (\w+)\.state\.env\)\/\^\[a-zA-Z_\]\[a-zA-Z0-9_\]\*\$\/\.test\(\1\)&&\(/g,
    inline: true,
    replace: (all, name) => `${all.slice(0, -1)}/*layerlab:hidden-set*/!${INTERNAL}.test(${name})&&(`,
  },
  {
    name: 'hidden-export',
    // l=Array.from(a).sort();for(let c of l){let u=e.state.env.get(c);u!==void 0&&(o+=`declare -x
    shape: /(\w+)=Array\.from\((\w+)\)\.sort\(\);for\(let (\w+) of \1\)\{let (\w+)=(\w+)\.state\.env\.get\(\3\);\4!==void 0&&\((?=\w+\+=`declare -x )/g,
    inline: true,
    replace: (all, _list, _set, name) => `${all.slice(0, -1)}/*layerlab:hidden-export*/!${INTERNAL}.test(${name})&&(`,
  },
  {
    name: 'declare-names',
    // for(let f of e.state.env.keys())f.startsWith("BASH_")||  — also `?`, which is no variable name
    shape: /for\(let (\w+) of (\w+)\.state\.env\.keys\(\)\)\1\.startsWith\("BASH_"\)\|\|/g,
    inline: true,
    replace: (all, name) => `${all}/*layerlab:declare-names*/${INTERNAL}.test(${name})||!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(${name})||`,
  },
  {
    name: 'glob-directories',
    // async expandSimple(t){…let a=r.slice(s);return(await this.expandSegments(i,o,a)).sort()}
    shape: /async expandSimple\((\w+)\)\{([^]*?)return\(await this\.expandSegments\((\w+),(\w+),(\w+)\)\)\.sort\(\)\}/g,
    inline: true,
    replace: (_all, pattern, body, dir, prefix, segments) =>
      `async expandSimple(${pattern}){${body}/*layerlab:glob-directories*/let m=await this.expandSegments(${dir},${prefix},${segments});` +
      `if(${pattern}.endsWith("/")){let d=[];for(let p of m){try{if((await this.fs.stat(this.fs.resolvePath(this.cwd,p))).isDirectory)d.push(p.endsWith("/")?p:p+"/")}catch{}}m=d}return m.sort()}`,
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
