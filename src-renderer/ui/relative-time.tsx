import { formatExact, formatRelative } from './format.js';
import { useNow } from './use-now.js';

/** "12 s ago", with the exact time on hover and for assistive technology. */
export function RelativeTime({ at }: { at: number }) {
  const now = useNow();
  const exact = formatExact(at);
  return (
    <time className="relative-time" dateTime={new Date(at).toISOString()} title={exact}>
      {formatRelative(at, now)}
    </time>
  );
}
