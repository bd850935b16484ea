import type { PauseLength } from '../../src-shared/host-api/pause.js';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';
import type { LinkState } from '../transport/renderer-transport.js';
import { toUiError, type SliceApi, type UiError } from './slice-api.js';

export type HostAction = 'pause' | 'resume' | 'restartWorker';

export interface ConnectionSlice {
  link: LinkState;
  /** The host's last full snapshot; null until the first one arrives. */
  snapshot: HostSnapshot | null;
  snapshotError: UiError | null;
  /** The status-view action in flight, and the last one's failure. */
  actionRunning: HostAction | null;
  actionError: UiError | null;
  setLink: (link: LinkState) => void;
  receiveSnapshot: (snapshot: HostSnapshot) => void;
  refreshSnapshot: () => Promise<void>;
  /** `pauseFor` says how long a `pause` lasts (default: until resumed). */
  runAction: (action: HostAction, pauseFor?: PauseLength) => Promise<void>;
}

export function createConnectionSlice(api: SliceApi<ConnectionSlice>, link: LinkState): ConnectionSlice {
  const { set, get, client } = api;
  return {
    link,
    snapshot: null,
    snapshotError: null,
    actionRunning: null,
    actionError: null,
    setLink: (next) => set({ link: next }),
    receiveSnapshot: (snapshot) => set({ snapshot, snapshotError: null }),
    async refreshSnapshot() {
      try {
        get().receiveSnapshot(await client.snapshot());
      } catch (error) {
        set({ snapshotError: toUiError(error) });
      }
    },
    async runAction(action, pauseFor = 'indefinitely') {
      if (get().actionRunning !== null) return;
      set({ actionRunning: action, actionError: null });
      try {
        if (action === 'pause') await client.pause({ for: pauseFor });
        else await client[action]();
      } catch (error) {
        set({ actionError: toUiError(error) });
      } finally {
        set({ actionRunning: null });
      }
    },
  };
}
