/** "7 min 3 s" — skews are read by people deciding whether to fix a clock. */
export function formatDuration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h ? `${h} h` : '', m ? `${m} min` : '', s || (!h && !m) ? `${s} s` : ''];
  return parts.filter(Boolean).join(' ');
}

/**
 * The local clock's offset from the server's, given the server's time read from an answer that took
 * `sentAt`..`receivedAt` locally: the server stamped it somewhere in between, so the midpoint is the
 * best guess. The server's time has whole seconds, hence the extra half second of slack.
 */
export function clockSkewMs(serverTime: number, sentAt: number, receivedAt: number): number {
  return (sentAt + receivedAt) / 2 - serverTime;
}

export function describeSkew(skewMs: number, toleranceMs: number): { ok: boolean; detail: string } {
  const within = Math.abs(skewMs) <= toleranceMs + 500;
  if (Math.abs(skewMs) < 1_000) return { ok: true, detail: 'this machine’s clock agrees with the server’s' };
  const side = skewMs > 0 ? 'ahead of' : 'behind';
  const detail = `this machine’s clock is ${formatDuration(skewMs)} ${side} the server’s (tolerance ${formatDuration(toleranceMs)})`;
  return {
    ok: within,
    detail: within ? detail : `${detail}: set the clock right (enable NTP) and try again`,
  };
}
