import { findDeepLinkArg } from './deep-link.js';

/** What opening the app asks for: show the window, or open a `planasonix://` link in it. */
export type OpenRequest = { kind: 'window' } | { kind: 'link'; url: string };

/**
 * Holds what the OS asked the app to open before the shell could (macOS sends `open-url` before
 * `ready`; the first instance's own argv is read at start), then hands each one to the shell.
 */
export class OpenInbox {
  private handler: ((request: OpenRequest) => void) | null = null;
  private readonly early: OpenRequest[] = [];

  deliver(request: OpenRequest): void {
    if (this.handler === null) this.early.push(request);
    else this.handler(request);
  }

  ready(handler: (request: OpenRequest) => void): void {
    this.handler = handler;
    for (const request of this.early.splice(0)) handler(request);
  }
}

export interface PreventableEvent {
  preventDefault(): void;
}

/** The `app` events the shell listens to (Electron's App, typed loosely so it can be stood in for). */
export interface AppEventSource {
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  on(event: 'activate' | 'window-all-closed', listener: () => void): unknown;
}

/**
 * Every way the OS asks a running app to show itself reaches the inbox:
 * - `open-url` (macOS): a planasonix:// link;
 * - `second-instance` (Windows, Linux, and a second launch anywhere): its argv, link or not;
 * - `activate` (macOS): launched again from Finder, Spotlight or Launchpad. With no Dock icon
 *   (LSUIElement) the tray is otherwise the only way back, so the window shows.
 * Closing the window never quits: the agent keeps running in the tray (Quit is in its menu).
 */
export function routeOpenRequests(app: AppEventSource, inbox: OpenInbox): void {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    inbox.deliver({ kind: 'link', url });
  });
  app.on('second-instance', (_event, argv) => {
    const url = findDeepLinkArg(argv);
    inbox.deliver(url === null ? { kind: 'window' } : { kind: 'link', url });
  });
  app.on('activate', () => inbox.deliver({ kind: 'window' }));
  app.on('window-all-closed', () => {
    // Registered so Electron does not quit when the last window closes.
  });
}
