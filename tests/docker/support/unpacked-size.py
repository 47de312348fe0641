# Independent oracle for the sizes `docker images` / `docker system df` show: the unpacked size of
# layer tars (regular files, symlink targets; hard links once: a layerlab placeholder binary is
# as long as the real binary, so its tar size is all there is); and go-units' HumanSize /
# HumanSizeWithPrecision(3).
# Usage: unpacked-size.py PRECISION TAR_OR_GZIP... -> prints "<bytes> <human>"
import sys, tarfile

def layer_size(path):
    total = 0
    with tarfile.open(path) as t:
        for m in t.getmembers():
            if m.issym():
                total += len(m.linkname.encode())
            elif m.isreg():
                total += m.size
    return total

def human(size, precision):
    units = ['B', 'kB', 'MB', 'GB', 'TB']
    i = 0
    while size >= 1000 and i < len(units) - 1:
        size /= 1000
        i += 1
    return ('%.*g' % (precision, size)) + units[i]

precision = int(sys.argv[1])
total = sum(layer_size(p) for p in sys.argv[2:])
print(total, human(total, precision))
