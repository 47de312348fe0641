/**
 * What makes a program a BusyBox applet here: busybox has it (Debian's 1.35 list, see
 * debian-applets.ts), and its errors are worded BusyBox's way. just-bash's utilities fail in
 * GNU coreutils' words (programs/native-wording.ts); when they run as applets, those lines
 * are reworded as BusyBox 1.35 prints them (each rule checked against Debian's busybox-static,
 * e.g. `cat: can't open '/nope': No such file or directory`). Our own commands print BusyBox's
 * words themselves when they run as applets (runsAsBusyboxApplet).
 */
import type { ExecResult } from 'just-bash';
import { DEBIAN_BUSYBOX_APPLETS } from './debian-applets.ts';

const APPLET_NAMES: ReadonlySet<string> = new Set(Object.values(DEBIAN_BUSYBOX_APPLETS).flat());

export function isBusyboxAppletName(name: string): boolean {
  return APPLET_NAMES.has(name);
}

/** A GNU message (after `prog: `) and BusyBox's, given the file name unquoted and the error. */
interface Rewording {
  gnu: RegExp;
  busybox: (name: string, error: string) => string;
  /** BusyBox's exit status for this failure, when it differs from GNU's. */
  status?: number;
}

/** A GNU-quoted name: `'a b'`, `"it's"`, or plain. */
const NAME = `('(?:[^']|'\\\\'')*'|"[^"]*"|.+?)`;
const ERROR = '([A-Z][^:]*)';
const rule = (gnu: string, busybox: Rewording['busybox'], status?: number): Rewording => ({
  gnu: new RegExp(`^${gnu.replace('NAME', NAME).replace('ERROR', ERROR)}$`),
  busybox,
  ...(status === undefined ? {} : { status }),
});
const cantOpen = rule('NAME: ERROR', (n, e) => `can't open '${n}': ${e}`);
/** md5_sha1_sum.c opens a directory fine; its read fails. */
const checksumRules = [rule('NAME: Is a directory', (n) => `can't read '${n}': Is a directory`), cantOpen];

const REWORDINGS: Record<string, Rewording[]> = {
  cat: [rule('NAME: Is a directory', () => 'read error: Is a directory'), cantOpen],
  head: [rule('cannot open NAME for reading: ERROR', (n, e) => `${n}: ${e}`), rule('error reading NAME: Is a directory', (n) => `${n}: Input/output error`)],
  tail: [rule('cannot open NAME for reading: ERROR', (n, e) => `can't open '${n}': ${e}`)],
  sort: [rule('cannot read: NAME: ERROR', (n, e) => `${n}: ${e}`)],
  sed: [rule("can't read NAME: ERROR", (n, e) => `${n}: ${e}`, 1)],
  rm: [rule('cannot remove NAME: Is a directory', (n) => `'${n}' is a directory`), rule('cannot remove NAME: ERROR', (n, e) => `can't remove '${n}': ${e}`)],
  rmdir: [rule('failed to remove NAME: ERROR', (n, e) => `'${n}': ${e}`)],
  mkdir: [rule('cannot create directory NAME: ERROR', (n, e) => `can't create directory '${n}': ${e}`)],
  cp: [rule('cannot stat NAME: ERROR', (n, e) => `can't stat '${n}': ${e}`)],
  mv: [rule('cannot stat NAME: ERROR', (n, e) => `can't rename '${n}': ${e}`)],
  touch: [rule('cannot touch NAME: ERROR', (n, e) => `${n}: ${e}`)],
  chmod: [rule('cannot access NAME: ERROR', (n, e) => `${n}: ${e}`)],
  chown: [rule('cannot access NAME: ERROR', (n, e) => `${n}: ${e}`)],
  ln: [rule('failed to create (?:symbolic|hard) link NAME: ERROR', (n, e) => `${n}: ${e}`)],
  md5sum: checksumRules,
  sha1sum: checksumRules,
  sha256sum: checksumRules,
  sha512sum: checksumRules,
  uniq: [cantOpen],
};

/** `result` with the GNU-worded error lines of `applet` in BusyBox's words. */
export function inBusyboxWords(applet: string, result: ExecResult): ExecResult {
  const rules = REWORDINGS[applet];
  if (rules === undefined || result.stderr === '') return result;
  let status: number | undefined;
  let failedOpens = 0;
  const lines = result.stderr.split('\n').map((line) => {
    if (!line.startsWith(`${applet}: `)) return line;
    const message = line.slice(applet.length + 2);
    for (const { gnu, busybox, status: own } of rules) {
      const match = gnu.exec(message);
      if (match === null) continue;
      status = own ?? status;
      failedOpens++;
      return `${applet}: ${busybox(unquote(match[1]!), match[2] ?? '')}`;
    }
    return line;
  });
  // BusyBox's tail gives up with "no files" when it could open none of them.
  if (applet === 'tail' && failedOpens > 0 && result.stdout === '') lines.splice(-1, 0, 'tail: no files');
  return { ...result, stderr: lines.join('\n'), exitCode: status !== undefined && result.exitCode !== 0 ? status : result.exitCode };
}

/** A name as GNU quoted it, back to its characters (quotearg's shell-escape style). */
function unquote(quoted: string): string {
  if (quoted.length >= 2 && quoted.startsWith("'") && quoted.endsWith("'")) return quoted.slice(1, -1).replace(/'\\''/g, "'");
  if (quoted.length >= 2 && quoted.startsWith('"') && quoted.endsWith('"')) return quoted.slice(1, -1);
  return quoted;
}
