/**
 * The explorer: every image of the daemon the terminal shows (pulled, built, committed,
 * imported, loaded), and for one image what dive shows: its layers with the step and size of
 * each, the file tree merged or per layer, coloured by change, wasted space, and a file's
 * content and history. It follows the terminal: the list reloads when the daemon's images
 * change, and `explore IMAGE` opens one.
 */
import { proxy, type Remote } from 'comlink';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { VerifyProgress } from '../../worker/engine-api.ts';
import type { DaemonImage, ExploredImage, ExplorerApi, ExplorerEfficiency, ExplorerLayer, SearchHit, TreeChoice, TreeRowData } from '../../worker/explorer-api.ts';
import { VerifyBadge } from '../components/VerifyBadge.tsx';
import { failureLine } from '../engine-client.ts';
import { truncateId as shortId } from '../../engine/docker/short-id.ts';
import { formatBytes, formatPercent } from '../format.ts';
import type { ExplorerSignals } from './explorer-events.ts';
import { FileTree, type FileTreeHandle } from './FileTree.tsx';
import { FileViewer } from './FileViewer.tsx';
import { imageArchiveName } from '../../worker/transfer-api.ts';
import type { DownloadProgress, ImageTransfers } from './transfers.ts';
import './explorer.css';

interface Props {
  engine: Remote<ExplorerApi>;
  signals: ExplorerSignals;
  transfers?: ImageTransfers;
  /** Shown above the image list (e.g. the archive picker). */
  children?: ReactNode;
}

function imageName(image: { repoTags: readonly string[]; id: string }): string {
  return image.repoTags[0] ?? `<none> (${shortId(image.id)})`;
}

/** A name that may wrap after its separators (`/`, `:`, `@`, `-`, `_`, `.`) rather than mid-word. */
function breakable(name: string): ReactNode {
  return name.split(/(?<=[/:@._-])/).map((part, i) => (
    <span key={i}>
      {i > 0 && <wbr />}
      {part}
    </span>
  ));
}

/** `1 layer`, `3 layers`. */
function counted(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** How far a download's archive is made, for the line under the image's buttons. */
function preparingText(fileName: string, progress: DownloadProgress | undefined): string {
  if (!progress) return `Preparing ${fileName}…`;
  const of = progress.totalBytes !== undefined ? ` of ${formatBytes(progress.totalBytes)}` : '';
  return `Preparing ${fileName}: ${formatBytes(progress.bytesDone)}${of}`;
}

function createdText(created: string | undefined): string {
  if (created === undefined) return '';
  const date = new Date(created);
  return Number.isNaN(date.getTime()) ? created : date.toISOString().slice(0, 16).replace('T', ' ');
}

function ImageList({ images, selected, onOpen }: { images: DaemonImage[]; selected: string | undefined; onOpen(id: string): void }) {
  if (images.length === 0) {
    return (
      <p className="muted" data-testid="explorer-no-images">
        No images yet. Pull or build one in the terminal (<code>docker pull busybox</code>), or open an archive: it appears here.
      </p>
    );
  }
  return (
    <div className="table-scroll ex-images">
      <table className="ex-images__table" data-testid="explorer-images">
        <thead>
          <tr>
            <th>Image</th>
            <th>ID</th>
            <th className="num">Size</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {images.map((image) => (
            <tr key={image.id} className={image.id === selected ? 'ex-selected' : undefined} data-testid="explorer-image">
              <td>
                <button type="button" className="ex-link" onClick={() => onOpen(image.id)}>
                  {imageName(image)}
                </button>
                {image.repoTags.length > 1 && (
                  <span className="muted" title={image.repoTags.join('\n')}>
                    {' '}
                    +{image.repoTags.length - 1} tags
                  </span>
                )}
              </td>
              <td>
                <code>{shortId(image.id)}</code>
              </td>
              <td className="num">{formatBytes(image.size)}</td>
              <td className="ex-nowrap">{createdText(image.created)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LayerList(props: {
  layers: ExplorerLayer[];
  tree: TreeChoice;
  checking: boolean;
  onPick(tree: TreeChoice): void;
  onDownload?: (layer: number) => void;
}) {
  const { layers, tree, checking, onPick, onDownload } = props;
  const heaviest = Math.max(1, ...layers.map((l) => l.unpackedSize));
  return (
    <ol className="ex-layers" data-testid="explorer-layers">
      <li className={tree === 'merged' ? 'ex-layer ex-selected' : 'ex-layer'}>
        <button type="button" className="ex-layer__pick" onClick={() => onPick('merged')}>
          <span className="ex-layer__title">All layers: the image’s filesystem</span>
        </button>
      </li>
      {layers.map((layer, i) => (
        <li key={i} className={tree === i ? 'ex-layer ex-selected' : 'ex-layer'} data-testid="explorer-layer">
          <button type="button" className="ex-layer__pick" onClick={() => onPick(i)}>
            <span className="ex-layer__title">
              <span className="ex-layer__num">{i + 1}</span>
              <span className="ex-layer__step">{layer.createdBy ?? '(no history)'}</span>
              <span className="ex-layer__size">{formatBytes(layer.unpackedSize)}</span>
            </span>
            <span className="ex-bar" aria-hidden="true">
              <span className={layer.unpackedSize === heaviest ? 'ex-bar__fill ex-bar__fill--heavy' : 'ex-bar__fill'} style={{ width: `${(layer.unpackedSize / heaviest) * 100}%` }} />
            </span>
          </button>
          <div className="ex-layer__meta">
            <code className="digest" title="diff_id: the sha256 of the layer's tar">
              {layer.diffId}
            </code>
            <span>{layer.entryCount} entries</span>
            <VerifyBadge status={checking && layer.blob === 'unchecked' ? 'checking' : layer.blob} label="blob" />
            <VerifyBadge status={checking && layer.diffIdCheck === 'unchecked' ? 'checking' : layer.diffIdCheck} label="diff_id" />
            {onDownload && (
              <button type="button" className="ex-link" onClick={() => onDownload(i)}>
                download tar
              </button>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}

function WastedSpace({ report, onPick }: { report: ExplorerEfficiency; onPick(path: string): void }) {
  return (
    <section className="ex-wasted" data-testid="explorer-efficiency">
      <dl className="facts">
        <dt>Efficiency</dt>
        {/* dive prints four decimals: 99.9932 % must not read as a perfect 100.0 %. */}
        <dd>{report.efficiency < 1 && report.efficiency > 0.999 ? `${(report.efficiency * 100).toFixed(4)} %` : formatPercent(report.efficiency)}</dd>
        <dt>Wasted</dt>
        <dd>
          {formatBytes(report.wastedBytes)}
          {report.userSizeBytes > 0 && ` (${formatPercent(report.userWastedPercent)} of the ${formatBytes(report.userSizeBytes)} above the base layer)`}
        </dd>
      </dl>
      {report.files.length === 0 ? (
        <p className="muted">No file is stored in more than one layer.</p>
      ) : (
        <div className="table-scroll">
          <table className="wasted">
            <thead>
              <tr>
                <th className="num">Wasted</th>
                <th>Path</th>
                <th>Copies (layer: size)</th>
              </tr>
            </thead>
            <tbody>
              {report.files.map((file) => (
                <tr key={file.path}>
                  <td className="num">{formatBytes(file.wastedBytes)}</td>
                  <td>
                    <button type="button" className="ex-link" onClick={() => onPick(file.path)}>
                      <code>{file.path}</code>
                    </button>
                  </td>
                  <td>
                    {file.copies.map((copy) => (
                      <span key={copy.layer} className={`ex-copy ex-change--${copy.change}`}>
                        {copy.layer + 1}: {copy.change === 'removed' ? 'removed' : formatBytes(copy.size)}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
            {report.fileCount > report.files.length && (
              <tfoot>
                <tr>
                  <td colSpan={3}>…and {report.fileCount - report.files.length} more</td>
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </section>
  );
}

type Tab = 'files' | 'layers' | 'wasted';

function ImageExplorerView({ engine, image: opened, transfers }: { engine: Remote<ExplorerApi>; image: ExploredImage; transfers: ImageTransfers | undefined }) {
  const [image, setImage] = useState(opened);
  const [tab, setTab] = useState<Tab>('files');
  const [tree, setTree] = useState<TreeChoice>('merged');
  const [changedOnly, setChangedOnly] = useState(false);
  const [selected, setSelected] = useState<string | undefined>();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<{ hits: SearchHit[]; more: boolean } | undefined>();
  const [efficiency, setEfficiency] = useState<ExplorerEfficiency | string | undefined>();
  const [verify, setVerify] = useState<{ progress?: VerifyProgress; error?: string } | undefined>();
  const [note, setNote] = useState<string | undefined>();
  const [preparing, setPreparing] = useState<{ fileName: string; progress?: DownloadProgress } | undefined>();
  const treeRef = useRef<FileTreeHandle>(null);
  const viewRef = useRef<HTMLDivElement>(null);

  // What the student just opened (a click, or `explore` in the terminal) comes into view.
  useEffect(() => {
    viewRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, []);

  useEffect(() => {
    if (tab !== 'wasted' || efficiency !== undefined) return;
    engine.explorerEfficiency(image.id).then(setEfficiency, (err: unknown) => setEfficiency(failureLine(err)));
  }, [tab, efficiency, engine, image.id]);

  // Search as the student types, a moment after the last key.
  useEffect(() => {
    if (query.trim() === '') {
      setHits(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      engine.explorerSearch(image.id, tree, query.trim()).then(
        (found) => live && setHits(found),
        () => live && setHits({ hits: [], more: false }),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, tree, engine, image.id]);

  const pickTree = (next: TreeChoice) => {
    setTree(next);
    setSelected(undefined);
    setTab('files');
  };

  const showPath = async (path: string, inTree: TreeChoice = tree) => {
    setTab('files');
    setQuery('');
    if (inTree !== tree) setTree(inTree);
    setSelected(path);
    // Let the tree for `inTree` mount before asking it to reveal.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await treeRef.current?.reveal(path);
  };

  const runVerify = () => {
    setVerify({});
    engine
      .explorerVerify(
        image.id,
        proxy((progress: VerifyProgress) => setVerify((v) => (v && !v.error ? { progress } : v))),
      )
      .then(
        (layers) => {
          setImage((i) => ({ ...i, layers }));
          setVerify(undefined);
        },
        (err: unknown) => setVerify({ error: failureLine(err) }),
      );
  };

  const ref = image.repoTags[0] ?? image.id;
  // A layer's tar or the image's archive is made in the worker before the browser saves it
  // (seconds for a big image): the line under the buttons says how far it is.
  const transfer = (fileName: string, start: (onProgress: (progress: DownloadProgress) => void) => Promise<void>) => {
    setNote(undefined);
    setPreparing({ fileName });
    start((progress) => setPreparing((p) => (p?.fileName === fileName ? { fileName, progress } : p))).then(
      () => setPreparing(undefined),
      (err: unknown) => {
        setPreparing(undefined);
        setNote(failureLine(err));
      },
    );
  };

  return (
    <div className="ex-image" data-testid="explorer-image-view" ref={viewRef}>
      <header className="ex-image__head">
        <h3>{breakable(imageName(image))}</h3>
        <span className="muted">
          {counted(image.layers.length, 'layer')} · {counted(image.fileCount, 'file')} · {formatBytes(image.totalSize)} · {image.config.platform}
        </span>
        <span className="ex-image__actions">
          <button type="button" onClick={runVerify} disabled={verify !== undefined && !verify.error}>
            {verify && !verify.error
              ? `Verifying layer ${(verify.progress?.layerIndex ?? 0) + 1}/${image.layers.length}${verify.progress ? ` (${formatPercent(verify.progress.bytesDone / Math.max(1, verify.progress.totalBytes))})` : ''}`
              : 'Verify digests'}
          </button>
          {transfers && (
            <button type="button" disabled={preparing !== undefined} onClick={() => transfer(imageArchiveName(ref), (onProgress) => transfers.downloadImage(ref, onProgress))}>
              Download image
            </button>
          )}
        </span>
      </header>
      {verify?.error && <p className="error">{verify.error}</p>}
      {note && <p className="error">{note}</p>}
      {preparing && (
        <p className="muted" role="status" data-testid="explorer-preparing">
          {preparingText(preparing.fileName, preparing.progress)}
        </p>
      )}
      {image.problems.length > 0 && (
        <details className="note">
          <summary>{image.problems.length} entries could not be placed</summary>
          <ul>
            {image.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </details>
      )}
      <nav className="ex-tabs" aria-label="Explorer views">
        {(
          [
            ['files', 'Files'],
            ['layers', 'Layers'],
            ['wasted', 'Wasted space'],
          ] as const
        ).map(([key, label]) => (
          <button key={key} type="button" aria-pressed={tab === key} onClick={() => setTab(key)} data-testid={`explorer-tab-${key}`}>
            {label}
          </button>
        ))}
      </nav>

      {tab === 'layers' && (
        <LayerList
          layers={image.layers}
          tree={tree}
          checking={verify !== undefined && !verify.error}
          onPick={pickTree}
          {...(transfers
            ? { onDownload: (layer: number) => transfer(`layer ${layer + 1}’s tar`, (onProgress) => transfers.downloadLayer(ref, layer, onProgress)) }
            : {})}
        />
      )}
      {tab === 'wasted' &&
        (efficiency === undefined ? (
          <p className="muted">Measuring…</p>
        ) : typeof efficiency === 'string' ? (
          <p className="error">{efficiency}</p>
        ) : (
          <WastedSpace report={efficiency} onPick={(path) => void showPath(path, 'merged')} />
        ))}
      {tab === 'files' && (
        <div className="ex-files">
          <div className="ex-controls">
            <label>
              <span className="visually-hidden">Tree</span>
              <select
                value={String(tree)}
                onChange={(e) => pickTree(e.target.value === 'merged' ? 'merged' : Number(e.target.value))}
                data-testid="explorer-tree-choice"
              >
                <option value="merged">All layers (merged)</option>
                {image.layers.map((layer, i) => (
                  <option key={i} value={i}>
                    Layer {i + 1}: {formatBytes(layer.unpackedSize)} {(layer.createdBy ?? '').slice(0, 60)}
                  </option>
                ))}
              </select>
            </label>
            <label className="ex-check">
              <input type="checkbox" checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} data-testid="explorer-changed-only" />
              only what changed
            </label>
            <input type="search" placeholder="Search names…" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search file names" data-testid="explorer-search" />
            <span className="ex-legend" aria-hidden="true">
              <span className="ex-change--added">added</span> <span className="ex-change--modified">modified</span> <span className="ex-change--removed">removed</span>
            </span>
          </div>
          <div className="ex-split">
            {hits ? (
              <ul className="ex-hits" data-testid="explorer-hits">
                {hits.hits.length === 0 && <li className="muted">No names match.</li>}
                {hits.hits.map((hit) => (
                  <li key={hit.path} className={`ex-change--${hit.change}`}>
                    <button type="button" className="ex-link" onClick={() => void showPath(hit.path)}>
                      {hit.path}
                    </button>{' '}
                    {/* A link holds no bytes of its own: say what it is rather than "0 B". */}
                    <span className="muted">{hit.type === 'file' || hit.type === 'directory' ? formatBytes(hit.size) : hit.type}</span>
                  </li>
                ))}
                {hits.more && <li className="muted">More match: type more of the name.</li>}
              </ul>
            ) : (
              <FileTree
                key={`${image.id}:${tree}:${changedOnly}`}
                ref={treeRef}
                engine={engine}
                imageId={image.id}
                tree={tree}
                changedOnly={changedOnly}
                selected={selected}
                onSelect={(row: TreeRowData) => setSelected(row.path)}
              />
            )}
            {selected ? (
              <FileViewer engine={engine} imageId={image.id} tree={tree} path={selected} />
            ) : (
              <p className="muted ex-viewer ex-viewer--empty">Choose a file to see its content and its history across layers.</p>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

export function ExplorerPanel({ engine, signals, transfers, children }: Props) {
  const [images, setImages] = useState<DaemonImage[] | undefined>();
  const [open, setOpen] = useState<{ id: string; image?: ExploredImage; error?: string } | undefined>();

  useEffect(() => {
    let live = true;
    engine.listDaemonImages().then(
      (list) => live && setImages(list),
      () => live && setImages([]),
    );
    return () => {
      live = false;
    };
  }, [engine, signals.imagesVersion]);

  // The image asked for (a click here, `explore` in the terminal), opened in the worker.
  const wanted = signals.shown;
  useEffect(() => {
    if (wanted === undefined) return;
    const id = wanted.imageId;
    setOpen({ id });
    engine.openDaemonImage(id).then(
      (image) => setOpen((o) => (o?.id === id ? { id, image } : o)),
      (err: unknown) => setOpen((o) => (o?.id === id ? { id, error: failureLine(err) } : o)),
    );
  }, [engine, wanted]);

  // The open image was removed (`docker rmi`): say so rather than show a ghost.
  const gone = open !== undefined && images !== undefined && !images.some((i) => i.id === open.id);

  return (
    <div className="explorer" data-testid="explorer">
      {children}
      <h2 className="ex-heading">Images in the terminal’s Docker</h2>
      {images === undefined ? <p className="muted">Listing images…</p> : <ImageList images={images} selected={open?.id} onOpen={signals.show} />}
      {open && gone && <p className="muted">That image is no longer in the daemon.</p>}
      {open && !gone && (
        <div role="status" aria-live="polite">
          {open.error && <p className="error">{open.error}</p>}
          {!open.image && !open.error && <p className="muted">Reading the layers’ indexes…</p>}
        </div>
      )}
      {open?.image && !gone && <ImageExplorerView key={`${open.id}:${wanted?.seq ?? 0}`} engine={engine} image={open.image} transfers={transfers} />}
    </div>
  );
}
