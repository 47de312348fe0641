/**
 * User and group names as tar sees them: from the `/etc/passwd` and `/etc/group` of the
 * filesystem tar runs on (the host's, or a container's), as getpwuid/getpwnam read them.
 */
import type { OverlayFs } from '../../../engine/overlay/overlay-fs.ts';

class IdTable {
  private readonly nameById = new Map<number, string>();
  private readonly idByName = new Map<string, number>();

  constructor(text: string) {
    for (const line of text.split('\n')) {
      const [name, , id] = line.split(':');
      if (name === undefined || id === undefined || !/^\d+$/.test(id)) continue;
      const n = Number(id);
      if (!this.nameById.has(n)) this.nameById.set(n, name);
      if (!this.idByName.has(name)) this.idByName.set(name, n);
    }
  }

  name(id: number): string | undefined {
    return this.nameById.get(id);
  }

  id(name: string): number | undefined {
    return this.idByName.get(name);
  }
}

export interface Accounts {
  users: IdTable;
  groups: IdTable;
}

async function readText(overlay: OverlayFs, path: string): Promise<string> {
  try {
    return new TextDecoder().decode(await overlay.readFile(path));
  } catch {
    return '';
  }
}

export async function readAccounts(overlay: OverlayFs): Promise<Accounts> {
  return { users: new IdTable(await readText(overlay, '/etc/passwd')), groups: new IdTable(await readText(overlay, '/etc/group')) };
}
