import type { EnrollParams } from '../../src-shared/host-api/methods.js';
import type { PreflightCheck } from '../../src-shared/host-api/preflight.js';
import { toUiError, type SliceApi, type UiError } from './slice-api.js';

export type EnrollAttempt =
  | { state: 'idle' }
  | { state: 'running'; apiHost: string }
  | { state: 'failed'; error: UiError }
  | { state: 'succeeded'; agentId: string };

export interface EnrollmentSlice {
  attempt: EnrollAttempt;
  /** The preflight checklist of the running (or last) enrollment, as the host reports it live. */
  checks: PreflightCheck[];
  unenrolling: boolean;
  unenrollError: UiError | null;
  receiveProgress: (checks: PreflightCheck[]) => void;
  /** Resolves true once enrolled; a failure is kept in `attempt`. */
  enroll: (params: EnrollParams) => Promise<boolean>;
  unenroll: () => Promise<boolean>;
  resetAttempt: () => void;
}

export function createEnrollmentSlice(api: SliceApi<EnrollmentSlice>): EnrollmentSlice {
  const { set, get, client } = api;
  return {
    attempt: { state: 'idle' },
    checks: [],
    unenrolling: false,
    unenrollError: null,
    receiveProgress: (checks) => set({ checks }),
    async enroll(params) {
      if (get().attempt.state === 'running') return false;
      set({ attempt: { state: 'running', apiHost: params.apiHost }, checks: [] });
      try {
        const { agentId } = await client.enroll(params);
        set({ attempt: { state: 'succeeded', agentId } });
        return true;
      } catch (error) {
        set({ attempt: { state: 'failed', error: toUiError(error) } });
        return false;
      }
    },
    async unenroll() {
      set({ unenrolling: true, unenrollError: null });
      try {
        await client.unenroll();
        set({ attempt: { state: 'idle' }, checks: [] });
        return true;
      } catch (error) {
        set({ unenrollError: toUiError(error) });
        return false;
      } finally {
        set({ unenrolling: false });
      }
    },
    resetAttempt: () => set({ attempt: { state: 'idle' }, checks: [] }),
  };
}
