/**
 * The order a process finds its environment in, which `env` and `printenv` print: the order
 * its parent built envp in. A shell builds it by walking its variable hash table:
 * - bash 5.2 (variables.c, make_var_export_array): 1024 buckets by hashlib.c's FNV-1 hash,
 *   bucket by bucket, each bucket newest first; then `_`, the path of the program it runs
 *   (execute_cmd.c, put_command_name_into_env), appended last;
 * - BusyBox 1.35 ash (ash.c, hashvar/listvars): 39 buckets by the first character times 16
 *   plus the sum of the name's characters, each bucket in the order the names were set, ash's
 *   own variables (varinit: IFS, PATH, PS1…) being set first;
 * - Docker 27 starting a container's process (daemon/container.go CreateDaemonEnvironment):
 *   PATH, HOSTNAME, TERM (with -t), then the container's Env (the image's, then -e), and runc
 *   appends HOME when it is missing.
 * `names` comes in the order the variables were set.
 */

const BASH_BUCKETS = 1024;

/** bash's hash_string: FNV-1, 32 bits. */
function bashHash(name: string): number {
  let hash = 2166136261;
  for (const byte of new TextEncoder().encode(name)) hash = (Math.imul(hash, 16777619) ^ byte) >>> 0;
  return hash;
}

/** bash's temporary_env (a command's own assignments) has 4 buckets (variables.c, TEMPENV_HASH_BUCKETS). */
const BASH_TEMPENV_BUCKETS = 4;

function hashTableOrder(names: readonly string[], buckets: number): string[] {
  const position = new Map(names.map((name, i) => [name, i]));
  const bucket = (name: string) => bashHash(name) & (buckets - 1);
  // Within a bucket the newest name comes first (hash_insert puts it at the head).
  return [...names].sort((a, b) => bucket(a) - bucket(b) || position.get(b)! - position.get(a)!);
}

/**
 * `temporary`: the command's own assignments (`FOO=1 env`), in the order written; they come
 * first, from temporary_env's table (make_env_array adds it before the shell's variables).
 */
export function bashEnvironmentOrder(names: readonly string[], temporary: readonly string[] = []): string[] {
  const first = hashTableOrder([...new Set(temporary)].filter((name) => names.includes(name)), BASH_TEMPENV_BUCKETS);
  return [...first, ...hashTableOrder(names.filter((name) => !first.includes(name)), BASH_BUCKETS)];
}

const ASH_BUCKETS = 39;

/** BusyBox ash's built-in variables, set before the environment is read (varinit). */
const ASH_OWN = ['IFS', 'MAIL', 'MAILPATH', 'PATH', 'PS1', 'PS2', 'PS4', 'OPTIND', 'LINENO', 'FUNCNAME', 'HISTFILE', 'RANDOM', 'SECONDS'];

function ashHash(name: string): number {
  let hash = name.charCodeAt(0) << 4;
  for (const byte of new TextEncoder().encode(name)) hash += byte;
  return hash % ASH_BUCKETS;
}

export function ashEnvironmentOrder(names: readonly string[]): string[] {
  const rank = (name: string) => (ASH_OWN.includes(name) ? ASH_OWN.indexOf(name) - ASH_OWN.length : names.indexOf(name));
  return [...names].sort((a, b) => ashHash(a) - ashHash(b) || rank(a) - rank(b));
}

/** Docker's order for a container process's environment; `names` in the container's Env order. */
export function dockerEnvironmentOrder(names: readonly string[]): string[] {
  const first = ['PATH', 'HOSTNAME', 'TERM'].filter((name) => names.includes(name));
  const rest = names.filter((name) => !first.includes(name) && name !== 'HOME');
  return [...first, ...rest, ...(names.includes('HOME') ? ['HOME'] : [])];
}
