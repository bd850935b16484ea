import { toUiError, type SliceApi, type UiError } from './slice-api.js';

export interface JobsSlice {
  selectedJobId: string | null;
  cancelling: string | null;
  cancelError: UiError | null;
  /** Job ids whose cancel the host accepted; the snapshot says when the job really ended. */
  cancelRequested: string[];
  selectJob: (jobId: string | null) => void;
  cancelJob: (jobId: string) => Promise<void>;
}

export function createJobsSlice(api: SliceApi<JobsSlice>): JobsSlice {
  const { set, get, client } = api;
  return {
    selectedJobId: null,
    cancelling: null,
    cancelError: null,
    cancelRequested: [],
    selectJob: (jobId) => set({ selectedJobId: jobId, cancelError: null }),
    async cancelJob(jobId) {
      if (get().cancelling !== null) return;
      set({ cancelling: jobId, cancelError: null });
      try {
        await client.cancelJob({ jobId });
        set((state) => ({ cancelRequested: [...state.cancelRequested, jobId] }));
      } catch (error) {
        set({ cancelError: toUiError(error) });
      } finally {
        set({ cancelling: null });
      }
    },
  };
}
