# An independent oracle for the explorer model: reads a `docker save` archive (legacy or OCI
# layout inside), or with --layers the layer tars themselves, with Python's tarfile and applies the layers with the OCI whiteout rules
# (image-spec layer.md). Prints JSON: the merged filesystem (path -> [type, size]), what each
# layer added / modified / removed, and the paths the merged view shows as removed.
import json, sys, tarfile

def clean(name):
    parts = [p for p in name.split('/') if p not in ('', '.')]
    return '/'.join(parts)

def kind(info):
    return 'directory' if info.isdir() else 'symlink' if info.issym() else 'hardlink' if info.islnk() else 'file' if info.isfile() else 'other'

if sys.argv[1] == '--layers':
    members = [open(path, 'rb') for path in sys.argv[2:]]
else:
    archive = tarfile.open(sys.argv[1])
    members = [archive.extractfile(m) for m in json.load(archive.extractfile('manifest.json'))[0]['Layers']]
fs = {}            # key -> [type, size, layer]
ever = {}          # key -> first layer it appeared in
layers = []
for n, member in enumerate(members):
    layer = tarfile.open(fileobj=member, mode='r:*')
    added, modified, removed = [], [], []
    for info in layer.getmembers():
        key = clean(info.name)
        if key == '':
            continue
        base = key.rsplit('/', 1)[-1]
        parent = key.rsplit('/', 1)[0] if '/' in key else ''
        if base == '.wh..wh..opq':
            for k in [k for k in fs if k.startswith(parent + '/' if parent else '') and k != parent and fs[k][2] < n]:
                del fs[k]
                removed.append(k)
            continue
        if base.startswith('.wh.'):
            target = (parent + '/' if parent else '') + base[4:]
            for k in [k for k in fs if (k == target or k.startswith(target + '/')) and fs[k][2] < n]:
                del fs[k]
                removed.append(k)
            continue
        t = kind(info)
        if key in fs:
            if not (t == 'directory' and fs[key][0] == 'directory'):
                modified.append(key)
                # A directory replaced by a file: what lower layers put in it is removed with it.
                for k in [k for k in fs if k.startswith(key + '/')]:
                    if fs[k][2] < n:
                        removed.append(k)
                    del fs[k]
        else:
            added.append(key)
        fs[key] = [t, info.size if t == 'file' else 0, n]
        ever.setdefault(key, n)
        # implied parents
        p = parent
        while p and p not in fs:
            fs[p] = ['directory', 0, n]
            added.append(p)
            ever.setdefault(p, n)
            p = p.rsplit('/', 1)[0] if '/' in p else ''
    # Removed and written again by the same layer: replaced, which the explorer calls modified.
    replaced = set(added) & set(removed)
    layers.append({'added': sorted(set(added) - replaced), 'modified': sorted(set(modified) | replaced), 'removed': sorted(set(removed) - replaced)})
gone = sorted(k for k in ever if k not in fs)
print(json.dumps({'merged': {k: v[:2] for k, v in fs.items()}, 'layers': layers, 'gone': gone}))
