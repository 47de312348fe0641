import type { EfficiencySummary, ImageSummary, VerificationSummary, VerifyProgress } from '../../worker/engine-api.ts';
import { truncateId } from '../../engine/docker/short-id.ts';
import { formatBytes, formatCommand } from '../format.ts';
import type { Task } from '../use-archive.ts';
import { EfficiencyPanel } from './EfficiencyPanel.tsx';
import { LayerTable } from './LayerTable.tsx';
import { VerifyBadge } from './VerifyBadge.tsx';

interface Props {
  image: ImageSummary;
  verification: Task<VerificationSummary, VerifyProgress> | undefined;
  efficiency: Task<EfficiencySummary> | undefined;
}

/** One image of the archive: its names, config highlights, layers and the checks run on them. */
export function ImageView({ image, verification, efficiency }: Props) {
  const verified = verification?.state === 'done' ? verification.value : undefined;
  const layers = verified?.layers ?? image.layers;
  const configCheck = verified?.configCheck ?? image.configCheck;
  const { config } = image;
  const title = image.repoTags.length > 0 ? image.repoTags.join(', ') : `untagged image ${truncateId(image.id)}`;

  return (
    <article className="image" data-testid="image">
      <header className="image__header">
        <h2>{title}</h2>
        {verified && <VerifyBadge status={verified.allVerified ? 'verified' : 'mismatch'} label="image" />}
      </header>

      <dl className="facts">
        <dt>Image ID</dt>
        <dd>
          <code>{image.id}</code> <VerifyBadge status={verification?.state === 'running' && configCheck === 'unchecked' ? 'checking' : configCheck} label="config" />
        </dd>
        {image.manifestDigest && (
          <>
            <dt>Manifest</dt>
            <dd>
              <code>{image.manifestDigest}</code>
            </dd>
          </>
        )}
        <dt>Platform</dt>
        <dd>{config.platform}</dd>
        {config.created && (
          <>
            <dt>Created</dt>
            <dd>{config.created}</dd>
          </>
        )}
        <dt>Entrypoint</dt>
        <dd>
          <code>{formatCommand(config.entrypoint)}</code>
        </dd>
        <dt>Cmd</dt>
        <dd>
          <code>{formatCommand(config.cmd)}</code>
        </dd>
        {config.workingDir && (
          <>
            <dt>WorkingDir</dt>
            <dd>
              <code>{config.workingDir}</code>
            </dd>
          </>
        )}
        {config.user && (
          <>
            <dt>User</dt>
            <dd>
              <code>{config.user}</code>
            </dd>
          </>
        )}
        {config.exposedPorts.length > 0 && (
          <>
            <dt>Ports</dt>
            <dd>{config.exposedPorts.join(', ')}</dd>
          </>
        )}
        {config.env.length > 0 && (
          <>
            <dt>Env</dt>
            <dd>
              {config.env.map((e) => (
                <code key={e} className="env">
                  {e}
                </code>
              ))}
            </dd>
          </>
        )}
        {Object.keys(config.labels).length > 0 && (
          <>
            <dt>Labels</dt>
            <dd>
              {Object.entries(config.labels).map(([key, value]) => (
                <code key={key} className="env">
                  {key}={value}
                </code>
              ))}
            </dd>
          </>
        )}
        <dt>Layers</dt>
        <dd>
          {image.layers.length}, {formatBytes(image.totalLayerBytes)} stored
        </dd>
      </dl>

      <LayerTable layers={layers} checking={verification?.state === 'running'} />
      {verification?.state === 'running' && verification.progress && <VerifyProgressLine progress={verification.progress} />}
      {verification?.state === 'failed' && <p className="error">verification failed: {verification.error}</p>}

      {efficiency?.state === 'running' && <p className="muted">Analysing layer efficiency…</p>}
      {efficiency?.state === 'done' && <EfficiencyPanel report={efficiency.value} />}
      {efficiency?.state === 'failed' && <p className="error">efficiency analysis failed: {efficiency.error}</p>}
    </article>
  );
}

function VerifyProgressLine({ progress }: { progress: VerifyProgress }) {
  const { layerIndex, layerCount, bytesDone, totalBytes } = progress;
  return (
    <p className="muted" data-testid="verify-progress">
      Hashing layer {layerIndex + 1} of {layerCount}: {formatBytes(bytesDone)} of {formatBytes(totalBytes)}
      <progress max={totalBytes} value={bytesDone} />
    </p>
  );
}
