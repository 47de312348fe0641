# An independent oracle for the explorer: applies image layers to a real directory the way a
# container runtime does, following the OCI image-spec's rules (layer.md, "Applying Changesets"
# and "Whiteouts"): a layer's whiteouts delete from the layers below (`.wh.NAME` deletes NAME,
# `.wh..wh..opq` empties its directory), then GNU tar extracts the rest, replacing whatever is in
# the way (--recursive-unlink: a file over a directory deletes the directory and its content).
# Prints JSON, one object per layer: `files`, every path of the filesystem after it -> [type, size,
# mode, uid, gid]; `listed`, the paths its tar names (whiteouts aside); `whitedOut`, the paths its
# whiteouts deleted, with everything beneath them.
# Usage: extract-layers.py ROOT LAYER.tar...
import json, os, shutil, stat, subprocess, sys, tarfile

def clean(name):
    return '/'.join(p for p in name.split('/') if p not in ('', '.'))

def delete(path):
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)

def beneath(path, root):
    found = [os.path.relpath(path, root)]
    if os.path.isdir(path) and not os.path.islink(path):
        for directory, dirs, files in os.walk(path):
            found += [os.path.relpath(os.path.join(directory, name), root) for name in dirs + files]
    return found

def snapshot(root):
    found = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            st = os.lstat(path)
            kind = 'directory' if stat.S_ISDIR(st.st_mode) else 'symlink' if stat.S_ISLNK(st.st_mode) else 'file' if stat.S_ISREG(st.st_mode) else 'other'
            found[os.path.relpath(path, root)] = [kind, st.st_size if kind == 'file' else 0, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid]
    return found

root = sys.argv[1]
os.makedirs(root, exist_ok=True)
snapshots = []
for layer in sys.argv[2:]:
    listed, whited_out = [], []
    with tarfile.open(layer) as tar:
        for info in tar.getmembers():
            key = clean(info.name)
            parent, _, base = key.rpartition('/')
            if key != '' and not base.startswith('.wh.'):
                listed.append(key)
            here = os.path.join(root, parent)
            # Whiteouts only reach through directories (a path under a file or a symlink is not in the lower layers).
            if not base.startswith('.wh.') or os.path.islink(here) or not os.path.isdir(here):
                continue
            if base == '.wh..wh..opq':
                targets = [os.path.join(here, child) for child in os.listdir(here)]
            else:
                targets = [os.path.join(here, base[4:])] if os.path.lexists(os.path.join(here, base[4:])) else []
            for target in targets:
                whited_out += beneath(target, root)
                delete(target)
    subprocess.run(['tar', '-xf', layer, '-C', root, '--recursive-unlink', '--exclude=.wh.*'], check=True)
    snapshots.append({'files': snapshot(root), 'listed': listed, 'whitedOut': whited_out})
print(json.dumps(snapshots))
