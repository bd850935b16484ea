import type { HealthSample } from '../../src-shared/host-api/health.js';
import { toUiError, type SliceApi, type UiError } from './slice-api.js';

/** The plots show the last 15 minutes. */
export const METRIC_WINDOW_MS = 15 * 60_000;

export interface MetricsSlice {
  /** Oldest first, only the last METRIC_WINDOW_MS. */
  samples: HealthSample[];
  metricsError: UiError | null;
  addSample: (sample: HealthSample) => void;
  loadHistory: () => Promise<void>;
}

export function createMetricsSlice(api: SliceApi<MetricsSlice>): MetricsSlice {
  const { set, client, now } = api;
  const keepWindow = (samples: HealthSample[]): HealthSample[] => {
    const since = now() - METRIC_WINDOW_MS;
    return samples.filter((s) => s.at >= since);
  };
  return {
    samples: [],
    metricsError: null,
    addSample: (sample) =>
      set((state) => {
        const last = state.samples.at(-1);
        if (last !== undefined && sample.at <= last.at) return {};
        return { samples: keepWindow([...state.samples, sample]) };
      }),
    async loadHistory() {
      try {
        const { samples } = await client.metricHistory({ minutes: METRIC_WINDOW_MS / 60_000 });
        // Samples pushed while the history was in flight are kept: merge by time, oldest first.
        set((state) => {
          const byTime = new Map<number, HealthSample>();
          for (const s of [...samples, ...state.samples]) byTime.set(s.at, s);
          const merged = [...byTime.values()].sort((a, b) => a.at - b.at);
          return { samples: keepWindow(merged), metricsError: null };
        });
      } catch (error) {
        set({ metricsError: toUiError(error) });
      }
    },
  };
}
