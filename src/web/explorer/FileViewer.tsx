/**
 * One file of the image: its content (text, binary as hex, capped; links and removals shown as
 * what they are), its history across layers, and a diff between two of its versions.
 */
import type { Remote } from 'comlink';
import { useEffect, useRef, useState } from 'react';
import type { ExplorerApi, FileContentView, FileDiffView, FileHistoryEvent, TreeChoice } from '../../worker/explorer-api.ts';
import { failureLine } from '../engine-client.ts';
import { formatBytes } from '../format.ts';
import { saveDownload } from '../download.ts';

interface Props {
  engine: Remote<ExplorerApi>;
  imageId: string;
  tree: TreeChoice;
  path: string;
}

function Content({ content }: { content: FileContentView }) {
  const more = (size: number, truncated: boolean) => truncated && <p className="muted">Showing the first 64 KiB of {formatBytes(size)}.</p>;
  switch (content.kind) {
    case 'text':
      return (
        <>
          <pre className="ex-content">{content.text}</pre>
          {more(content.size, content.truncated)}
        </>
      );
    case 'binary':
      return (
        <>
          <p className="muted">Binary file, {formatBytes(content.size)}: shown as hex.</p>
          <pre className="ex-content">{content.hex}</pre>
          {more(content.size, content.truncated)}
        </>
      );
    case 'symlink':
      return (
        <p>
          Symbolic link to <code>{content.target}</code>
        </p>
      );
    case 'hardlink':
      return (
        <>
          <p>
            Hard link to <code>{content.target}</code> (the same file, stored once in the layer)
            {content.hex !== undefined && <>: binary, {formatBytes(content.size)}, shown as hex</>}
          </p>
          {content.text !== undefined && <pre className="ex-content">{content.text}</pre>}
          {content.hex !== undefined && <pre className="ex-content">{content.hex}</pre>}
          {more(content.size, content.truncated)}
        </>
      );
    case 'directory':
      return (
        <p className="muted">
          Directory: {content.entries} entries, {formatBytes(content.size)} beneath.
        </p>
      );
    case 'removed':
      return (
        <p className="ex-removed-note">
          Removed by layer {content.removedBy + 1}
          {content.replacedBy !== undefined ? (
            <>
              , which put a {content.replacedBy.type} at <code>{content.replacedBy.path}</code> where its directory was
            </>
          ) : content.whiteout !== undefined ? (
            <>
              {' '}
              with {content.whiteout.endsWith('.wh..wh..opq') ? 'the opaque marker' : 'the whiteout'} <code>{content.whiteout}</code>
              {content.whiteout.endsWith('.wh..wh..opq') ? ' (its directory hides all the layers below put in it)' : ' (an empty file whose name says what to delete)'}
            </>
          ) : (
            ' (a whiteout)'
          )}
          : the {content.type} and its {formatBytes(content.size)} are still stored in the layers below, but no container sees them.
        </p>
      );
    case 'special':
      return <p className="muted">A {content.type}: it has no content of its own.</p>;
  }
}

function Diff({ diff }: { diff: FileDiffView }) {
  if (diff.identical) return <p className="muted">The two versions are byte for byte the same.</p>;
  if (diff.kind === 'binary') {
    return (
      <p className="muted">
        Binary versions differ ({formatBytes(diff.oldSize)} → {formatBytes(diff.newSize)}).
      </p>
    );
  }
  return (
    <pre className="ex-diff" data-testid="explorer-diff">
      {diff.hunks.map((hunk, h) => (
        <span key={h}>
          <span className="ex-diff__hunk">{`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@\n`}</span>
          {hunk.lines.map((line, i) => (
            <span key={i} className={line.startsWith('+') ? 'ex-diff__add' : line.startsWith('-') ? 'ex-diff__del' : undefined}>
              {line}
              {'\n'}
            </span>
          ))}
        </span>
      ))}
      {diff.truncated && <span className="muted">(compared the first 256 KiB of each version)</span>}
    </pre>
  );
}

export function FileViewer({ engine, imageId, tree, path }: Props) {
  const [content, setContent] = useState<FileContentView | undefined>();
  const [history, setHistory] = useState<FileHistoryEvent[]>([]);
  const [diff, setDiff] = useState<{ from: number; to: number; view?: FileDiffView; error?: string } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const sectionRef = useRef<HTMLElement>(null);

  // The viewer sits below the tree: a file picked near the fold would open out of sight. Once
  // its content is in, the view scrolls to it (not when it is already in view).
  useEffect(() => {
    const section = sectionRef.current;
    if (!content || !section) return;
    const { top } = section.getBoundingClientRect();
    if (top > window.innerHeight * 0.6 || top < 0) section.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [content]);

  useEffect(() => {
    let live = true;
    setContent(undefined);
    setDiff(undefined);
    setError(undefined);
    Promise.all([engine.explorerFile(imageId, tree, path), engine.explorerHistory(imageId, path)]).then(
      ([c, h]) => {
        if (!live) return;
        setContent(c);
        setHistory(h);
      },
      (err: unknown) => live && setError(failureLine(err)),
    );
    return () => {
      live = false;
    };
  }, [engine, imageId, tree, path]);

  const showDiff = (from: number, to: number) => {
    setDiff({ from, to });
    engine.explorerDiff(imageId, path, from, to).then(
      (view) => setDiff((d) => (d?.from === from && d.to === to ? { from, to, view } : d)),
      (err: unknown) => setDiff((d) => (d?.from === from && d.to === to ? { from, to, error: failureLine(err) } : d)),
    );
  };

  const name = path.slice(path.lastIndexOf('/') + 1) || 'file';
  /** The file as the tree shows it, or (`layer`) the version that layer stored, named after it so that versions sit side by side. */
  const download = async (layer?: number) => {
    try {
      const blob = await engine.explorerFileBlob(imageId, layer ?? tree, path);
      saveDownload({ blob, fileName: layer === undefined ? name : `layer${layer + 1}-${name}` });
    } catch (err) {
      setError(failureLine(err));
    }
  };

  const downloadable =
    content?.kind === 'text' ||
    content?.kind === 'binary' ||
    (content?.kind === 'hardlink' && content.size > 0) ||
    (content?.kind === 'removed' && content.type === 'file');
  const versions = history.filter((e) => e.change !== 'removed' && e.type === 'file');

  return (
    <section className="ex-viewer" aria-label="File" data-testid="explorer-viewer" ref={sectionRef}>
      <header className="ex-viewer__head">
        <code className="ex-viewer__path">{path}</code>
        {downloadable && (
          <button type="button" onClick={() => void download()}>
            {content?.kind === 'removed' ? 'Download the removed file' : 'Download file'}
          </button>
        )}
      </header>
      {error && <p className="error">{error}</p>}
      {content ? <Content content={content} /> : !error && <p className="muted">Reading…</p>}
      {history.length > 0 && (
        <>
          <h4>History across layers</h4>
          <ol className="ex-history" data-testid="explorer-history">
            {history.map((event) => {
              const previous = versions.filter((v) => v.layer < event.layer).at(-1);
              return (
                <li key={event.layer} className={`ex-change--${event.change}`}>
                  <strong>Layer {event.layer + 1}</strong> {event.change} it
                  {event.change !== 'removed' && event.type === 'file' ? ` (${formatBytes(event.size)})` : event.change === 'removed' ? '' : ` (${event.type})`}
                  {event.createdBy && <div className="created-by">{event.createdBy}</div>}
                  {event.change !== 'removed' && event.type === 'file' && (
                    <button type="button" className="ex-link" onClick={() => void download(event.layer)} aria-label={`download layer ${event.layer + 1}'s version`}>
                      download this version
                    </button>
                  )}
                  {previous && event.change === 'modified' && event.type === 'file' && (
                    <button type="button" className="ex-link" onClick={() => showDiff(previous.layer, event.layer)}>
                      diff with layer {previous.layer + 1}
                    </button>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
      {diff && (
        <>
          <h4>
            Layer {diff.from + 1} → layer {diff.to + 1}
          </h4>
          {diff.error ? <p className="error">{diff.error}</p> : diff.view ? <Diff diff={diff.view} /> : <p className="muted">Comparing…</p>}
        </>
      )}
    </section>
  );
}
