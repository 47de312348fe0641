/**
 * Which of the interpreter's variables are ours and never the student's business: the
 * session's plumbing (`__LAYERLAB_LINE`, a process's `__LAYERLAB_PID`), just-bash's aliases
 * (`BASH_ALIAS_<name>`), and names no shell variable can have (just-bash keeps `$?` as `?`).
 * `env`, `printenv` and ash's `set` leave them out here; bash's `set`, `export -p` and
 * `declare -p` are just-bash's, patched by scripts/patch-just-bash.mjs with the same pattern.
 */
export const INTERNAL_VARIABLE = /^(__LAYERLAB_|__layerlab_|BASH_ALIAS_)/;

export function isInternalVariable(name: string): boolean {
  return INTERNAL_VARIABLE.test(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/**
 * just-bash gives a new shell an OLDPWD (its cwd); bash and ash set it only once `cd` has moved.
 * While it still equals PWD, it is not shown as set.
 */
export function isUnmovedOldpwd(name: string, value: string | undefined, pwd: string | undefined): boolean {
  return name === 'OLDPWD' && value === pwd;
}
