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
 * 8. gzip in the browser. The browser bundle's gzip, gunzip and zcat turn their bytes into a
 *    byte string with `Buffer.from(bytes).toString("latin1")`, and a page has no `Buffer`
 *    (`gzip: Buffer is not defined`); the same conversion is written without it (the page gives
 *    `node:zlib` as fflate: src/shell/node-zlib-browser.ts; tests/browser/terminal.test.ts).
 *
 * 9. `set` and `declare -f` list what bash lists. With no arguments `set` hands its listing to
 *    `globalThis.__layerlabShell.setListing(interpreter, listing)`, which adds bash's own
 *    variables just-bash keeps elsewhere (PPID, UID, bash's full BASHOPTS…) and the functions;
 *    `declare -f` prints the functions' definitions (just-bash printed `# function body`) through
 *    `.functions(interpreter, names)`; `$BASH_VERSION` is the shell's variable when it has one,
 *    else the version of the bash its machine has (`.bashVersion(interpreter)`), else just-bash's constant (src/shell/bash-variables.ts,
 *    tests/shell/set-lists-like-bash.test.ts). Without the hooks all three behave as before.
 *
 * 10. Output is limited per write, not per session. A session is one `exec` that lasts for hours,
 *    and just-bash counted every byte its redirections wrote over the whole `exec` against
 *    maxOutputSize (256 MiB): once a session had written that much (`seq 1 20000000 > big`,
 *    then `cat < big | wc -c`), every redirection failed with `total output size exceeded`.
 *    Each write must still fit in the limit (tests/shell/big-files-through-stdin.test.ts).
 *
 * 11. `export -p` shows OLDPWD as bash does before the first `cd`: exported, without a value
 *    (`declare -x OLDPWD`). just-bash sets it to the starting directory, which `env` and `set`
 *    already hide (src/shell/shell-variables.ts, isUnmovedOldpwd: the same rule).
 *
 * 12. Text's UTF-8 length at native speed. just-bash measures every output, stdin and string
 *    against its limits by counting UTF-8 bytes char by char (about 0.3 s for the 6.9 MB of
 *    `$(seq 1 1000000)`, several times over, none of it interruptible by Ctrl+C). For text
 *    with no character above 0x7f the count is its length: one native regular-expression scan.
 *
 * 13. Word splitting with the default IFS at native speed: `for i in $(seq 1 1000000)` split its
 *    6.9 MB char by char through two Sets (about 0.3 s, not interruptible); with IFS a space, a
 *    tab and a newline the words are the runs of other characters: one regular expression.
 *
 * 14. Redirection errors in the shell's dialect. Where a redirection fails, the message goes through
 *    the filesystem's dialect as `cd`'s does (5): ash says `sh: can't create /x/y: nonexistent
 *    directory` and `sh: can't open /x: no such file` (tests/docker/busybox-redirect-errors.test.ts).
 *
 * 15. `set -x` traces a command before it runs. just-bash adds a command's trace line (`+ echo hi`)
 *    in front of its stderr when it has ended, so a function's output, which its body writes to
 *    the terminal as it runs (src/shell/programs/function-output.ts), came before `+ f`, and a
 *    command's stdout before its own trace where stdout and stderr are separate devices. Unless
 *    the command truncates a file as its stderr (`2>f`, `&>f`: the trace would be written over),
 *    the trace is routed through its redirections before it runs (onto the terminal's devices,
 *    a function body's streams); what of it stays with the
 *    command's output still comes first in it (tests/shell/xtrace-order-like-bash.test.ts).
 *
 * 16. A command knows its line. A custom command's context gets `currentLine` (`$LINENO` of the
 *    statement that runs it), as the builtins' errors have it: dash numbers its `not found`
 *    lines (`sh: 2: nope: not found`: src/shell/programs/shell-dialect.ts).
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
    name: 'latin1-without-buffer',
    // Only the browser bundle has it (Node's bundle loads gzip from a chunk): looked for in chunks too.
    chunks: true,
    // function fl(e){return Buffer.from(e).toString("latin1")}
    shape: /function ([\w$]+)\((\w+)\)\{return Buffer\.from\(\2\)\.toString\("latin1"\)\}/g,
    inline: true,
    replace: (_all, name, bytes) =>
      `function ${name}(${bytes}){/*layerlab:latin1-without-buffer*/let s="";for(let i=0;i<${bytes}.length;i+=32768)s+=String.fromCharCode.apply(null,${bytes}.subarray(i,i+32768));return s}`,
  },
  {
    name: 'limits-in-bash-words',
    chunks: true,
    shape: /(maximum recursion depth \(\$\{\w+\.limits\.maxCallDepth\}\) exceeded)?, increase executionLimits\.\w+/g,
    replace: (_all, recursion) => (recursion ? recursion.replace(/maximum recursion depth \((.*)\) exceeded/, 'maximum function nesting level exceeded ($1)') : ''),
  },
  {
    name: 'set-listing',
    // new Pn(e.limits.maxOutputSize,"set");…c.append(`\n`);return ee(c.build())}let n=[],r=()=>…  (the end of `set` with no arguments)
    shape: /(new [\w$]+\((\w+)\.limits\.maxOutputSize,"set"\);[^]{0,600}?)(\w+)\.append\(`\n`\);return ([\w$]+)\(\3\.build\(\)\)\}(?=let \w+=\[\],\w+=\(\)=>)/g,
    inline: true,
    replace: (_all, head, ctx, listing, result) =>
      `${head}${listing}.append(\`\n\`);/*layerlab:set-listing*/return ${result}(globalThis.__layerlabShell?.setListing(${ctx},${listing}.build())??${listing}.build())}`,
  },
  {
    name: 'function-listing',
    // for(let V of R)$+=`${V} ()\n{\n    # function body\n}\n`;return ee($)}let P=!0;for(let $ of g)e.state.functions.has($)||(P=!1);return L("","",P?0:1)}
    shape: /for\(let ([\w$]+) of ([\w$]+)\)([\w$]+)\+=`\$\{\1\} \(\)\n\{\n    # function body\n\}\n`;return ([\w$]+)\(\3\)\}let ([\w$]+)=!0;for\(let ([\w$]+) of ([\w$]+)\)(\w+)\.state\.functions\.has\(\6\)\|\|\(\5=!1\);return ([\w$]+)\("","",\5\?0:1\)\}/g,
    inline: true,
    replace: (all, _name, names, text, ok, found, each, operands, ctx, result) =>
      all
        .replace(`return ${ok}(${text})}`, `/*layerlab:function-listing*/return ${ok}(globalThis.__layerlabShell?.functions(${ctx},${names})??${text})}`)
        .replace(`return ${result}("","",${found}?0:1)}`, `return ${result}(globalThis.__layerlabShell?.functions(${ctx},${operands}.filter(n=>${ctx}.state.functions.has(n)))??"","",${found}?0:1)}`),
  },
  {
    name: 'bash-version-variable',
    // case"EUID":return String(e.state.virtualUid);…case"BASH_VERSION":return Da;
    shape: /(case"EUID":return String\((\w+)\.state\.virtualUid\);[^]{0,300}?case"BASH_VERSION":return )([\w$]+);/g,
    inline: true,
    replace: (_all, head, ctx, constant) => `${head}/*layerlab:bash-version-variable*/${ctx}.state.env.get("BASH_VERSION")??${constant};`,
  },
  {
    name: 'bash-version-of-machine',
    // …after bash-version-variable: a shell that has no BASH_VERSION variable (a container's
    // process) asks which bash its machine has before falling back to just-bash's constant.
    shape: /\/\*layerlab:bash-version-variable\*\/(\w+)\.state\.env\.get\("BASH_VERSION"\)\?\?([\w$]+);/g,
    inline: true,
    replace: (_all, ctx, constant) =>
      `/*layerlab:bash-version-variable*//*layerlab:bash-version-of-machine*/${ctx}.state.env.get("BASH_VERSION")??globalThis.__layerlabShell?.bashVersion?.(${ctx})??${constant};`,
  },
  {
    name: 'export-unset-oldpwd',
    // let u=e.state.env.get(c);u!==void 0&&/*layerlab:hidden-export*/!/…/.test(c)&&(o+=`declare -x ${c}=${wr(u)}\n`)
    shape: /let (\w+)=(\w+)\.state\.env\.get\((\w+)\);\1!==void 0&&(\/\*layerlab:hidden-export\*\/[^&]*&&)\((\w+)\+=`declare -x \$\{\3\}=\$\{([\w$]+)\(\1\)\}\n`\)/g,
    inline: true,
    replace: (_all, value, ctx, name, hidden, out, quote) =>
      `let ${value}=${ctx}.state.env.get(${name});${value}!==void 0&&${hidden}(${out}+=/*layerlab:export-unset-oldpwd*/${name}==="OLDPWD"&&${value}===${ctx}.state.env.get("PWD")?\`declare -x \${${name}}\n\`:\`declare -x \${${name}}=\${${quote}(${value})}\n\`)`,
  },
  {
    name: 'utf8-length-of-ascii',
    chunks: true,
    // function x(t){let n=0;for(let e=0;e<t.length;e++){let o=t.charCodeAt(e);if(o<=127)n++;else if(o<=2047)n+=2;…
    shape: /function ([\w$]+)\((\w+)\)\{(let (\w+)=0;for\(let (\w+)=0;\5<\2\.length;\5\+\+\)\{let (\w+)=\2\.charCodeAt\(\5\);if\(\6<=127\)\4\+\+;else if\(\6<=2047\)\4\+=2;)/g,
    inline: true,
    replace: (_all, name, text, body) => `function ${name}(${text}){/*layerlab:utf8-length-of-ascii*/if(typeof ${text}=="string"&&!/[^\x00-\x7f]/.test(${text}))return ${text}.length;${body}`,
  },
  {
    name: 'split-default-ifs',
    // function Kr(e,t,n){if(t==="")return e&&wn(0,n),{words:e?[e]:[],hadLeadingDelimiter:!1,hadTrailingDelimiter:!1};
    shape: /function ([\w$]+)\((\w+),(\w+),(\w+)\)\{if\(\3===""\)return \2&&([\w$]+)\(0,\4\),\{words:\2\?\[\2\]:\[\],hadLeadingDelimiter:!1,hadTrailingDelimiter:!1\};/g,
    inline: true,
    replace: (all, _name, text, ifs, limit, checkCount) =>
      `${all}/*layerlab:split-default-ifs*/if(${ifs}===" \\t\\n"&&${text}!==""){let w=${text}.match(/[^ \\t\\n]+/g)??[];w.length>0&&${checkCount}(w.length-1,${limit});` +
      `return{words:w,hadLeadingDelimiter:/^[ \\t\\n]/.test(${text}),hadTrailingDelimiter:w.length===0||/[ \\t\\n]$/.test(${text})}}`,
  },
  {
    name: 'output-limit-per-write',
    // return a>this.limits.maxOutputSize-this.outputBytes&&this.fail(new x(`${r}: total output size exceeded …
    shape: /return (\w+)>this\.limits\.maxOutputSize-this\.outputBytes&&this\.fail\(/g,
    inline: true,
    replace: (_all, size) => `return /*layerlab:output-limit-per-write*/${size}>this.limits.maxOutputSize&&this.fail(`,
  },
  {
    name: 'xtrace-first',
    // let v,k=null;try{v=await this.runCommand(u,f,d,n,…)}catch(P){…}…;let A=o+S;if(A&&(v={...v,stderr:A+v.stderr}),
    // v=await rn(this.ctx,v,t.redirections,b.targets,b.dupSources,b.standardRoutes,v.internalProducerCommand??u,v.internalProducerOmitsShellPrefix),w.finish(),
    shape:
      /let ([\w$]+),([\w$]+)=null;try\{\1=await this\.runCommand\(([^]{0,400}?)let ([\w$]+)=([\w$]+)\+([\w$]+);if\(\4&&\(\1=\{\.\.\.\1,stderr:\4\+\1\.stderr\}\),\1=await ([\w$]+)\(this\.ctx,\1,([\w$]+)\.redirections,([\w$]+)\.targets,\9\.dupSources,\9\.standardRoutes,(\1\.internalProducerCommand\?\?[\w$]+,\1\.internalProducerOmitsShellPrefix\)),([\w$]+)\.finish\(\),/g,
    inline: true,
    replace: (_all, result, caught, rest, trace, assignTrace, commandTrace, route, command, prepared, tail, redirect) =>
      `/*layerlab:xtrace-first*/let __lxt=null;if((${assignTrace}+${commandTrace})&&!${command}.redirections.some(q=>(q.operator===">"||q.operator===">|")&&q.fd===2||q.operator==="&>")){` +
      `__lxt=await ${route}(this.ctx,{stdout:"",stderr:${assignTrace}+${commandTrace},exitCode:0},${command}.redirections,${prepared}.targets,${prepared}.dupSources,${prepared}.standardRoutes);${assignTrace}="";${commandTrace}=""}` +
      `let ${result},${caught}=null;try{${result}=await this.runCommand(${rest}let ${trace}=${assignTrace}+${commandTrace};if(${trace}&&(${result}={...${result},stderr:${trace}+${result}.stderr}),` +
      `${result}=await ${route}(this.ctx,${result},${command}.redirections,${prepared}.targets,${prepared}.dupSources,${prepared}.standardRoutes,${tail},` +
      `__lxt&&(__lxt.stdout||__lxt.stderr)&&(${result}={...${result},stdout:__lxt.stdout+${result}.stdout,stderr:__lxt.stderr+${result}.stderr}),${redirect}.finish(),`,
  },
  {
    name: 'command-line-number',
    // xpgEcho:i.state.shoptOptions.xpg_echo,coverage:i.coverage,signal:i.state.signal,
    shape: /xpgEcho:([\w$]+)\.state\.shoptOptions\.xpg_echo,/g,
    inline: true,
    replace: (all, interpreter) => `/*layerlab:command-line-number*/currentLine:${interpreter}.state.currentLine,${all}`,
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
