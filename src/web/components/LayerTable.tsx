import { Fragment, type ReactNode } from 'react';
import type { LayerSummary, VerifyStatus } from '../../worker/engine-api.ts';
import { formatBytes } from '../format.ts';
import { VerifyBadge } from './VerifyBadge.tsx';

interface Props {
  layers: readonly LayerSummary[];
  /** Verification is running: show that instead of 'unchecked'. */
  checking: boolean;
}

/** Let a long media type wrap after its dots and slashes rather than mid-word. */
function breakable(mediaType: string): ReactNode[] {
  return mediaType.split(/(?<=[./+])/).map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}

/**
 * One row per layer, bottom layer first, as the manifest lists them. In a narrow pane each row
 * is a card (styles.css, `.layers`), its cells named by their `data-label`.
 */
export function LayerTable({ layers, checking }: Props) {
  const shown = (status: VerifyStatus) => (checking && status === 'unchecked' ? 'checking' : status);
  return (
    <div className="table-scroll">
      <table className="layers">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Digest / diff_id</th>
            <th>Media type</th>
            <th className="num">Size</th>
            <th>Verification</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((layer, i) => (
            <tr key={`${i}:${layer.digest}`} data-testid="layer-row">
              <td className="num layer-number">{i + 1}</td>
              <td className="layer-digests">
                <code className="digest" title="digest of the blob as stored">
                  {layer.digest}
                </code>
                {layer.diffId !== layer.digest && (
                  <code className="digest digest--diff" title="diff_id: digest of the uncompressed tar">
                    {layer.diffId}
                  </code>
                )}
                {layer.createdBy && <div className="created-by">{layer.createdBy}</div>}
                {layer.actualDigest && <div className="actual">computed blob digest {layer.actualDigest}</div>}
                {layer.actualDiffId && <div className="actual">computed diff_id {layer.actualDiffId}</div>}
                {layer.note && <div className="note">{layer.note}</div>}
              </td>
              <td className="media-type" data-label="Media type">
                {breakable(layer.mediaType)}
              </td>
              <td className="num layer-size">{formatBytes(layer.size)}</td>
              <td className="checks">
                <VerifyBadge status={shown(layer.blob)} label="blob" />
                <VerifyBadge status={shown(layer.diffIdCheck)} label="diff_id" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
