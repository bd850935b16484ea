import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, session } from 'electron';
import { isAppUrl } from './app-origin.js';

/**
 * Locks every web contents the app ever creates: no new windows, no navigation away from app://,
 * no <webview>, every permission (camera, notifications, geolocation…) denied, and no request to
 * anything but the app's own pages (no remote content).
 */
export function hardenWebContents(rendererDir: string, onBlocked: (what: string) => void): void {
  // app:// is answered by fetching the renderer's files, which passes through this filter too.
  const rendererFiles = pathToFileURL(rendererDir.endsWith(sep) ? rendererDir : `${rendererDir}${sep}`).href;
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_webContents, permission, callback) => {
    onBlocked(`denied a permission request: ${permission}`);
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
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
