import { LOGS_MAX_LIMIT } from '../../src-shared/host-api/logs.js';
import type { LogLine, LogLinesEvent, LogSource } from '../../src-shared/host-api/logs.js';
import { toUiError, type SliceApi, type UiError } from './slice-api.js';

/** `host`, `agent`, or `job:<jobId>`: one live log the UI is showing. */
export type FeedKey = 'host' | 'agent' | `job:${string}`;

export interface LogFeed {
  status: 'loading' | 'ready' | 'error';
  /** Oldest first. */
  lines: LogLine[];
  /** Null once the start of the log is loaded. */
  olderCursor: string | null;
  loadingOlder: boolean;
  error: UiError | null;
}

/** Memory bound per feed: past this, the oldest lines are dropped (they stay in the host's files). */
export const MAX_FEED_LINES = 200_000;

export interface LogsSlice {
  feeds: Partial<Record<FeedKey, LogFeed>>;
  openFeed: (key: FeedKey) => Promise<void>;
  loadOlder: (key: FeedKey) => Promise<void>;
  receiveLogLines: (event: LogLinesEvent) => void;
}

export function feedKeyOf(source: LogSource, jobId: string | null): FeedKey {
  return source === 'job' ? `job:${jobId ?? ''}` : source;
}

function paramsOf(key: FeedKey) {
  return key.startsWith('job:')
    ? { source: 'job' as const, jobId: key.slice('job:'.length) }
    : { source: key as 'host' | 'agent' };
}

function capped(lines: LogLine[]): LogLine[] {
  return lines.length > MAX_FEED_LINES ? lines.slice(lines.length - MAX_FEED_LINES) : lines;
}

/** A feed that keeps the lines it has and starts over from the newest page. */
function keptLines(feed: LogFeed | undefined, status: LogFeed['status'], error: UiError | null): LogFeed {
  return { status, lines: feed?.lines ?? [], olderCursor: null, loadingOlder: false, error };
}

export function createLogsSlice(api: SliceApi<LogsSlice>): LogsSlice {
  const { set, get, client } = api;
  const patchFeed = (key: FeedKey, patch: (feed: LogFeed | undefined) => LogFeed | undefined) =>
    set((state) => {
      const next = patch(state.feeds[key]);
      return next === undefined ? {} : { feeds: { ...state.feeds, [key]: next } };
    });

  return {
    feeds: {},
    async openFeed(key) {
      // Lines pushed from here on arrive while the page is in flight; the page replaces the rest.
      const pushedFrom = get().feeds[key]?.lines.length ?? 0;
      patchFeed(key, (feed) => keptLines(feed, 'loading', null));
      try {
        const page = await client.logs({ ...paramsOf(key), limit: LOGS_MAX_LIMIT });
        patchFeed(key, (feed) => {
          // Lines pushed live while the page was in flight: keep those the page does not hold.
          const inPage = new Set(page.lines.map((l) => l.cursor));
          const live = (feed?.lines ?? []).slice(pushedFrom).filter((l) => !inPage.has(l.cursor));
          return {
            status: 'ready',
            lines: capped([...page.lines, ...live]),
            olderCursor: page.olderCursor,
            loadingOlder: false,
            error: null,
          };
        });
      } catch (error) {
        const failure = toUiError(error);
        // The host writes a job's log file with its first line: a job that has printed nothing yet
        // has an empty log, not a broken one. Its lines arrive as live events.
        const notWrittenYet = key.startsWith('job:') && failure.code === 'not_found';
        patchFeed(key, (feed) =>
          notWrittenYet ? keptLines(feed, 'ready', null) : keptLines(feed, 'error', failure),
        );
      }
    },
    async loadOlder(key) {
      const feed = get().feeds[key];
      if (feed?.status !== 'ready' || feed.olderCursor === null || feed.loadingOlder) return;
      const before = feed.olderCursor;
      patchFeed(key, (f) => f && { ...f, loadingOlder: true });
      try {
        const page = await client.logs({ ...paramsOf(key), before, limit: LOGS_MAX_LIMIT });
        patchFeed(
          key,
          (f) =>
            f && {
              ...f,
              lines: [...page.lines, ...f.lines].slice(0, MAX_FEED_LINES),
              olderCursor: page.olderCursor,
              loadingOlder: false,
            },
        );
      } catch (error) {
        patchFeed(key, (f) => f && { ...f, loadingOlder: false, error: toUiError(error) });
      }
    },
    receiveLogLines(event) {
      const key = feedKeyOf(event.source, event.jobId);
      patchFeed(key, (feed) => feed && { ...feed, lines: capped([...feed.lines, ...event.lines]) });
    },
  };
}
