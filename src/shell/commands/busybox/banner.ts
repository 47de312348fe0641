/**
 * The first line of BusyBox's usage texts: `BusyBox VERSION (BUILD) multi-call binary.`, of the
 * binary that runs. The host's is Debian's busybox-static 1.35 (`(Debian 1:1.35.0-…)` where an
 * upstream build puts its build time); an image's is its own: busybox:1.37.0 (docker-library's
 * glibc build, AUTOCONF_TIMESTAMP from the release tarball's SOURCE_DATE_EPOCH) says
 * `BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.` (as `busybox` and every applet's
 * usage show it in that image).
 */
import { DEBIAN_BUSYBOX_VERSION } from './debian-applets.ts';

/** What the command knows of the busybox binary it runs as (exec-command.ts records it). */
export interface BusyboxBinary {
  /** The placeholder's version: an upstream version (`1.37.0`), or not one for the host's own. */
  version: string;
  /** Whether it is a musl build (Alpine's). */
  musl: boolean;
}

/** Build times of images' busybox binaries, where known: glibc builds of docker-library/busybox. */
const GLIBC_BUILD_TIMES: Record<string, string> = { '1.37.0': '2024-09-26 21:31:42 UTC' };

const binaries = new WeakMap<object, BusyboxBinary>();

/** Record that this command runs as (an applet of) the busybox binary `binary`. */
export function markBusyboxBinary(ctx: object, binary: BusyboxBinary): void {
  binaries.set(ctx, binary);
}

const DEBIAN_BANNER = `BusyBox ${DEBIAN_BUSYBOX_VERSION} multi-call binary.`;

/** The banner of the busybox that runs this command: the image's, else the host's (Debian's). */
export function busyboxBanner(ctx: object): string {
  const binary = binaries.get(ctx);
  // The host's own placeholder has no upstream version; the one 1.35.0 modelled is Debian's busybox-static.
  if (binary === undefined || !/^\d+\.\d+\.\d+$/.test(binary.version) || DEBIAN_BUSYBOX_VERSION.startsWith(`v${binary.version} `)) return DEBIAN_BANNER;
  const built = binary.musl ? undefined : GLIBC_BUILD_TIMES[binary.version];
  return `BusyBox v${binary.version}${built === undefined ? '' : ` (${built})`} multi-call binary.`;
}

/** `text` (a usage text that starts with the host's banner) with the banner of the busybox that runs. */
export function withBusyboxBanner(text: string, ctx: object): string {
  return text.startsWith(DEBIAN_BANNER) ? busyboxBanner(ctx) + text.slice(DEBIAN_BANNER.length) : text;
}
