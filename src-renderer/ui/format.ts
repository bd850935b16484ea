/** "12 s ago", "3 min ago", "2 h ago", "4 d ago"; "in 5 s" for the future. */
export function formatRelative(at: number, now: number): string {
  const deltaS = Math.round((now - at) / 1000);
  const future = deltaS < 0;
  const s = Math.abs(deltaS);
  const amount =
    s < 60
      ? `${s} s`
      : s < 3600
        ? `${Math.floor(s / 60)} min`
        : s < 86_400
          ? `${Math.floor(s / 3600)} h`
          : `${Math.floor(s / 86_400)} d`;
  if (s === 0) return 'just now';
  return future ? `in ${amount}` : `${amount} ago`;
}

const EXACT = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The exact local time, for the hover text (one formatter: log rows call this for every visible line). */
export function formatExact(at: number): string {
  return EXACT.format(at);
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function formatPercent(value: number | null): string {
  return value === null ? 'unknown' : `${value.toFixed(0)} %`;
}
