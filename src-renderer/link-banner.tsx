import { useApp } from './store/store-context.js';
import { Busy } from './ui/feedback.js';
import { formatRelative } from './ui/format.js';
import { useNow } from './ui/use-now.js';

/** The link to the host app itself (not the agent's link to the control plane); silent while open. */
export function LinkBanner() {
  const link = useApp((s) => s.link);
  const now = useNow();
  if (link.state === 'open') return null;
  if (link.state === 'connecting') {
    return (
      <div className="banner">
        <Busy label="Connecting to the host app…" />
      </div>
    );
  }
  if (link.state === 'failed') {
    return (
      <div className="banner banner-error" role="alert">
        {link.reason}
      </div>
    );
  }
  return (
    <div className="banner banner-warn" role="status">
      Lost the host app: {link.reason}. Trying again {formatRelative(link.nextRetryAt, now)} (attempt{' '}
      {link.attempt}); what is shown may be out of date.
    </div>
  );
}
