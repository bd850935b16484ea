// Chromium as every browser test here launches it: Debian's on Linux (no `playwright install`:
// nothing may be downloaded on our machines), on Windows and macOS the browser `playwright install`
// fetched; CHROMIUM_PATH overrides either. Without the background-networking flags Chromium keeps
// dialling hosts it cannot reach.
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath:
    process.env.CHROMIUM_PATH ?? (process.platform === 'linux' ? '/usr/bin/chromium' : undefined),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
