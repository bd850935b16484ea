import { memo } from 'react';
import type { LogLine } from '../../../src-shared/host-api/logs.js';
import { formatExact } from '../../ui/format.js';
import { formatLineTime, splitMatches } from './filter-lines.js';

interface LogRowProps {
  id: string;
  line: LogLine;
  query: string;
  selected: boolean;
  active: boolean;
  top: number;
  position: number;
  total: number;
  onPick: (position: number, extend: boolean) => void;
}

export const ROW_HEIGHT = 22;

export const LogRow = memo(function LogRow(props: LogRowProps) {
  const { line, query } = props;
  return (
    <div
      id={props.id}
      role="option"
      aria-selected={props.selected}
      aria-posinset={props.position + 1}
      aria-setsize={props.total}
      className={`log-row level-${line.level}${props.selected ? ' selected' : ''}${props.active ? ' active' : ''}`}
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT }}
      onMouseDown={(event) => {
        // Shift-click extends the selection; keep the browser from selecting text across rows.
        if (event.shiftKey) event.preventDefault();
        props.onPick(props.position, event.shiftKey);
      }}
    >
      <time className="log-time" dateTime={new Date(line.time).toISOString()} title={formatExact(line.time)}>
        {formatLineTime(line.time)}
      </time>
      <span className="log-level">{line.level}</span>
      <span className="log-msg" title={line.msg.length > 80 ? line.msg : undefined}>
        {splitMatches(line.msg, query).map((part, i) =>
          part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
        )}
      </span>
    </div>
  );
});
