import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LogLevel } from '../../../src-shared/host-api/logs.js';
import type { FeedKey } from '../../store/logs-slice.js';
import { useApp } from '../../store/store-context.js';
import { Busy, ErrorNote } from '../../ui/feedback.js';
import { filterLines, lineAsText } from './filter-lines.js';
import { LogRow, ROW_HEIGHT } from './log-row.js';

interface Selection {
  anchor: number;
  focus: number;
}

/**
 * A virtualized live log: only the rows in view are in the DOM, so 100,000 lines scroll as smoothly
 * as 100. Level filter and search apply to the loaded lines; following keeps the newest line in view
 * until the user scrolls up. Rows are a listbox: arrows move, Shift extends, Ctrl+C copies.
 */
export function LogViewer({ feedKey, label }: { feedKey: FeedKey; label: string }) {
  const feed = useApp((s) => s.feeds[feedKey]);
  const openFeed = useApp((s) => s.openFeed);
  const loadOlder = useApp((s) => s.loadOlder);
  const [level, setLevel] = useState<LogLevel>('debug');
  const [query, setQuery] = useState('');
  const [follow, setFollow] = useState(true);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [copied, setCopied] = useState<string>('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const ids = { level: useId(), search: useId(), list: useId(), count: useId() };

  useEffect(() => {
    setSelection(null);
    void openFeed(feedKey);
  }, [feedKey, openFeed]);

  const lines = useMemo(() => feed?.lines ?? [], [feed]);
  const shown = useMemo(() => filterLines(lines, level, query), [lines, level, query]);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  // Older lines arrive at the top: shift the scroll position by their height so the view stays put.
  const firstCursor = useRef<string | null>(null);
  const previousCount = useRef(0);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const first = shown[0]?.cursor ?? null;
    if (el !== null && !follow && firstCursor.current !== null && first !== firstCursor.current) {
      const kept = shown.findIndex((l) => l.cursor === firstCursor.current);
      if (kept > 0) el.scrollTop += kept * ROW_HEIGHT;
    }
    firstCursor.current = first;
    if (follow && shown.length > 0 && shown.length !== previousCount.current) {
      virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
    }
    previousCount.current = shown.length;
  }, [shown, follow, virtualizer]);

  // The list's box can shrink with nothing scrolling (the window, or the view around it, changes
  // after the last line came): scrollTop stays, so the newest line would drop out of view. While
  // following, a change of the box's size scrolls to the end again.
  useEffect(() => {
    const el = scrollRef.current;
    if (el === null || !follow) return;
    const observer = new ResizeObserver(() => {
      el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [follow]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (el === null) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
    if (!atBottom && follow) setFollow(false);
    if (el.scrollTop < ROW_HEIGHT * 20) void loadOlder(feedKey);
  };

  const selected = (i: number) =>
    selection !== null &&
    i >= Math.min(selection.anchor, selection.focus) &&
    i <= Math.max(selection.anchor, selection.focus);
  const selectedCount = selection === null ? 0 : Math.abs(selection.focus - selection.anchor) + 1;

  const copySelection = () => {
    if (selection === null) return;
    const from = Math.min(selection.anchor, selection.focus);
    const text = shown
      .slice(from, from + selectedCount)
      .map(lineAsText)
      .join('\n');
    navigator.clipboard.writeText(text).then(
      () => setCopied(`Copied ${selectedCount} line${selectedCount === 1 ? '' : 's'}`),
      () => setCopied('Copying was not allowed by the browser'),
    );
  };

  const pick = (position: number, extend: boolean) => {
    setFollow(false);
    setSelection((s) =>
      extend && s !== null ? { anchor: s.anchor, focus: position } : { anchor: position, focus: position },
    );
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (shown.length === 0) return;
    const last = shown.length - 1;
    if ((event.ctrlKey || event.metaKey) && event.key === 'c') {
      event.preventDefault();
      copySelection();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key === 'a') {
      event.preventDefault();
      setSelection({ anchor: 0, focus: last });
      return;
    }
    const page = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1,
    );
    const current = selection?.focus ?? last;
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: last,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.min(last, Math.max(0, target));
    pick(next, event.shiftKey);
    virtualizer.scrollToIndex(next);
    if (event.key === 'End' && !event.shiftKey) setFollow(true);
  };

  const activeId = selection !== null ? `${ids.list}-${selection.focus}` : undefined;
  return (
    <div className="log-viewer">
      <div className="toolbar" role="toolbar" aria-label={`${label} tools`}>
        <label className="toolbar-field" htmlFor={ids.level}>
          Level
          <select
            id={ids.level}
            className="input"
            value={level}
            onChange={(e) => setLevel(e.target.value as LogLevel)}
          >
            <option value="debug">all</option>
            <option value="info">info and above</option>
            <option value="warn">warnings and errors</option>
            <option value="error">errors only</option>
          </select>
        </label>
        <label className="toolbar-field toolbar-search" htmlFor={ids.search}>
          Search
          <input
            id={ids.search}
            className="input"
            type="search"
            value={query}
            aria-describedby={ids.count}
            onChange={(e) => {
              setQuery(e.target.value);
              setSelection(null);
            }}
          />
        </label>
        <label className="toolbar-check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <button type="button" className="button" disabled={selectedCount === 0} onClick={copySelection}>
          Copy {selectedCount > 0 ? `${selectedCount} ` : ''}selected
        </button>
      </div>
      <p id={ids.count} className="log-count" aria-live="polite">
        {feed?.status === 'loading' && lines.length === 0 ? (
          <Busy label={`Loading the ${label.toLowerCase()}…`} />
        ) : (
          <>
            {query.trim() !== '' || level !== 'debug'
              ? `${shown.length.toLocaleString()} of ${lines.length.toLocaleString()} lines match`
              : `${lines.length.toLocaleString()} lines`}
            {feed?.loadingOlder ? ' · loading older lines…' : ''}
            {copied !== '' ? ` · ${copied}` : ''}
          </>
        )}
      </p>
      {feed?.error ? <ErrorNote error={feed.error} prefix="Could not read the log" /> : null}
      <div
        ref={scrollRef}
        className="log-scroll"
        role="listbox"
        id={ids.list}
        tabIndex={0}
        aria-label={label}
        aria-multiselectable="true"
        aria-activedescendant={activeId}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        {feed?.status === 'ready' && shown.length === 0 ? (
          <p className="log-empty">
            {lines.length === 0 ? 'This log is empty so far.' : 'No line matches the filter.'}
          </p>
        ) : null}
        <div className="log-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const line = shown[item.index];
            if (line === undefined) return null;
            return (
              <LogRow
                key={line.cursor}
                id={`${ids.list}-${item.index}`}
                line={line}
                query={query}
                selected={selected(item.index)}
                active={selection?.focus === item.index}
                top={item.start}
                position={item.index}
                total={shown.length}
                onPick={pick}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
