import type { ArchiveFormat } from '../../worker/engine-api.ts';
import { formatBytes } from '../format.ts';
import type { ArchiveState } from '../use-archive.ts';
import { ImageView } from './ImageView.tsx';

const FORMAT_NAMES: Record<ArchiveFormat, string> = {
  'docker-legacy': 'docker save (legacy layout)',
  'docker-oci': 'docker save (OCI layout + manifest.json)',
  'oci-layout': 'OCI image layout',
};

/** An opened archive: one line about the file, then each of its images. */
export function ArchiveView({ state }: { state: Extract<ArchiveState, { state: 'open' }> }) {
  const { archive } = state;
  const count = archive.images.length;
  return (
    <section data-testid="archive">
      <p className="archive-line">
        <strong>{archive.fileName}</strong> — {formatBytes(archive.fileSize)}, {FORMAT_NAMES[archive.format]}, {count}{' '}
        {count === 1 ? 'image' : 'images'}
      </p>
      {archive.images.map((image) => (
        <ImageView
          key={image.index}
          image={image}
          verification={state.verification[image.index]}
          efficiency={state.efficiency[image.index]}
        />
      ))}
    </section>
  );
}
