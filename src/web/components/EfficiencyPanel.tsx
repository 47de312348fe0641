import type { EfficiencySummary } from '../../worker/engine-api.ts';
import { formatBytes, formatPercent } from '../format.ts';

/** dive's numbers: how much of the image is bytes stored twice or hidden by later layers. */
export function EfficiencyPanel({ report }: { report: EfficiencySummary }) {
  return (
    <section className="efficiency" data-testid="efficiency">
      <h3>Layer efficiency</h3>
      <dl className="facts">
        <dt>Efficiency</dt>
        <dd>{formatPercent(report.efficiency)}</dd>
        <dt>Image size</dt>
        <dd>{formatBytes(report.sizeBytes)}</dd>
        <dt>Wasted</dt>
        <dd>
          {formatBytes(report.wastedBytes)}
          {report.userSizeBytes > 0 &&
            ` (${formatPercent(report.userWastedPercent)} of the ${formatBytes(report.userSizeBytes)} added above the base layer)`}
        </dd>
      </dl>
      {report.inefficientFiles.length > 0 && (
        <table className="wasted">
          <thead>
            <tr>
              <th className="num">Count</th>
              <th className="num">Wasted</th>
              <th>Path</th>
            </tr>
          </thead>
          <tbody>
            {report.inefficientFiles.map((f) => (
              <tr key={f.path}>
                <td className="num">{f.count}</td>
                <td className="num">{formatBytes(f.wastedBytes)}</td>
                <td>
                  <code>{f.path}</code>
                </td>
              </tr>
            ))}
          </tbody>
          {report.inefficientFileCount > report.inefficientFiles.length && (
            <tfoot>
              <tr>
                <td colSpan={3}>…and {report.inefficientFileCount - report.inefficientFiles.length} more</td>
              </tr>
            </tfoot>
          )}
        </table>
      )}
    </section>
  );
}
