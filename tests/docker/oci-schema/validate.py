"""Validate an image archive (`docker save` output) against the OCI image-spec JSON schemas.

usage: validate.py ARCHIVE  — reads it with Python's tarfile; prints one line per document checked
("ok <kind> <member>"), or the first schema error of each invalid one ("invalid <kind> <member>: <message>").
Exit status 1 when any document is invalid."""
import json, os, sys, tarfile
from jsonschema import Draft4Validator

HERE = os.path.dirname(os.path.abspath(__file__))

def load(name):
    with open(os.path.join(HERE, name)) as f:
        return json.load(f)

# Refs are relative file names under each schema's id: look them up by their last path segment.
def load_uri(uri):
    return load(uri.split('#')[0].rsplit('/', 1)[-1])

try:  # jsonschema >= 4.18
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4
    registry = Registry(retrieve=lambda uri: Resource.from_contents(load_uri(uri), default_specification=DRAFT4))
    def validator(name):
        return Draft4Validator(load(name), registry=registry)
except ImportError:  # Debian 12's python3-jsonschema 4.10
    from jsonschema import RefResolver
    def validator(name):
        schema = load(name)
        return Draft4Validator(schema, resolver=RefResolver.from_schema(schema, handlers={'https': load_uri, 'http': load_uri}))

LAYOUT, INDEX, MANIFEST, CONFIG = (validator(n) for n in ['image-layout-schema.json', 'image-index-schema.json', 'image-manifest-schema.json', 'config-schema.json'])

archive = tarfile.open(sys.argv[1])
members = {m.name.removeprefix('./'): m for m in archive.getmembers()}
def read_json(member):
    return json.loads(archive.extractfile(members[member]).read())

bad = 0
def check(kind, schema, member, doc):
    global bad
    errors = sorted(schema.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        bad += 1
        print(f"invalid {kind} {member}: {errors[0].message}" + (f" (at {'/'.join(map(str, errors[0].path))})" if errors[0].path else ""))
    else:
        print(f"ok {kind} {member}")

check('layout', LAYOUT, 'oci-layout', read_json('oci-layout'))
index = read_json('index.json')
check('index', INDEX, 'index.json', index)
for descriptor in index['manifests']:
    path = 'blobs/sha256/' + descriptor['digest'].split(':', 1)[1]
    manifest = read_json(path)
    check('manifest', MANIFEST, path, manifest)
    config_path = 'blobs/sha256/' + manifest['config']['digest'].split(':', 1)[1]
    check('config', CONFIG, config_path, read_json(config_path))
sys.exit(1 if bad else 0)
