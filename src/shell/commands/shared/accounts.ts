/**
 * /etc/passwd and /etc/group of the filesystem a command runs in: the one reader of both, and the
 * ways Docker turns a `user[:group]` into ids — `docker run --user` and USER (moby's GetExecUser:
 * `resolveUser`), what a BuildKit file operation creates (`buildkitFileOwner`), and `COPY --chown`
 * (`copyChownOwner`) — each with its own rule for names the files do not have.
 */
import type { CommandContext } from 'just-bash';
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';
import { overlayOf } from '../../command-context.ts';
import type { ProcessUser } from '../../container/process.ts';

export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export interface Group {
  name: string;
  gid: number;
  members: string[];
}

async function readLines(fs: OverlayFs, path: string): Promise<string[][]> {
  try {
    const text = new TextDecoder().decode(await fs.readFile(path));
    return text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split(':'));
  } catch {
    return [];
  }
}

export async function accounts(ctx: Pick<CommandContext, 'fs'>): Promise<Account[]> {
  return accountsIn(overlayOf(ctx));
}

async function accountsIn(fs: OverlayFs): Promise<Account[]> {
  return (await readLines(fs, '/etc/passwd')).map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '/' }));
}

export async function groups(ctx: Pick<CommandContext, 'fs'>): Promise<Group[]> {
  return groupsIn(overlayOf(ctx));
}

async function groupsIn(fs: OverlayFs): Promise<Group[]> {
  return (await readLines(fs, '/etc/group')).map((f) => ({ name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) }));
}

/**
 * Docker's `--user` resolution (moby's user.GetExecUser): `name`, `uid`, `name:group`,
 * `uid:gid`; a name not in /etc/passwd is an error, a number need not be there.
 */
export async function resolveUser(ctx: Pick<CommandContext, 'fs'>, spec: string): Promise<ProcessUser | string> {
  return resolveUserIn(overlayOf(ctx), spec);
}

/** `resolveUser` against a filesystem directly (a build step's, before any shell runs there). */
export async function resolveUserIn(fs: OverlayFs, spec: string): Promise<ProcessUser | string> {
  if (spec === '') return { uid: 0, gid: 0, name: 'root', group: 'root' };
  const [userPart, groupPart] = spec.split(':') as [string, string | undefined];
  const users = await accountsIn(fs);
  const allGroups = await groupsIn(fs);
  const byName = users.find((u) => u.name === userPart);
  const byUid = /^\d+$/.test(userPart) ? users.find((u) => u.uid === Number(userPart)) : undefined;
  const account = byName ?? byUid;
  if (!account && !/^\d+$/.test(userPart)) return `unable to find user ${userPart}: no matching entries in passwd file`;
  const uid = account?.uid ?? Number(userPart);
  let gid = account?.gid ?? 0;
  if (groupPart !== undefined && groupPart !== '') {
    const group = allGroups.find((g) => g.name === groupPart) ?? (/^\d+$/.test(groupPart) ? { gid: Number(groupPart) } : undefined);
    if (!group) return `unable to find group ${groupPart}: no matching entries in group file`;
    gid = group.gid;
  }
  const user: ProcessUser = { uid, gid };
  const name = account?.name;
  if (name !== undefined) user.name = name;
  const group = allGroups.find((g) => g.gid === gid)?.name;
  if (group !== undefined) user.group = group;
  return user;
}

/** A file's owner as a build step sets it. */
export interface FileOwner {
  uid: number;
  gid: number;
}

const isNumeric = (text: string) => /^\d+$/.test(text);

/**
 * The owner BuildKit gives what a file operation creates (WORKDIR's directories) for
 * `user[:group]` (its readUser): a name from /etc/passwd with that entry's group (0:0 when it is not
 * there), a number as both uid and gid, then the group by name (kept when not found) or number.
 */
export async function buildkitFileOwner(fs: OverlayFs, spec: string): Promise<FileOwner> {
  const [user = '', group] = spec.split(':');
  let uid = 0;
  let gid = 0;
  if (isNumeric(user)) uid = gid = Number(user);
  else {
    const account = (await accountsIn(fs)).find((a) => a.name === user);
    if (account) ({ uid, gid } = account);
  }
  if (group !== undefined && isNumeric(group)) gid = Number(group);
  else if (group !== undefined) gid = (await groupsIn(fs)).find((g) => g.name === group)?.gid ?? gid;
  return { uid, gid };
}

/**
 * The owner `COPY --chown` / `ADD --chown` gives `user[:group]`: names from /etc/passwd and
 * /etc/group or numbers, the group's id the user's when no group is given. A name neither file has
 * is the error text the builder prints.
 */
export async function copyChownOwner(fs: OverlayFs, spec: string): Promise<FileOwner | string> {
  const [user = '', group] = spec.split(':');
  const uid = isNumeric(user) ? Number(user) : (await accountsIn(fs)).find((a) => a.name === user)?.uid;
  if (uid === undefined) return `unable to convert uid/gid chown string to host mapping: can't find uid for user ${user}: no such user: ${user}`;
  if (group === undefined) return { uid, gid: uid };
  const gid = isNumeric(group) ? Number(group) : (await groupsIn(fs)).find((g) => g.name === group)?.gid;
  if (gid === undefined) return `unable to convert uid/gid chown string to host mapping: can't find gid for group ${group}: no such group: ${group}`;
  return { uid, gid };
}

/** The home directory Docker sets as HOME for a user (`/` when it has none). */
export async function homeOf(ctx: Pick<CommandContext, 'fs'>, uid: number): Promise<string> {
  return (await accounts(ctx)).find((u) => u.uid === uid)?.home || '/';
}

/**
 * User and group names and ids as getpwuid/getpwnam and getgrgid/getgrnam read the filesystem's
 * own /etc/passwd and /etc/group (inside a container the image's, on the host ours): the first
 * entry for an id or a name wins; undefined when there is none.
 */
export class Accounts {
  private constructor(
    private readonly users: IdNames,
    private readonly groups: IdNames,
  ) {}

  static async load(fs: OverlayFs): Promise<Accounts> {
    return new Accounts(new IdNames(await readLines(fs, '/etc/passwd')), new IdNames(await readLines(fs, '/etc/group')));
  }

  user(uid: number): string | undefined {
    return this.users.nameById.get(uid);
  }

  group(gid: number): string | undefined {
    return this.groups.nameById.get(gid);
  }

  uid(user: string): number | undefined {
    return this.users.idByName.get(user);
  }

  gid(group: string): number | undefined {
    return this.groups.idByName.get(group);
  }
}

/** `name:x:id:…` entries both ways. */
class IdNames {
  readonly nameById = new Map<number, string>();
  readonly idByName = new Map<string, number>();

  constructor(entries: readonly string[][]) {
    for (const [name, , id] of entries) {
      if (name === undefined || name === '' || id === undefined || !/^\d+$/.test(id)) continue;
      if (!this.nameById.has(Number(id))) this.nameById.set(Number(id), name);
      if (!this.idByName.has(name)) this.idByName.set(name, Number(id));
    }
  }
}
