import { Bash, InMemoryFs } from 'just-bash';
import { describe, expect, it } from 'vitest';
import { BASH_BUILTIN_COMMANDS, INTERPRETER_BUILTINS } from '../../src/shell/programs/dispatch-transform.ts';
import { layerlabCommands } from '../../src/shell/commands/index.ts';
import { runShell } from './support/run-shell.ts';

/** A placeholder binary for `program`, written with printf (its format is src/catalog/placeholder.ts's). */
const placeholder = (program: string, path: string) =>
  `printf '\\177ELF\\nlayerlab placeholder: this is not the real ${program} binary.\\nlayerlab-program: ${program}\\nversion: 1.0\\nreal-size: 10\\n' > ${path} && chmod 755 ${path}`;

describe('programs run from the filesystem, as execve would run them', () => {
  it('just-bash still treats exactly these names as interpreter builtins (guards the dispatch lists)', async () => {
    const bash = new Bash({ fs: new InMemoryFs(), cwd: '/' });
    await bash.exec('rm -rf /usr/bin /bin; mkdir -p /usr/bin');
    for (const name of [...INTERPRETER_BUILTINS].filter((n) => !['exit', 'return', 'break', 'continue', 'exec', 'read', 'wait', 'time'].includes(n))) {
      const result = await bash.exec(`${name} </dev/null`);
      expect(result.stderr, name).not.toContain('command not found');
    }
    for (const name of BASH_BUILTIN_COMMANDS) {
      const result = await bash.exec(`${name} </dev/null`);
      expect(result.stderr, name).toContain('command not found');
    }
  });

  it('a placeholder binary runs the program it names, wherever it is and whatever it is called', async () => {
    const run = await runShell(
      [
        'mkdir -p /opt/bin',
        placeholder('cat', '/opt/bin/kitty'),
        'echo meow > /tmp/m',
        '/opt/bin/kitty /tmp/m',
        'cd /opt && bin/kitty /tmp/m',
        'PATH=/opt/bin:$PATH kitty /tmp/m',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('meow\nmeow\nmeow\n');
  });

  it('busybox runs the applet named by the link it is called through', async () => {
    const run = await runShell(
      ['mkdir -p /bb/bin', placeholder('busybox', '/bb/bin/busybox'), 'ln -s busybox /bb/bin/echo', 'ln /bb/bin/busybox /bb/bin/basename', '/bb/bin/echo via link', '/bb/bin/basename /a/b/c'].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('via link\nc\n');
  });

  it('a script runs in a new shell with its own arguments and only exported variables', async () => {
    const run = await runShell(
      [
        "printf '#!/bin/sh\\necho \"args: $# $1 $2\"\\necho \"exported=$EXP local=$LOC\"\\n' > /root/s.sh",
        'chmod +x /root/s.sh',
        'export EXP=yes; LOC=no',
        './s.sh "one two" three',
        'echo "back in $PWD"',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('args: 2 one two three\nexported=yes local=\nback in /root\n');
  });

  it('fails as bash does: missing, not executable, a directory, not found on PATH, a bad interpreter', async () => {
    const run = await runShell(
      [
        './nope',
        'echo $?',
        'echo data > f; ./f',
        'echo $?',
        '/tmp',
        'echo $?',
        'nosuchprogram',
        'echo $?',
        "printf '#!/bin/nosh\\necho hi\\n' > g; chmod +x g; ./g",
        'echo $?',
      ].join('\n'),
    );
    expect(run.stderr).toBe(
      [
        'bash: ./nope: No such file or directory',
        'bash: ./f: Permission denied',
        'bash: /tmp: Is a directory',
        'bash: nosuchprogram: command not found',
        'bash: ./g: /bin/nosh: bad interpreter: No such file or directory',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toBe('127\n126\n126\n127\n126\n');
  });

  it('a placeholder for a program the playground does not emulate says so', async () => {
    const run = await runShell([placeholder('quake3', '/usr/local/bin/quake3'), 'quake3 +map q3dm17', 'echo $?'].join('\n'));
    expect(run.stderr).toBe('bash: quake3: layerlab cannot run quake3 1.0: this program is not emulated\n');
    expect(run.stdout).toBe('126\n');
  });

  it('functions, aliases, builtins, pipes, substitutions and exec keep working around the dispatch', async () => {
    const run = await runShell(
      [
        'ls() { echo "my ls"; }',
        'ls',
        'unset -f ls',
        'alias hello="echo hi"',
        'hello there',
        'echo $(basename /x/y) | tr a-z A-Z',
        'command -v cat',
        '(exec echo from-exec)',
        'env FOO=1 printenv FOO',
        'echo a b | xargs echo got',
      ].join('\n'),
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('my ls\nhi there\nY\n/usr/bin/cat\nfrom-exec\n1\ngot a b\n');
  });
});

describe('statements survive the rewrite', () => {
  it('a here-document followed by a redirection (`cat <<EOF > f`) writes the file', async () => {
    const run = await runShell(['cat <<EOF > /tmp/f', 'hello $HOME', 'EOF', 'cat /tmp/f', "tr a-z A-Z <<'X' 2>/dev/null", 'quiet $HOME', 'X'].join('\n'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('hello /root\nQUIET $HOME\n');
  });
});

describe('sourced files run in the current shell, rewritten like statements', () => {
  it('`. FILE` defines functions and variables here, `return` ends the file, a missing file fails as bash says', async () => {
    const run = await runShell(
      [
        "printf 'greet() { echo \"hi $1\"; }\\nV=from-lib\\n[ \"${NOPE:-}\" ] || return 0\\necho not-reached\\n' > /tmp/lib.sh",
        'set -u',
        '. /tmp/lib.sh; greet you; echo "$V $?"',
        'source /nope',
        'echo "status $?"',
      ].join('\n'),
    );
    expect(run.stderr).toBe('bash: /nope: No such file or directory\n');
    expect(run.stdout).toBe('hi you\nfrom-lib 0\nstatus 1\n');
  });
});

describe('strings given to eval run through the same program lookup', () => {
  it('eval runs a script by path and a placeholder off PATH; locals, status and syntax errors are as in bash', async () => {
    const run = await runShell(
      [
        'mkdir -p /opt/t',
        "printf '#!/bin/sh\\necho script $1\\n' > /opt/t/hi && chmod +x /opt/t/hi",
        placeholder('cat', '/opt/t/kitty'),
        'echo meow > /tmp/m',
        'cmd="/opt/t/hi one"; eval $cmd',
        'eval "PATH=/opt/t:\\$PATH kitty /tmp/m"',
        'f() { local x=1; eval "x=2"; echo "in f: $x"; }; f; echo "outside: ${x-unset}"',
        'eval "false" || echo "status $?"',
        'eval "if then"; echo "syntax $?"',
      ].join('\n'),
    );
    expect(run.stdout).toBe('script one\nmeow\nin f: 2\noutside: unset\nstatus 1\nsyntax 2\n');
    // The token named is just-bash's parser's choice (bash names `then`).
    expect(run.stderr).toMatch(/^bash: eval: syntax error near unexpected token `\w+'\n$/);
  });
});

describe('set -x traces what was typed, not the rewrite', () => {
  it('shows no plumbing: no loop eval, no __layerlab names, no terminal redirections', async () => {
    const run = await runShell(['set -x', 'echo hi | cat; ls /nope', 'x=$(echo a)', 'set +x'].join('\n'));
    expect(run.stderr).not.toMatch(/__layerlab|\.layerlab-|eval/);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('+')).sort()).toEqual(['+ cat', '+ echo a', '+ echo hi', '+ ls /nope', '+ set +x', '+ x=a']);
  });
});

describe('aliases run what they name through the same lookup', () => {
  it('a one-command alias is expanded before dispatch (its program knows the terminal); a compound one still runs', async () => {
    const run = await runShell(
      ["alias ll='ls -l' ls='ls -F' d=docker2 l=ll", 'mkdir -p /tmp/al/sub && cd /tmp/al && touch f', 'ls', 'l -d sub', "alias up='cd / && pwd'", 'up', 'ls /tmp/al | cat'].join('\n'),
      { commands: layerlabCommands() },
    );
    expect(run.stderr).toBe('');
    // `ls -F` on the terminal: columns (one row here); into a pipe: one name per line.
    // l → ll → ls -l → (ls is an alias too) ls -F -l, as bash chains them.
    expect(run.stdout).toMatch(/^f {2}sub\/\ndrwxr-xr-x 2 root root 4096 .* sub\/\n\/\nf\nsub\/\n$/);
  });
});
