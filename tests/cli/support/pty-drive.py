"""Drive a program in a pseudo-terminal, as a person would: wait for output, type, repeat.

usage: pty-drive.py PROGRAM [ARGS...] -- KEYS...   (each KEYS item is typed after the output settles;
Python escapes such as \\r and \\x03 are understood). Prints everything the terminal showed, then
'exit status N' on a line of its own."""
import os, pty, select, sys, time

sep = sys.argv.index('--')
argv, keys = sys.argv[1:sep], sys.argv[sep + 1:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)

shown = b''


def settle(seconds):
    """Read until nothing new arrives for a moment (or `seconds` pass)."""
    global shown
    end = time.time() + seconds
    quiet_since = time.time()
    while time.time() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return
            if not data:
                return
            shown += data
            quiet_since = time.time()
        elif time.time() - quiet_since > 0.4 and shown:
            return


settle(15)
for key in keys:
    os.write(fd, key.encode('latin1').decode('unicode_escape').encode('latin1'))
    settle(10)
status = None
for _ in range(300):
    done, raw = os.waitpid(pid, os.WNOHANG)
    if done:
        status = os.waitstatus_to_exitcode(raw)
        break
    settle(0.1)
    # Once the child has gone, reading fails at once: wait here, or the loop would not wait at all.
    time.sleep(0.1)
if status is None:
    os.kill(pid, 9)
    status = 'killed'
sys.stdout.write(shown.decode('utf8', 'replace'))
sys.stdout.write(f'\nexit status {status}\n')
