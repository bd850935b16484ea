import type { TrayState } from './tray-state.js';

/** The Linux tray size we load; Electron picks the `@2x` file beside it on HiDPI screens. */
export const LINUX_TRAY_SIZE = 22;

/**
 * Where `npm run icons` (build/icons/icon-plan.ts) puts a state's tray icon, under `dist/icons/`:
 * a multi-size .ico on Windows, a template image on macOS (the menu bar recolours it), a PNG on Linux.
 */
export function trayIconPath(iconsDir: string, state: TrayState, platform: NodeJS.Platform): string {
  const dir = iconsDir.replace(/[\\/]+$/, '');
  if (platform === 'win32') return `${dir}/tray/windows/${state}.ico`;
  if (platform === 'darwin') return `${dir}/tray/macos/${state}Template.png`;
  return `${dir}/tray/linux/${state}-${LINUX_TRAY_SIZE}.png`;
}
