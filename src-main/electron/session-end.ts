/** Why a Windows session ends, as Electron's WindowSessionEndEvent lists it. */
export type SessionEndReason = 'shutdown' | 'close-app' | 'critical' | 'logoff';

export interface SessionEndEvent {
  reasons: SessionEndReason[];
  preventDefault(): void;
}

/** A window that receives Windows' WM_QUERYENDSESSION / WM_ENDSESSION (Electron: BaseWindow). */
export interface SessionEndWindow {
  on(event: 'query-session-end' | 'session-end', listener: (event: SessionEndEvent) => void): unknown;
}

/** Electron's powerMonitor: `shutdown` on Linux and macOS; preventDefault delays the shutdown. */
export interface ShutdownSource {
  on(event: 'shutdown', listener: (event?: { preventDefault(): void }) => void): unknown;
}

export interface SessionEndDeps {
  platform: NodeJS.Platform;
  /** Windows: a hidden window that exists for the app's whole life (the UI window may be closed). */
  createWindow(): SessionEndWindow;
  powerMonitor: ShutdownSource;
  /** Are jobs running now (worth holding the session end for)? */
  jobsRunning(): boolean;
  /** Cancels the running jobs, has them reported and stops the worker (QuitSequence.endSession). */
  endSession(): Promise<void>;
  /** Quits the app once the worker is down. */
  quit(): void;
  log(message: string): void;
}

/**
 * `before-quit` is not emitted when Windows ends the session, nor reliably on a Linux or macOS
 * shutdown; these events are. The jobs that run then are cancelled and reported ended (with the
 * reason in the host log) before the app quits, instead of being found lost later.
 */
export function watchSessionEnd(deps: SessionEndDeps): void {
  let started = false;
  const end = (why: string) => {
    if (started) return;
    started = true;
    deps.log(`${why}: cancelling the running jobs, reporting them and stopping the worker`);
    void deps.endSession().then(() => deps.quit());
  };

  if (deps.platform === 'win32') {
    const window = deps.createWindow();
    // Windows asks first: holding it (the "app is preventing shutdown" screen) is worth it only while
    // jobs run; the app quits as soon as they are reported, and Windows carries on.
    window.on('query-session-end', (event) => {
      if (deps.jobsRunning()) event.preventDefault();
      end(windowsReason(event.reasons));
    });
    // The session is ending now and cannot be held; start (or keep) reporting.
    window.on('session-end', (event) => end(windowsReason(event.reasons)));
    return;
  }
  deps.powerMonitor.on('shutdown', (event) => {
    if (deps.jobsRunning()) event?.preventDefault();
    end('the computer is shutting down');
  });
}

function windowsReason(reasons: readonly SessionEndReason[]): string {
  if (reasons.includes('logoff')) return 'Windows is signing the user out';
  if (reasons.includes('close-app')) return 'Windows asked the app to close (an installer or update)';
  if (reasons.includes('critical')) return 'Windows is ending the session at once (critical)';
  return 'Windows is shutting down';
}
