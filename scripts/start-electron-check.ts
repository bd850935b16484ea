// Can the desktop app start on this machine? Answered from files and the environment only: never by
// require('electron'), which on a machine without its binary tries to download it and waits.

export interface ElectronCheckInput {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** node_modules/electron, where path.txt and dist/ live. */
  electronPackageDir: string;
  readText(path: string): string | null;
  isFile(path: string): boolean;
}

export type ElectronCheck = { ok: true; binary: string } | { ok: false; reason: string };

/**
 * The binary is `dist/<path.txt>` inside the electron package (or under ELECTRON_OVERRIDE_DIST_PATH),
 * as the package itself resolves it. Linux also needs a display: X11 or Wayland.
 */
export function checkElectron(input: ElectronCheckInput): ElectronCheck {
  const separator = input.platform === 'win32' ? '\\' : '/';
  const join = (...parts: string[]) => parts.map((part) => part.replace(/[\\/]+$/, '')).join(separator);
  const relative = input.readText(join(input.electronPackageDir, 'path.txt'))?.trim() ?? '';
  const override = nonEmpty(input.env.ELECTRON_OVERRIDE_DIST_PATH);
  if (relative === '' && override === null) {
    return {
      ok: false,
      reason: 'its binary was never downloaded (node_modules/electron/path.txt is missing)',
    };
  }
  const binary =
    override !== null
      ? join(override, relative === '' ? defaultBinaryName(input.platform) : relative)
      : join(input.electronPackageDir, 'dist', relative);
  if (!input.isFile(binary)) return { ok: false, reason: `its binary is missing (${binary})` };
  if (
    input.platform === 'linux' &&
    nonEmpty(input.env.DISPLAY) === null &&
    nonEmpty(input.env.WAYLAND_DISPLAY) === null
  ) {
    return { ok: false, reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { ok: true, binary };
}

function defaultBinaryName(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
