/**
 * The file tree, dive style: one row per visible entry, coloured by what the layer (or, merged,
 * the image above its first layer) did to it. The rows live in the worker; this list draws only
 * what is on screen (@tanstack/react-virtual) and asks for rows a page at a time, so a directory
 * of 10 000 entries opens without a pause and scrolling never builds more than a screenful.
 */
import type { Remote } from 'comlink';
import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, memo, useCallback, useEffect, useImperativeHandle, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { ExplorerApi, TreeChoice, TreeRowData } from '../../worker/explorer-api.ts';
import { failureLine } from '../engine-client.ts';
import { formatBytes } from '../format.ts';

/** Rows are 24 px for a mouse, 44 px on a touch screen (a finger's target, as the page's other controls: styles.css). */
const ROW_HEIGHT = 24;
const TOUCH_ROW_HEIGHT = 44;
const COARSE_POINTER = '(pointer: coarse)';

function subscribeToPointer(onChange: () => void): () => void {
  const query = window.matchMedia(COARSE_POINTER);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** The tree's row height for the pointer the page has now (a laptop with a touch screen can switch). */
function useRowHeight(): number {
  return useSyncExternalStore(subscribeToPointer, () => (window.matchMedia(COARSE_POINTER).matches ? TOUCH_ROW_HEIGHT : ROW_HEIGHT));
}
/** Rows fetched per request: a few screens. */
const PAGE = 200;
/** Rows kept around the last page fetched. */
const KEPT_ROWS = 2000;

const CHANGE_WORDS = { unchanged: '', added: 'added', modified: 'modified', removed: 'removed' } as const;

export interface FileTreeHandle {
  /** Open the directories down to `path`, scroll to it and select it. */
  reveal(path: string): Promise<void>;
}

interface Props {
  engine: Remote<ExplorerApi>;
  imageId: string;
  tree: TreeChoice;
  changedOnly: boolean;
  selected: string | undefined;
  onSelect(row: TreeRowData): void;
}

interface Loaded {
  rowCount: number;
  rows: Map<number, TreeRowData>;
}

/** A directory opens; so does a file that replaced one, to show what it removed. */
const opens = (row: TreeRowData) => row.isDir || row.childCount > 0;

interface RowProps {
  row: TreeRowData;
  index: number;
  start: number;
  height: number;
  selected: boolean;
  onActivate(index: number, row: TreeRowData): void;
}

const TreeRowView = memo(function TreeRowView({ row, index, start, height, selected, onActivate }: RowProps) {
  return (
    <div
      role="treeitem"
      aria-expanded={opens(row) ? row.open : undefined}
      aria-selected={selected}
      tabIndex={-1}
      className={`ex-row ex-row--${row.change}${row.change === 'unchanged' && row.changedBeneath ? ' ex-row--beneath' : ''}${selected ? ' ex-row--selected' : ''}`}
      title={row.change === 'unchanged' && row.changedBeneath ? 'Something in it changed' : undefined}
      style={{ transform: `translateY(${start}px)`, height }}
      data-path={row.path}
      onClick={() => onActivate(index, row)}
    >
      <span className="ex-row__name" style={{ paddingLeft: `${row.depth * 1.1}em` }}>
        <span className="ex-row__twisty" aria-hidden="true">
          {row.childCount > 0 ? (row.open ? '▾' : '▸') : ''}
        </span>
        {row.name}
        {row.isDir ? '/' : ''}
        {row.linkTarget !== undefined && (
          <span className="ex-row__link">
            {row.type === 'symlink' ? ' → ' : ' ⇒ '}
            {row.linkTarget}
          </span>
        )}
        {row.change !== 'unchanged' && <span className="ex-row__change">{CHANGE_WORDS[row.change]}</span>}
      </span>
      <span className="ex-row__size">{row.type === 'file' || row.size > 0 ? formatBytes(row.size) : ''}</span>
    </div>
  );
});

export const FileTree = forwardRef<FileTreeHandle, Props>(function FileTree({ engine, imageId, tree, changedOnly, selected, onSelect }, ref) {
  const [loaded, setLoaded] = useState<Loaded>({ rowCount: 0, rows: new Map() });
  const [error, setError] = useState<string | undefined>();
  const scroller = useRef<HTMLDivElement>(null);
  /** Bumped when the list changes shape (another tree, a toggle): answers for an older shape are dropped. */
  const generation = useRef(0);
  const requested = useRef(new Set<string>());
  const rowHeight = useRowHeight();

  const virtualizer = useVirtualizer({
    count: loaded.rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // Let React batch the renders scrolling asks for instead of one synchronous render per scroll event.
    useFlushSync: false,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  /** Rows `start…` of the current shape, merged into what is loaded (or replacing it after a change of shape). */
  const fetchRows = useCallback(
    async (start: number, count: number, replace: boolean) => {
      const mine = generation.current;
      try {
        const page = await engine.explorerRows(imageId, tree, changedOnly, start, count);
        if (mine !== generation.current) return;
        setLoaded((old) => {
          // Rows far from the screen are dropped: the cache stays a few pages, however far one scrolls.
          const rows = new Map<number, TreeRowData>();
          if (!replace) for (const [i, row] of old.rows) if (Math.abs(i - page.start) < KEPT_ROWS) rows.set(i, row);
          page.rows.forEach((row, i) => rows.set(page.start + i, row));
          return { rowCount: page.rowCount, rows };
        });
        setError(undefined);
      } catch (err) {
        if (mine === generation.current) setError(failureLine(err));
      }
    },
    [engine, imageId, tree, changedOnly],
  );

  /** The list changed shape in the worker: start over from the rows on screen. */
  const reshape = useCallback(
    (from: number) => {
      generation.current++;
      requested.current.clear();
      return fetchRows(Math.max(0, from), PAGE, true);
    },
    [fetchRows],
  );

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
    void reshape(0);
  }, [reshape]);

  // Ask for the pages the screen shows that are not loaded yet.
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    for (let page = Math.floor(first / PAGE); page * PAGE <= last; page++) {
      const start = page * PAGE;
      let missing = false;
      for (let i = Math.max(start, first); i <= Math.min(start + PAGE - 1, last); i++) if (!loaded.rows.has(i)) missing = true;
      // In flight at most once; once answered, a page dropped from the cache may be asked for again.
      const key = `${generation.current}:${page}`;
      if (!missing || requested.current.has(key)) continue;
      requested.current.add(key);
      void fetchRows(start, PAGE, false).finally(() => requested.current.delete(key));
    }
  }, [first, last, loaded, fetchRows]);

  const toggle = async (index: number, row: TreeRowData) => {
    try {
      await engine.explorerToggle(imageId, tree, changedOnly, index, row.path);
      await reshape(virtualizer.getVirtualItems()[0]?.index ?? 0);
    } catch (err) {
      setError(failureLine(err));
    }
  };

  // One stable handler for every row, so a row whose data did not change is not drawn again while scrolling.
  const latest = useRef<(index: number, row: TreeRowData) => void>(() => undefined);
  latest.current = (index, row) => {
    setCursor(index);
    onSelect(row);
    if (opens(row)) void toggle(index, row);
  };
  const activate = useCallback((index: number, row: TreeRowData) => latest.current(index, row), []);

  // The keyboard, as in a file manager: arrows move, Enter or Right/Left open and close.
  const [cursor, setCursor] = useState(0);
  const onKeyDown = (event: KeyboardEvent) => {
    const row = loaded.rows.get(cursor);
    let next = cursor;
    if (event.key === 'ArrowDown') next = Math.min(loaded.rowCount - 1, cursor + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, cursor - 1);
    else if (event.key === 'PageDown') next = Math.min(loaded.rowCount - 1, cursor + 15);
    else if (event.key === 'PageUp') next = Math.max(0, cursor - 15);
    else if (row && (event.key === 'Enter' || (event.key === 'ArrowRight' && opens(row) && !row.open) || (event.key === 'ArrowLeft' && row.open))) {
      event.preventDefault();
      onSelect(row);
      if (opens(row)) void toggle(cursor, row);
      return;
    } else return;
    event.preventDefault();
    setCursor(next);
    virtualizer.scrollToIndex(next);
    const target = loaded.rows.get(next);
    if (target) onSelect(target);
  };

  useImperativeHandle(
    ref,
    () => ({
      async reveal(path: string) {
        const { row } = await engine.explorerReveal(imageId, tree, changedOnly, path);
        if (row < 0) return;
        setCursor(row);
        await reshape(Math.max(0, row - 20));
        virtualizer.scrollToIndex(row, { align: 'center' });
      },
    }),
    [engine, imageId, tree, changedOnly, reshape, virtualizer],
  );

  return (
    <div className="ex-tree" data-testid="explorer-tree">
      {error && <p className="error">{error}</p>}
      <div className="ex-tree__scroll" ref={scroller} role="tree" aria-label="Files" tabIndex={0} onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = loaded.rows.get(item.index);
            if (row === undefined) return <div key={item.key} className="ex-row ex-row--loading" style={{ transform: `translateY(${item.start}px)`, height: rowHeight }} />;
            return <TreeRowView key={item.key} row={row} index={item.index} start={item.start} height={rowHeight} selected={row.path === selected} onActivate={activate} />;
          })}
        </div>
        {loaded.rowCount === 0 && !error && <p className="muted ex-tree__empty">{changedOnly ? 'Nothing changed here.' : 'No files.'}</p>}
      </div>
    </div>
  );
});
