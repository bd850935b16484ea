import { join } from 'node:path';

/**
 * electron-builder's appId: the Windows AppUserModelID of the Start-menu shortcut the MSI installs
 * (System.AppUserModel.ID), the macOS bundle id and the LaunchAgent label. Windows shows a
 * notification only for an app whose process declares the AppUserModelID of an installed shortcut.
 */
export const APP_ID = 'com.planasonix.agent';

/** Electron's own user data (Chromium profile, `Local State` with the DPAPI-wrapped safeStorage key). */
export const ELECTRON_USER_DATA_FOLDER = 'electron';

export interface AppIdentityTarget {
  setAppUserModelId(id: string): void;
  setPath(name: 'userData', path: string): void;
}

/**
 * Runs first, before the single-instance lock (which lives in user data) and before any
 * notification. User data goes inside the host's data folder rather than the folder Electron derives
 * from productName, so one settled folder holds all of a host's state (and one fresh folder is one
 * fresh host: the desktop tests rely on it).
 */
export function applyAppIdentity(app: AppIdentityTarget, platform: NodeJS.Platform, dataDir: string): void {
  app.setPath('userData', join(dataDir, ELECTRON_USER_DATA_FOLDER));
  // Windows only (Electron 45: @platform win32); elsewhere notifications need no such id.
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
}
