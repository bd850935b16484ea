import { normalize, sep } from 'node:path';

/**
 * The renderer is served from a privileged custom scheme rather than file:// (Electron security
 * checklist): one exact origin that IPC senders and navigations are checked against, and a handler
 * that can only read inside the renderer folder and adds the CSP header itself.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type AppAsset = { ok: true; path: string } | { ok: false; status: 400 | 404 };

/** Maps an `app://renderer/…` URL to a file inside rendererDir, or refuses it. */
export function resolveAppAsset(rendererDir: string, requestUrl: string): AppAsset {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 404 };
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (relative.includes('\0') || relative.includes('\\')) return { ok: false, status: 400 };
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = normalize(rendererDir.endsWith(sep) ? rendererDir : `${rendererDir}${sep}`);
  const path = normalize(`${root}${relative.replace(/^\/+/, '')}`);
  if (!path.startsWith(root)) return { ok: false, status: 404 };
  return { ok: true, path };
}

/** Who sent an IPC message: the webContents id and the URL and place of the sending frame. */
export interface IpcSenderInfo {
  webContentsId: number;
  frameUrl: string | null;
  isMainFrame: boolean;
}

/** Only the top frame of our own window, showing our own origin, may call the host. */
export function isTrustedSender(sender: IpcSenderInfo, windowWebContentsId: number | null): boolean {
  if (windowWebContentsId === null || sender.webContentsId !== windowWebContentsId) return false;
  if (!sender.isMainFrame || sender.frameUrl === null) return false;
  return isAppUrl(sender.frameUrl);
}

/** Navigation stays on the app's own pages; everything else is refused. */
export function isAppUrl(url: string): boolean {
  try {
    // Node's URL reports origin "null" for custom schemes, so compare scheme and host instead.
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '';
  } catch {
    return false;
  }
}
