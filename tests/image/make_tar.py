"""Write a tar archive with Python's tarfile (an independent tar writer for the tests).

Reads JSON from stdin: {"out": path, "members": [{"name", "type": "file"|"dir"|"symlink"|"hardlink",
"data": base64 (files), "target": link target}]}. Members are written in the order given,
with mtime 0 and root ownership, in PAX format.
"""
import base64, io, json, sys, tarfile

spec = json.load(sys.stdin)
with tarfile.open(spec["out"], "w", format=tarfile.PAX_FORMAT) as tar:
    for m in spec["members"]:
        info = tarfile.TarInfo(m["name"])
        info.mtime = 0
        kind = m.get("type", "file")
        if kind == "dir":
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            tar.addfile(info)
        elif kind == "symlink":
            info.type, info.linkname = tarfile.SYMTYPE, m["target"]
            tar.addfile(info)
        elif kind == "hardlink":
            info.type, info.linkname = tarfile.LNKTYPE, m["target"]
            tar.addfile(info)
        else:
            data = base64.b64decode(m.get("data", ""))
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
