"""Reference for the merged tree: extract each layer with GNU tar, in order, applying OCI
whiteouts around it (opaque dirs emptied and type changes removed before extraction, `.wh.`
targets deleted after). Prints one JSON line per entry of the resulting root filesystem.

usage: reference-extract.py ROOT LAYER.tar...
"""
import json, os, shutil, stat, subprocess, sys, tarfile

def rm(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)

def norm(name):
    parts = [p for p in name.split('/') if p not in ('', '.')]
    return '/'.join(parts)

root = sys.argv[1]
for layer in sys.argv[2:]:
    with tarfile.open(layer) as tar:
        members = tar.getmembers()
    names = [(norm(m.name), m) for m in members]
    for name, m in names:
        base = os.path.basename(name)
        if base == '.wh..wh..opq':
            d = os.path.join(root, os.path.dirname(name))
            if os.path.isdir(d) and not os.path.islink(d):
                for child in os.listdir(d):
                    rm(os.path.join(d, child))
    for name, m in names:
        if os.path.basename(name).startswith('.wh.'):
            continue
        p = os.path.join(root, name)
        if os.path.lexists(p) and stat.S_ISDIR(os.lstat(p).st_mode) != m.isdir():
            rm(p)
    subprocess.run(['tar', '-xf', layer, '-C', root], check=True)
    for name, m in names:
        base = os.path.basename(name)
        if not base.startswith('.wh.'):
            continue
        if base != '.wh..wh..opq':
            rm(os.path.join(root, os.path.dirname(name), base[4:]))
        rm(os.path.join(root, name))

out = []
for dirpath, dirnames, filenames in os.walk(root):
    for n in dirnames + filenames:
        full = os.path.join(dirpath, n)
        st = os.lstat(full)
        rel = '/' + os.path.relpath(full, root)
        if stat.S_ISDIR(st.st_mode):
            out.append([rel, 'directory', 0, st.st_mode & 0o7777, ''])
        elif stat.S_ISLNK(st.st_mode):
            out.append([rel, 'symlink', 0, st.st_mode & 0o7777, '-> ' + os.readlink(full)])
        else:
            with open(full, 'rb') as f:
                out.append([rel, 'file', st.st_size, st.st_mode & 0o7777, json.dumps(f.read().decode())])
print(json.dumps(out))
