/** Small pieces several images share. */

export const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** tzdata's Etc/UTC (TZif version 2, 114 bytes): the real file, it is that small. */
export const ZONEINFO_UTC = Uint8Array.from(
  (
    '545a696632000000000000000000000000000000000000000000000000000000000000000000' +
    '00010000000400000000000055544300545a6966320000000000000000000000000000000000' +
    '00000000000000000000000000000000000100000004000000000000555443000a555443300a'
  ).match(/../g)!,
  (hex) => parseInt(hex, 16),
);

/** Debian's /etc/nsswitch.conf as base-files / libc-bin install it (no systemd in a container image). */
export const DEBIAN_NSSWITCH = `# /etc/nsswitch.conf
#
# Example configuration of GNU Name Service Switch functionality.
# If you have the \`glibc-doc-reference' and \`info' packages installed, try:
# \`info libc "Name Service Switch"' for information about this file.

passwd:         files
group:          files
shadow:         files
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
`;
