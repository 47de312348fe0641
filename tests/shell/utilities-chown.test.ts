/**
 * `chown` and `chgrp` do what GNU coreutils 9.1 does as root, in its words: specs with names
 * and numbers, `USER:` and `:GROUP`, -R, -h, --reference, -v and -c lines, errors. The oracle
 * is the real tools on the same tree in a temporary directory; names used exist alike in this
 * machine's /etc/passwd and the host's Debian base files (root, daemon, bin, nobody, nogroup),
 * and 4242 is a number neither names. Busybox's applets are compared with the real busybox.
 */
import { expect, it } from 'vitest';
import { gnuOnTree, oursOnTree } from './support/tree-oracle.ts';
import { describeWithOracles } from '../support/oracles.ts';

const TREE = ['touch f g', 'ln -s f l', 'ln -s nowhere dl', 'mkdir -p d/s', 'touch d/s/x'];

const real = (script: string) => gnuOnTree(TREE, script);
const ours = (script: string) => oursOnTree(TREE, script);
const SHOW = "stat -c '%n %u %g %a' f g l dl d d/s d/s/x";




const SPECS = ['nobody', 'nobody2', 'root:nogroup2', 'nobody:', '4242:', '4242', ':4242', ':nogroup', ':', '', 'nobody.nogroup', '+0', 'root:+5', 'a:b:c', '4242:abc', 'daemon:bin'];

describeWithOracles(['root', 'coreutils'], 'chown and chgrp do what GNU coreutils does', () => {
  it.each(SPECS)("chown -v '%s' f", async (spec) => {
    const script = `chown -v '${spec}' f; echo "[$?]"; chown nobody:nogroup f; chown -v '${spec}' f; chown -v '${spec}' f; ${SHOW}`;
    expect(await ours(script)).toEqual(real(script));
  });

  it.each([
    ['-c reports changes only', 'chown -c nobody f g; chown -c nobody f g; chgrp -c daemon f g'],
    ['ownership named by :GROUP, group by :NUMBER', 'chown -v :nogroup f; chown -v :4242 f; chown -v nobody:nogroup f'],
    ['--reference', 'chown nobody:bin g; chown -v --reference=g f; chgrp -v --reference=d f; chown --reference=nope f; chgrp --reference=nope f'],
    ['links: followed, -h, --dereference, dangling', 'chown -v daemon l; chown -v -h bin l; chown -v -h --dereference root l; chown nobody dl; echo "[$?]"; chown -h nobody dl'],
    ['-R: contents first, links changed not followed', 'chown -Rv daemon d; chown -R bin:nogroup d l; chgrp -Rc root d'],
    ['missing operands and files, bad options, -f', 'chown root; chown; chown root nope; echo "[$?]"; chgrp; chgrp x; chown --bogus f; echo "[$?]"; chown -f nobody nope; echo "[$?]"'],
    ['chgrp by name and number', 'chgrp -v nogroup f; chgrp -v nogroup2 f; echo "[$?]"; chgrp -v 5 f; chgrp "" f; echo "[$?]"'],
    ['set-user-ID and set-group-ID bits are cleared', 'chmod 6755 f; chown root f; chmod 6745 g; chgrp root g; chmod 2755 d; chown bin d'],
  ])('%s', async (_, script) => {
    const full = `${script}; ${SHOW}`;
    expect(await ours(full)).toEqual(real(full));
  });
});

describeWithOracles(['root', 'busybox'], 'as busybox applets, chown and chgrp word their errors as busybox 1.35 does', () => {
  it.each(['chown nobody2 f', 'chown root:nogroup2 f', 'chown :nogroup2 f', 'chown 4242: f', 'chown -v nobody f', 'chown root nope', 'chgrp nogroup2 f', 'chgrp -v daemon f'])(
    '%s',
    async (command) => {
      const script = `${command}; echo "[$?]"`;
      const bb = await ours(`mkdir /tmp/bb; ln -s /usr/bin/busybox /tmp/bb/chown; ln -s /usr/bin/busybox /tmp/bb/chgrp; PATH=/tmp/bb:$PATH; ${script}`);
      expect(bb).toEqual(real(`busybox ${script}`));
    },
  );
});
