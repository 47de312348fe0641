/**
 * The processes a `ps` sees, in one form for both of its formats (procps' and BusyBox's).
 *
 * In a container: the container's processes from the runtime's registry (the main process, the
 * running `docker exec`s), PIDs of its own PID namespace, plus the `ps` itself as a real `ps`
 * sees itself: the process it runs in when it was started as `docker exec … ps`, else a child of
 * that process with the container's next PID. Owners are named by the container's /etc/passwd.
 *
 * On the host: a small Debian host with Docker (init, containerd, dockerd), the login shell on
 * pts/0, each running container's runtime shim with the container's processes under host PIDs
 * (named by the host's /etc/passwd: a container's uid 999 is just 999 here), and the `ps`.
 */
import type { CommandContext } from 'just-bash';
import { containerProcesses, nextHostPid, processesIn, processOf, type ContainerProcess } from '../../container/process.ts';
import { accounts, groups } from '../shared/accounts.ts';

export interface ProcessRow {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  /** The owner's name and group's, when /etc/passwd and /etc/group have them. */
  userName: string | undefined;
  groupName: string | undefined;
  /** The controlling terminal (`pts/0`), or none. */
  tty: string | undefined;
  /** The command line (`args`), and the executable's name (`comm`, at most 15 characters). */
  argv: readonly string[];
  comm: string;
  /** Whether this is the `ps` itself (running, not sleeping). */
  self: boolean;
  /** Whether it leads its session (`s` in STAT). */
  sessionLeader: boolean;
}

/** The host's own processes below the ones it started later (see process.ts: host PIDs above 1200). */
const HOST_INIT = { pid: 1, argv: ['/sbin/init'], comm: 'systemd' };
const HOST_DAEMONS = [
  { pid: 498, argv: ['/usr/bin/containerd'] },
  { pid: 532, argv: ['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'] },
];
/** The student's login shell, on the terminal the page shows. */
export const HOST_SHELL = { pid: 1021, tty: 'pts/0', argv: ['-bash'], comm: 'bash' };

/** The processes `ps ARGS…` sees, by PID. */
export async function processTable(ctx: CommandContext, psArgs: readonly string[]): Promise<{ rows: ProcessRow[]; inContainer: boolean }> {
  const users = new Map((await accounts(ctx)).map((a) => [a.uid, a.name] as const));
  const groupNames = new Map((await groups(ctx)).map((g) => [g.gid, g.name] as const));
  const caller = processOf(ctx);
  const row = (fields: Omit<ProcessRow, 'gid' | 'userName' | 'groupName' | 'comm' | 'self' | 'sessionLeader'> & Partial<ProcessRow>): ProcessRow => ({
    gid: fields.uid === 0 ? 0 : fields.uid,
    userName: users.get(fields.uid),
    groupName: groupNames.get(fields.gid ?? fields.uid),
    comm: commOf(fields.argv),
    self: false,
    sessionLeader: false,
    ...fields,
  });
  if (caller !== undefined) {
    const processes = caller.placement ? processesIn(caller.placement.container) : [caller];
    const rows = processes.map((p) => row({ pid: p.pid, ppid: p.parentPid, uid: p.user.uid, gid: p.user.gid, tty: undefined, argv: argvOf(p), sessionLeader: true }));
    const callerIsPs = caller.placement !== undefined && commOf(caller.placement.argv) === 'ps';
    if (callerIsPs) rows.find((r) => r.pid === caller.pid)!.self = true;
    else {
      const pid = caller.placement?.nextPid() ?? caller.pid + 6;
      rows.push(row({ pid, ppid: caller.pid, uid: caller.user.uid, gid: caller.user.gid, tty: undefined, argv: ['ps', ...psArgs], self: true }));
    }
    return { rows: rows.sort((a, b) => a.pid - b.pid), inContainer: true };
  }
  const rows: ProcessRow[] = [
    row({ ...HOST_INIT, ppid: 0, uid: 0, tty: undefined, sessionLeader: true }),
    ...HOST_DAEMONS.map((d) => row({ ...d, ppid: 1, uid: 0, tty: undefined, sessionLeader: true })),
    row({ ...HOST_SHELL, ppid: 1, uid: 0, sessionLeader: true }),
  ];
  const shims = new Map<object, number>();
  for (const p of containerProcesses()) {
    const { container, containerId: id } = p.placement!;
    let shim = shims.get(container);
    if (shim === undefined) {
      // The shim started just before the container's first process (process.ts leaves it that PID).
      shim = p.hostPid - 1;
      shims.set(container, shim);
      rows.push(row({ pid: shim, ppid: 1, uid: 0, tty: undefined, argv: ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'moby', '-id', id, '-address', '/run/containerd/containerd.sock'] }));
    }
    rows.push(row({ pid: p.hostPid, ppid: shim, uid: p.user.uid, gid: p.user.gid, tty: undefined, argv: argvOf(p), sessionLeader: true }));
  }
  rows.push(row({ pid: nextHostPid(), ppid: HOST_SHELL.pid, uid: 0, tty: HOST_SHELL.tty, argv: ['ps', ...psArgs], self: true }));
  return { rows: rows.sort((a, b) => a.pid - b.pid), inContainer: false };
}

function argvOf(process: ContainerProcess): readonly string[] {
  return process.placement?.argv ?? ['sh'];
}

/** The kernel's `comm`: the executable's file name, cut to 15 characters (a login shell's `-bash` is `bash`). */
export function commOf(argv: readonly string[]): string {
  const first = argv[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1).replace(/^-/, '').slice(0, 15);
}
