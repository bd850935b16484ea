import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, Notification, safeStorage } from 'electron';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';
import { defaultDataDir } from '../../src-shared/platform/data-dir.js';
import { createSystemClock } from '../core/clock.js';
import { createHostCore } from '../core/host-core.js';
import { runCommand } from '../core/os/run-command.js';
import { applyStartAtLogin, startAtLoginPlan } from '../core/os/start-at-login.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { DEEP_LINK_SCHEME, findDeepLinkArg, parseEnrollLink } from './deep-link.js';
import { ElectronStoreSettings } from './electron-store-settings.js';
import { ElectronTray } from './electron-tray.js';
import { hardenWebContents } from './harden-web-contents.js';
import { registerHostApiIpc } from './ipc-host-bridge.js';
import { MainWindow } from './main-window.js';
import { notificationsFor } from './notifications.js';
import { QuitSequence } from './quit-sequence.js';
import { SafeStorageSecretStore } from './safe-storage-secret-store.js';
import { runTrayAction } from './tray-actions.js';
import { createUtilityProcessLauncher } from './utility-process-launcher.js';

/** This bundle is dist/main/index.js; the app's other bundles sit beside it under dist/. */
const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = join(appRoot, 'dist');
/** Started by the login item: tray only, no window. */
const HIDDEN_FLAG = '--hidden';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it receives our argv (and any deep link) through 'second-instance'.
  app.quit();
} else {
  let openLink: ((url: string) => void) | null = null;
  const early: string[] = [];
  // macOS delivers links by event, possibly before ready: keep them until the window can open.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (openLink === null) early.push(url);
    else openLink(url);
  });
  app.on('second-instance', (_event, argv) => {
    const link = findDeepLinkArg(argv);
    if (openLink !== null) openLink(link ?? '');
  });
  app
    .whenReady()
    .then(() => {
      openLink = start();
      const link = findDeepLinkArg(process.argv);
      if (link !== null) early.push(link);
      for (const url of early.splice(0)) openLink(url);
    })
    .catch((error: unknown) => {
      dialog.showErrorBox(
        'Planasonix Agent could not start',
        error instanceof Error ? error.message : String(error),
      );
      app.exit(1);
    });
}

/** Wires the host core and the shell; returns how to open a deep link (or '' to just show the window). */
function start(): (url: string) => void {
  // In development (`electron dist/main/index.js`) the link must re-launch electron with the script.
  // Electronegativity asks for a review of protocol handlers: planasonix:// links are parsed by
  // parseEnrollLink (unit-tested, refuses anything but a well-formed enroll link) and only prefill
  // the enroll view, where the user must confirm before the token is spent.
  if (process.defaultApp && process.argv[1] !== undefined) {
    const script = resolve(process.argv[1]);
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [script]); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  }
  const clock = createSystemClock();
  const dataDir =
    process.env.PLANASONIX_DATA_DIR ??
    defaultDataDir({
      platform: process.platform,
      env: process.env,
      homeDir: homedir(),
      appName: 'planasonix-agent-host',
    });
  const settings = new ElectronStoreSettings(dataDir);
  const loginCommand = process.defaultApp
    ? [process.execPath, resolve(process.argv[1] ?? '.'), HIDDEN_FLAG]
    : [process.execPath, HIDDEN_FLAG];
  const host = createHostCore({
    dataDir,
    appVersion: appVersion(),
    clock,
    settings,
    secrets: new SafeStorageSecretStore(join(dataDir, 'secrets'), safeStorage, process.platform),
    launcher: (args) => createUtilityProcessLauncher({ modulePath: join(distDir, 'agent', 'main.js'), args }),
    startAtLoginCommand: loginCommand,
    apiHost: process.env.PLANASONIX_API_HOST ?? null,
  });

  const rendererDir = join(distDir, 'renderer');
  serveRenderer(rendererDir);
  hardenWebContents(rendererDir, (what) => host.hostLog('warn', what));
  const window = new MainWindow({
    preloadPath: join(distDir, 'preload', 'index.cjs'),
    iconPath:
      process.platform === 'linux' ? join(distDir, 'icons', 'app', 'linux', '256x256.png') : undefined,
    onLoadError: (message) => host.hostLog('error', `the window could not load the UI: ${message}`),
  });
  registerHostApiIpc({
    dispatch: host.dispatch,
    windowWebContentsId: () => window.webContentsId(),
    onRefused: (detail) => host.hostLog('warn', detail),
  });

  const quit = new QuitSequence({
    clock,
    pause: async () => void (await host.service.pauseForQuit()),
    activeJobs: () => host.service.snapshot().worker?.activeJobs ?? 0,
    onChange: (listener) => host.service.on((event) => event === 'snapshot' && listener()),
    stopWorker: (graceMs) => host.supervisor.stop(graceMs),
  });
  const tray = new ElectronTray({
    iconsDir: join(distDir, 'icons'),
    platform: process.platform,
    onAction: (action) =>
      void runTrayAction(action, {
        openWindow: (view) => window.show({ view, enrollLink: null }),
        dispatch: host.dispatch,
        quit: () => app.quit(),
        reportFailure: (what, message) => notify(`${what} failed`, message),
      }),
  });

  let previous: HostSnapshot | null = null;
  const render = (snapshot: HostSnapshot) => {
    tray.update(snapshot, settings.get(), clock.now());
    for (const note of notificationsFor(previous, snapshot, settings.get())) notify(note.title, note.body);
    previous = snapshot;
  };
  host.service.on((event, payload) => {
    window.sendEvent({ event, payload });
    if (event === 'snapshot') render(payload as HostSnapshot);
  });
  render(host.service.snapshot());

  app.on('window-all-closed', () => {
    // Closing the window leaves the agent running in the tray; Quit is in the tray menu.
  });
  app.on('before-quit', (event) => {
    if (quit.current() === 'done') return;
    event.preventDefault();
    void quit.run(settings.get().quitGraceSeconds * 1000).then(() => {
      tray.destroy();
      host.logs.close();
      app.quit();
    });
  });

  host.supervisor.start();
  void host.service.enrollFromInstaller();
  if (app.isPackaged) syncStartAtLogin(loginCommand, settings.get().startAtLogin, host.hostLog);
  if (!process.argv.includes(HIDDEN_FLAG)) window.show({ view: 'status', enrollLink: null });

  return (url) => {
    if (url === '') return window.show({ view: 'status', enrollLink: null });
    const parsed = parseEnrollLink(url);
    if (parsed.ok) return window.show({ view: 'enroll', enrollLink: parsed.link });
    host.hostLog('warn', parsed.error);
    window.show({ view: 'enroll', enrollLink: null });
    void dialog.showMessageBox({ type: 'warning', title: 'Enrollment link', message: parsed.error });
  };
}

/**
 * The host applies start-at-login when the setting changes; an installed app also makes the OS
 * agree with the setting at each start (the default is on, and an update may move the binary).
 */
function syncStartAtLogin(
  command: readonly string[],
  enabled: boolean,
  hostLog: (level: 'warn', msg: string) => void,
): void {
  const plan = startAtLoginPlan({
    platform: process.platform,
    env: process.env,
    homeDir: homedir(),
    command,
  });
  applyStartAtLogin(plan, enabled, { run: runCommand }).catch((error: unknown) => {
    hostLog('warn', `could not ${enabled ? 'turn on' : 'turn off'} start at login: ${String(error)}`);
  });
}

function notify(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body, silent: false }).show();
}

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : app.getVersion();
  } catch {
    return app.getVersion();
  }
}
