import type { HostApiResponse } from '../../src-shared/host-api/envelope.js';
import type { ShellView } from '../../src-shared/host-api/events.js';
import type { TrayAction } from './tray-menu.js';

export interface TrayActionDeps {
  openWindow(view: ShellView): void;
  /** A host API call through the same validating dispatcher the window uses. */
  dispatch: (request: { id: string; method: string; params?: unknown }) => Promise<HostApiResponse>;
  quit(): void;
  /** Tells the user an action failed (a notification or dialog). */
  reportFailure(what: string, message: string): void;
}

/** Carries out one tray menu action; a refused host call is reported, never thrown into Electron. */
export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  switch (action.type) {
    case 'open-window':
      deps.openWindow(action.view);
      return;
    case 'quit':
      deps.quit();
      return;
    case 'pause':
      await call(deps, 'Pause', 'pause', { for: action.for });
      return;
    case 'resume':
      await call(deps, 'Resume', 'resume', {});
      return;
    case 'set-start-at-login':
      await call(deps, 'Start at login', 'updateSettings', { startAtLogin: action.enabled });
      return;
  }
}

async function call(deps: TrayActionDeps, what: string, method: string, params: unknown): Promise<void> {
  const response = await deps.dispatch({ id: `tray-${method}`, method, params });
  if (!response.ok) deps.reportFailure(what, response.error.message);
}
