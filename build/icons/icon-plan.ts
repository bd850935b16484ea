// Every icon file the build produces, as data: which SVG source, what kind of raster, which pixel
// sizes, and where under dist/icons/ it goes. The host finds tray icons by these paths.

/** One tray icon per state the host can show (the tray is a pure function of the host's state). */
export const trayStates = [
  'not-enrolled',
  'connecting',
  'connected-idle',
  'busy',
  'degraded',
  'reconnecting',
  'paused',
  'revoked',
  'error',
] as const;
export type TrayIconState = (typeof trayStates)[number];

/** Sizes Linux trays ask for (GNOME/KDE/XFCE panels); each also gets an @2x file for HiDPI. */
export const linuxTraySizes = [16, 22, 24, 32, 48] as const;
/** Windows notification area at 100–400 % scaling. */
export const windowsTraySizes = [16, 20, 24, 32, 40, 48, 64] as const;
export const macTraySize = 16;
export const appLinuxSizes = [16, 24, 32, 48, 64, 128, 256, 512] as const;
export const appIcoSizes = [16, 24, 32, 48, 64, 128, 256] as const;
/** electron-builder turns a 1024 px PNG into the .icns. */
export const appMacSize = 1024;

export type IconFormat = 'png' | 'template-png' | 'ico';

export interface IconOutput {
  /** Relative to the output folder, with forward slashes. */
  path: string;
  /** Relative to resources/icons/. */
  source: string;
  format: IconFormat;
  /** One size for a PNG; every image of an .ico. */
  sizes: readonly number[];
}

const appSource = 'app.svg';
const traySource = (state: TrayIconState) => `tray/${state}.svg`;

function trayOutputs(state: TrayIconState): IconOutput[] {
  const source = traySource(state);
  return [
    ...linuxTraySizes.flatMap((size): IconOutput[] => [
      { path: `tray/linux/${state}-${size}.png`, source, format: 'png', sizes: [size] },
      { path: `tray/linux/${state}-${size}@2x.png`, source, format: 'png', sizes: [size * 2] },
    ]),
    { path: `tray/windows/${state}.ico`, source, format: 'ico', sizes: windowsTraySizes },
    // Electron treats a file whose name ends in "Template" as a macOS template image.
    { path: `tray/macos/${state}Template.png`, source, format: 'template-png', sizes: [macTraySize] },
    { path: `tray/macos/${state}Template@2x.png`, source, format: 'template-png', sizes: [macTraySize * 2] },
  ];
}

function appOutputs(): IconOutput[] {
  return [
    ...appLinuxSizes.map((size): IconOutput => ({
      path: `app/linux/${size}x${size}.png`,
      source: appSource,
      format: 'png',
      sizes: [size],
    })),
    { path: 'app/app.ico', source: appSource, format: 'ico', sizes: appIcoSizes },
    { path: `app/${appMacSize}x${appMacSize}.png`, source: appSource, format: 'png', sizes: [appMacSize] },
  ];
}

export function iconPlan(): IconOutput[] {
  return [...trayStates.flatMap(trayOutputs), ...appOutputs()];
}
