/** `tar` as a BusyBox applet lists and fails as BusyBox 1.35 does (Debian's busybox-static as the oracle). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildBusyboxOracle, hasBusybox, type BusyboxOracle } from './busybox-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

let oracle: BusyboxOracle;
beforeAll(async () => {
  if (!hasBusybox) return;
  oracle = await buildBusyboxOracle(`
    mkdir src && cd src && echo hello > hello.txt && ln -s hello.txt sym && ln hello.txt hard && mkdir -p d/e && mkfifo f
    head -c 123456 /dev/zero > big && chmod 4755 big && touch -h -d '2024-01-02 03:04:05' * d/e
    tar -cf ../plain.tar hello.txt sym hard d f big
    tar --owner=1000 --group=1000 --numeric-owner -cf ../numeric.tar hello.txt
    tar --owner=averyveryverylongname:7 --group=alsoalonggroupname:8 -cf ../long.tar hello.txt
    tar --format=gnu --incremental -cf ../incremental.tar hello.txt 2>/dev/null
    python3 -c "
import io, tarfile
# A GNU header holding a ustar prefix where GNU keeps atime (Go 1.7's writer; Go's testdata/invalid-go17.tar).
i = tarfile.TarInfo('foo'); i.uid = 0o10000000; i.mtime = 0
b = bytearray(i.tobuf(tarfile.GNU_FORMAT)); b[345:442] = b'a' * 97
b[148:156] = b'        '; b[148:156] = b'%06o\\0 ' % sum(b)
open('../go17.tar', 'wb').write(bytes(b) + bytes(1024))
# A pax global header (as git archive writes one).
with tarfile.open('../global.tar', 'w', format=tarfile.PAX_FORMAT, pax_headers={'path': 'global-path', 'mtime': '222'}) as t:
    for n in ['one', 'two']:
        i = tarfile.TarInfo(n); i.size = 1; i.mtime = 1704164645; t.addfile(i, io.BytesIO(b'z'))
"
`);
}, 60_000);
afterAll(() => oracle?.cleanup());

describeWithOracles(['busybox'], 'busybox tar lists as BusyBox 1.35 lists', () => {
  it.each([
    'busybox tar -tvf plain.tar',
    'busybox tar -tf plain.tar',
    'busybox tar -tvf numeric.tar',
    'busybox tar -tvf long.tar',
    'busybox tar -tvf plain.tar hello.txt d/e/',
    // Where tars disagree: BusyBox reads bytes 345.. of a GNU header as a prefix, whatever they hold,
    // and ignores pax global records.
    'busybox tar -tf go17.tar',
    'busybox tar -tvf incremental.tar',
    'busybox tar -tvf global.tar',
    'busybox tar -tvf nope.tar',
    'busybox tar -tvf plain.tar nope',
    'busybox mkdir out && cd out && busybox tar -xvf ../plain.tar && busybox cat hello.txt && busybox readlink sym',
  ])('%s', async (command) => {
    const ours = await oracle.ours(command);
    expect({ stdout: ours.stdout, stderr: ours.stderr, status: ours.status }).toEqual(oracle.real(command));
  });
});
