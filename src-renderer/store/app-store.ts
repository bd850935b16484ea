import { createStore, type StoreApi } from 'zustand/vanilla';
import { createHostApiClient } from '../../src-shared/host-api/client.js';
import type { RendererTransport } from '../transport/renderer-transport.js';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice.js';
import { createEnrollmentSlice, type EnrollmentSlice } from './enrollment-slice.js';
import { createJobsSlice, type JobsSlice } from './jobs-slice.js';
import { createLogsSlice, type LogsSlice } from './logs-slice.js';
import { createMetricsSlice, type MetricsSlice } from './metrics-slice.js';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice.js';
import { createSettingsSlice, type SettingsSlice } from './settings-slice.js';

export type AppState = ConnectionSlice &
  MetricsSlice &
  LogsSlice &
  JobsSlice &
  EnrollmentSlice &
  SettingsSlice &
  NavigationSlice;

export interface AppStore {
  store: StoreApi<AppState>;
  /** Unhooks the host's events and closes the transport. */
  dispose(): void;
}

/**
 * One store, one slice per domain, each fed by host API events. Whenever the link (re)opens, the
 * snapshot, metric history and open log feeds are fetched again, so a reconnect never leaves the
 * UI showing what happened before the gap as if it were current.
 */
export function createAppStore(transport: RendererTransport, now: () => number = Date.now): AppStore {
  const client = createHostApiClient(transport);
  const store = createStore<AppState>()((set, get) => {
    const api = { set, get, client, now };
    return {
      ...createConnectionSlice(api, transport.link()),
      ...createMetricsSlice(api),
      ...createLogsSlice(api),
      ...createJobsSlice(api),
      ...createEnrollmentSlice(api),
      ...createSettingsSlice(api),
      ...createNavigationSlice(api),
    };
  });
  const state = () => store.getState();

  const refreshAll = () => {
    void state().refreshSnapshot();
    void state().loadHistory();
    for (const key of Object.keys(state().feeds) as (keyof AppState['feeds'])[]) void state().openFeed(key);
  };

  const unhook = [
    client.on('snapshot', (snapshot) => state().receiveSnapshot(snapshot)),
    client.on('metricSample', (sample) => state().addSample(sample)),
    client.on('logLines', (event) => state().receiveLogLines(event)),
    client.on('enrollProgress', ({ checks }) => state().receiveProgress(checks)),
    client.on('openView', (event) => state().receiveOpenView(event)),
    transport.onLink((link) => {
      state().setLink(link);
      if (link.state === 'open') refreshAll();
    }),
  ];
  if (transport.link().state === 'open') refreshAll();

  return {
    store,
    dispose() {
      for (const off of unhook) off();
      transport.close();
    },
  };
}
