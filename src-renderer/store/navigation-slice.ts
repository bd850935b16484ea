import type { OpenViewEvent } from '../../src-shared/host-api/events.js';
import type { SliceApi } from './slice-api.js';

export type ViewName = 'status' | 'enroll' | 'jobs' | 'logs' | 'settings';

export type EnrollLink = NonNullable<OpenViewEvent['enrollLink']>;

export interface NavigationSlice {
  view: ViewName;
  /**
   * A `planasonix://enroll` link the shell passed on, waiting for the enroll form to take it. The form
   * only prefills from it: nothing is redeemed until the user presses enroll.
   */
  pendingEnrollLink: EnrollLink | null;
  openView: (view: ViewName) => void;
  receiveOpenView: (event: OpenViewEvent) => void;
  /** Hands the pending link to the enroll form once, and forgets it. */
  takeEnrollLink: () => EnrollLink | null;
}

export function createNavigationSlice(api: SliceApi<NavigationSlice>): NavigationSlice {
  const { set, get } = api;
  return {
    view: 'status',
    pendingEnrollLink: null,
    openView: (view) => set({ view }),
    receiveOpenView: ({ view, enrollLink }) =>
      set(enrollLink !== null ? { view: 'enroll', pendingEnrollLink: enrollLink } : { view }),
    takeEnrollLink: () => {
      const link = get().pendingEnrollLink;
      if (link !== null) set({ pendingEnrollLink: null });
      return link;
    },
  };
}
