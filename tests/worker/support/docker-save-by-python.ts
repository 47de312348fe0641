/**
 * `docker save` archives (legacy layout) written by Python's tarfile at test time, with layers
 * of random and zero bytes: an independent writer, and layers large enough for the upload's
 * streamed reads (1 MiB and more).
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface GeneratedLayer {
  /** Random bytes, then this many zero bytes, in the layer's one file. */
  random: number;
  zeros?: number;
}

export interface GeneratedArchive {
  path: string;
  /** Flip one byte of a layer's tar (same sizes, another digest): [layer index, offset in its tar]. */
  flip?: [number, number];
}

const SCRIPT = String.raw`
import hashlib, io, json, os, sys, tarfile
spec = json.loads(sys.argv[1])
layers = []
for i, layer in enumerate(spec['layers']):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.USTAR_FORMAT) as t:
        data = os.urandom(layer['random']) + bytes(layer.get('zeros', 0))
        info = tarfile.TarInfo(f'data/file{i}.bin'); info.size = len(data); info.mtime = 1700000000
        t.addfile(info, io.BytesIO(data))
    layers.append(buf.getvalue())
diff_ids = ['sha256:' + hashlib.sha256(l).hexdigest() for l in layers]
config = json.dumps({'architecture': 'amd64', 'os': 'linux', 'config': {}, 'rootfs': {'type': 'layers', 'diff_ids': diff_ids}}).encode()
config_name = hashlib.sha256(config).hexdigest() + '.json'
manifest = json.dumps([{'Config': config_name, 'RepoTags': [spec['tag']], 'Layers': [d[7:] + '/layer.tar' for d in diff_ids]}]).encode()
for out in spec['archives']:
    written = [bytearray(l) for l in layers]
    if out.get('flip'):
        written[out['flip'][0]][out['flip'][1]] ^= 1
    with tarfile.open(out['path'], 'w', format=tarfile.USTAR_FORMAT) as t:
        for name, data in [(d[7:] + '/layer.tar', bytes(l)) for d, l in zip(diff_ids, written)] + [(config_name, config), ('manifest.json', manifest)]:
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 1700000000
            t.addfile(info, io.BytesIO(data))
`;

/** Write one image, tagged `tag`, to each of `archives` (the same image; a `flip` changes one byte of one copy). */
export function writeDockerSave(tag: string, layers: readonly GeneratedLayer[], archives: readonly GeneratedArchive[]): void {
  if (spawnSync('python3', ['--version']).error) throw new Error('python3 is needed to write the test image: apt-get install -y python3');
  execFileSync('python3', ['-c', SCRIPT, JSON.stringify({ tag, layers, archives })]);
}
