/**
 * A `docker save` archive made at test time by GNU tar, python3 and sha256sum (never by the
 * engine): one layer holding `payload.bin`, `bytes` bytes of Python's seeded random stream,
 * tagged `big:latest`. Random bytes, so gzip cannot shrink them and a copy of them cannot
 * pass for pattern runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GENERATED_TAG = 'big:latest';

export interface GeneratedImage {
  dir: string;
  /** The archive, uncompressed. */
  archive: string;
  /** The layer's diff_id (sha256 of layer.tar, by sha256sum), without `sha256:`. */
  diffHex: string;
  /** sha256sum of payload.bin. */
  payloadSha256: string;
}

const SCRIPT = String.raw`
set -e
cd "$1"
mkdir -p rootfs
python3 - "$2" <<'PY'
import random, sys
left = int(sys.argv[1])
rng = random.Random(7)
with open('rootfs/payload.bin', 'wb') as f:
    while left > 0:
        n = min(left, 1 << 22)
        f.write(rng.randbytes(n))
        left -= n
PY
tar --format=posix --pax-option=delete=atime,delete=ctime --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -cf layer.tar -C rootfs payload.bin
diff=$(sha256sum layer.tar | cut -d' ' -f1)
mkdir "$diff" && mv layer.tar "$diff/layer.tar"
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/payload.bin"]},"created":"2023-11-14T22:13:20Z","rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"2023-11-14T22:13:20Z","created_by":"COPY payload.bin / # buildkit"}]}' "$diff" > config.json
cfg=$(sha256sum config.json | cut -d' ' -f1)
mv config.json "$cfg.json"
printf '[{"Config":"%s.json","RepoTags":["big:latest"],"Layers":["%s/layer.tar"]}]' "$cfg" "$diff" > manifest.json
tar --format=gnu --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -cf big.tar manifest.json "$cfg.json" "$diff/layer.tar"
echo "$diff"
`;

/**
 * `removeWhen` is handed the image's removal: a test passes vitest's `onTestFinished`; by default
 * it runs when the process exits (a bench's 200 MB image left behind per run would fill /tmp).
 */
export function generateImage(bytes: number, removeWhen: (remove: () => void) => void = (remove) => process.on('exit', remove)): GeneratedImage {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-generated-'));
  removeWhen(() => rmSync(dir, { recursive: true, force: true }));
  const diffHex = execFileSync('bash', ['-c', SCRIPT, 'generate', dir, String(bytes)], { encoding: 'utf8' }).trim();
  return { dir, archive: join(dir, 'big.tar'), diffHex, payloadSha256: sha256sum(join(dir, 'rootfs/payload.bin')) };
}

/** `gzip -c` or `zstd -c` of a file, next to it. */
export function compressed(file: string, tool: 'gzip' | 'zstd'): string {
  const out = `${file}.${tool === 'gzip' ? 'gz' : 'zst'}`;
  execFileSync('bash', ['-c', `${tool} -c -1 -- "$1" > "$2"`, tool, file, out]);
  return out;
}

export function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;
}

/** A file as the page's file input gives it. */
export function pickedFile(path: string, name = path.split('/').pop()!): File {
  return new File([readFileSync(path)], name, { lastModified: 1_700_000_000_000 });
}
