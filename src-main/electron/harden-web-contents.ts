import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, session } from 'electron';
import { isAppUrl } from './app-origin.js';

/** The one permission the UI uses: the Logs view's Copy (`navigator.clipboard.writeText`). */
export const ALLOWED_PERMISSION = 'clipboard-sanitized-write';

/** Who asks for a permission, as Electron's request and check handlers describe the frame. */
export interface PermissionAsker {
  requestingUrl: string | undefined;
  isMainFrame: boolean;
  /** Set only for a cross-origin sub frame. */
  embeddingOrigin?: string | undefined;
}

/** Sanitized clipboard writes for our own app://renderer top frame; nothing else, for nobody else. */
export function isPermissionAllowed(permission: string, asker: PermissionAsker): boolean {
  return (
    permission === ALLOWED_PERMISSION &&
    asker.isMainFrame &&
    asker.embeddingOrigin === undefined &&
    asker.requestingUrl !== undefined &&
    isAppUrl(asker.requestingUrl)
  );
}

/**
 * Locks every web contents the app ever creates: no new windows, no navigation away from app://,
 * no <webview>, every permission (camera, notifications, geolocation, clipboard reads…) denied but
 * sanitized clipboard writes from our own page, and no request to anything but the app's own pages
 * (no remote content).
 */
export function hardenWebContents(rendererDir: string, onBlocked: (what: string) => void): void {
  // app:// is answered by fetching the renderer's files, which passes through this filter too.
  const rendererFiles = pathToFileURL(rendererDir.endsWith(sep) ? rendererDir : `${rendererDir}${sep}`).href;
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details);
    if (!allowed) onBlocked(`denied a permission request: ${permission}`);
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, {
      ...details,
      requestingUrl: details.requestingUrl ?? requestingOrigin,
    }),
  );
  ses.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    const allowed =
      isAppUrl(details.url) || details.url.startsWith(rendererFiles) || details.url.startsWith('devtools://');
    if (!allowed) onBlocked(`blocked a request to ${originOf(details.url)}`);
    callback({ cancel: !allowed });
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      onBlocked(`refused to open a window for ${originOf(url)}`);
      return { action: 'deny' };
    });
    const stayHome = (event: { preventDefault(): void }, url: string) => {
      if (isAppUrl(url)) return;
      event.preventDefault();
      onBlocked(`refused to navigate to ${originOf(url)}`);
    };
    contents.on('will-navigate', stayHome);
    contents.on('will-redirect', stayHome);
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      onBlocked('refused to attach a <webview>');
    });
  });
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an invalid URL';
  }
}
