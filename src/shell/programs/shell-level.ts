/**
 * SHLVL, the depth of nested shells: bash and BusyBox ash each export it as the value they
 * started with plus one (bash 5.2 variables.c `adjust_shell_level`; BusyBox 1.35 ash.c `init`:
 * `setvar("SHLVL", utoa(atoi(SHLVL) + 1), VEXPORT)`). dash leaves it alone. So `env` in a
 * container's `sh` lists SHLVL=1, and `bash -c 'echo $SHLVL'` on the host prints 2.
 */

/** The shells that count themselves in (by the program name layerlab runs them as). */
const COUNTING_SHELLS = new Set(['sh', 'bash', 'ash']);

export function countsShellLevel(program: string): boolean {
  return COUNTING_SHELLS.has(program);
}

/** `env` as a counting shell exports it: SHLVL one more than it was (an unset or bad value counts as 0). */
export function withShellLevel(env: Readonly<Record<string, string>>): Record<string, string> {
  const level = /^\s*[+-]?\d+\s*$/.test(env.SHLVL ?? '') ? Number.parseInt(env.SHLVL!, 10) : 0;
  return { ...env, SHLVL: String(Math.max(level, 0) + 1) };
}
