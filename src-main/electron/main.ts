import { readFileSync } from 'node:fs';
import { homedir, networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BaseWindow,
  dialog,
  Menu,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  safeStorage,
} from 'electron';
import type { HostSnapshot } from '../../src-shared/host-api/snapshot.js';
import { createSystemClock } from '../core/clock.js';
import { createHostCore } from '../core/host-core.js';
import { hostDataDir } from '../core/host-data-dir.js';
import { runCommand } from '../../src-node/processes/run-command.js';
import { applyStartAtLogin, startAtLoginPlan } from '../core/os/start-at-login.js';
import { OpenInbox, routeOpenRequests } from './app-events.js';
import type { OpenRequest } from './app-events.js';
import { applyAppIdentity } from './app-identity.js';
import { appMenuPlan } from './app-menu.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { offerMoveToApplications, startAtLoginBlocked } from './applications-folder.js';
import { findDeepLinkArg, parseEnrollLink } from './deep-link.js';
import { ElectronStoreSettings } from './electron-store-settings.js';
import { combinedPowerSource, networkReturnSource } from '../core/power/network-return.js';
import { electronPowerSource, electronSleepBlocker } from './electron-power.js';
import { ElectronTray } from './electron-tray.js';
import { hardenWebContents } from './harden-web-contents.js';
import { registerHostApiIpc } from './ipc-host-bridge.js';
import { MainWindow } from './main-window.js';
import { notificationsFor } from './notifications.js';
import { protocolClientPlan, registerProtocolClient } from './protocol-client.js';
import { QuitSequence } from './quit-sequence.js';
import { openDesktopSecretStore } from './safe-storage-secret-store.js';
import { watchSessionEnd } from './session-end.js';
import { exposeTestHooks } from './test-hooks.js';
import { runTrayAction } from './tray-actions.js';
import { createUtilityProcessLauncher } from './utility-process-launcher.js';
import { errorMessage } from '../../src-node/error-message.js';
import { type Logger } from '../../src-node/logging/create-logger.js';

/** This bundle is dist/main/index.js; the app's other bundles sit beside it under dist/. */
const appRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = join(appRoot, 'dist');
/** Started by the login item: tray only, no window. */
const HIDDEN_FLAG = '--hidden';
const platform = process.platform;
const dataDir = hostDataDir({ platform, env: process.env, homeDir: homedir() });

// Before anything else: the single-instance lock lives in user data, and Windows shows
// notifications only for a declared AppUserModelID.
applyAppIdentity(app, platform, dataDir);
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it receives our argv (and any deep link) through 'second-instance'.
  app.quit();
} else {
  const inbox = new OpenInbox();
  routeOpenRequests(app, inbox);
  const link = findDeepLinkArg(process.argv);
  if (link !== null) inbox.deliver({ kind: 'link', url: link });
  app
    .whenReady()
    .then(() => inbox.ready(start()))
    .catch((error: unknown) => {
      dialog.showErrorBox('Planasonix Agent could not start', errorMessage(error));
      app.exit(1);
    });
}

/** Wires the host core and the shell; returns how to answer a request to open the app. */
function start(): (request: OpenRequest) => void {
  const menu = appMenuPlan(platform, app.isPackaged);
  if (menu.kind === 'none') Menu.setApplicationMenu(null);
  else if (menu.kind === 'template') Menu.setApplicationMenu(Menu.buildFromTemplate(menu.template));

  const clock = createSystemClock();
  const settings = new ElectronStoreSettings(dataDir);
  const secrets = openDesktopSecretStore(dataDir, safeStorage, platform);
  const loginCommand = process.defaultApp
    ? [process.execPath, resolve(process.argv[1] ?? '.'), HIDDEN_FLAG]
    : [process.execPath, HIDDEN_FLAG];
  const loginBlocked = () => startAtLoginBlocked(platform, app);
  const host = createHostCore({
    dataDir,
    appVersion: appVersion(),
    clock,
    settings,
    secrets,
    launcher: (args) => createUtilityProcessLauncher({ modulePath: join(distDir, 'agent', 'main.js'), args }),
    startAtLoginCommand: loginCommand,
    startAtLoginBlocked: loginBlocked,
    apiHost: process.env.PLANASONIX_API_HOST ?? null,
    power: {
      source: combinedPowerSource(
        electronPowerSource(powerMonitor),
        networkReturnSource(clock, networkInterfaces),
      ),
      blocker: electronSleepBlocker(powerSaveBlocker),
    },
  });
  if (secrets.warning !== null) host.log.warn(secrets.warning);
  host.log.info(
    registerProtocolClient(
      app,
      protocolClientPlan({
        platform,
        isPackaged: app.isPackaged,
        execPath: process.execPath,
        argv: process.argv,
      }),
    ),
  );

  const rendererDir = join(distDir, 'renderer');
  serveRenderer(rendererDir);
  hardenWebContents(rendererDir, (what) => host.log.warn(what));
  const window = new MainWindow({
    preloadPath: join(distDir, 'preload', 'index.cjs'),
    iconPath: platform === 'linux' ? join(distDir, 'icons', 'app', 'linux', '256x256.png') : undefined,
    onLoadError: (message) => host.log.error(`the window could not load the UI: ${message}`),
    devTools: !app.isPackaged,
  });
  registerHostApiIpc({
    dispatch: host.dispatch,
    windowWebContentsId: () => window.webContentsId(),
    onRefused: (detail) => host.log.warn(detail),
  });

  const activeJobs = () => host.service.snapshot().worker?.activeJobs ?? 0;
  const quit = new QuitSequence({
    clock,
    pause: async () => void (await host.service.pauseForQuit()),
    activeJobs,
    onChange: (listener) => host.service.on((event) => event === 'snapshot' && listener()),
    stopWorker: (graceMs, marginMs) => host.supervisor.close(graceMs, marginMs),
  });
  const tray = new ElectronTray({
    iconsDir: join(distDir, 'icons'),
    platform,
    onAction: (action) =>
      runTrayAction(action, {
        openWindow: (view) => window.show({ view, enrollLink: null }),
        dispatch: host.dispatch,
        quit: () => app.quit(),
        reportFailure: (what, message) => notify(`${what} failed`, message),
      }),
    settings: () => host.service.settings(),
    now: () => clock.now(),
  });

  let previous: HostSnapshot | null = null;
  const render = (snapshot: HostSnapshot) => {
    tray.update(snapshot);
    for (const note of notificationsFor(previous, snapshot, settings.get())) notify(note.title, note.body);
    previous = snapshot;
  };
  host.service.on((event, payload) => {
    window.sendEvent({ event, payload });
    if (event === 'snapshot') render(payload as HostSnapshot);
  });
  render(host.service.snapshot());

  // A user's quit and a session end can both finish the same sequence: tear down once.
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    tray.destroy();
    host.policy.stop();
    host.power.stop();
    host.logs.close();
    app.quit();
  };
  app.on('before-quit', (event) => {
    if (quit.current() === 'done') return;
    event.preventDefault();
    void quit.run(settings.get().quitGraceSeconds * 1000).then(finish);
  });
  watchSessionEnd({
    platform,
    // Hidden and without web contents: it exists so Windows' session-end messages reach the app
    // while its UI window is closed.
    createWindow: () => new BaseWindow({ show: false, width: 1, height: 1, skipTaskbar: true }),
    powerMonitor,
    jobsRunning: () => activeJobs() > 0,
    endSession: () => quit.endSession(),
    quit: finish,
    log: (message) => host.log.warn(message),
  });

  // Policy first: the worker's first start already uses the control plane and slots IT set.
  void host.policy.start().then(() => {
    host.supervisor.start();
    void host.service.enrollFromInstaller();
  });
  void offerMoveToApplications(platform, app, {
    ask: async (options) =>
      (await dialog.showMessageBox({ type: 'question', defaultId: 0, cancelId: 1, ...options })).response,
    log: (message) => host.log.warn(message),
  }).then((moving) => {
    if (!moving && app.isPackaged && loginBlocked() === null) {
      syncStartAtLogin(loginCommand, settings.get().startAtLogin, host.log);
    }
  });
  if (!process.argv.includes(HIDDEN_FLAG)) window.show({ view: 'status', enrollLink: null });

  let workerPid: number | null = null;
  host.supervisor.on((event) => {
    if (event.type === 'message' && event.message.type === 'ready') workerPid = event.message.pid;
  });
  exposeTestHooks(process.env, globalThis, {
    trayTooltip: () => tray.tooltip(),
    trayMenu: () =>
      tray.menuItems().map((item) => ({ label: item.label, enabled: item.enabled, checked: item.checked })),
    clickTrayItem: (label) => {
      const item = tray.menuItems().find((entry) => entry.label === label);
      if (item === undefined) throw new Error(`no tray menu item "${label}"`);
      (item.click as () => void)();
    },
    secretsBackend: () => secrets.backend,
    workerPid: () => workerPid,
  });

  return (request) => {
    if (request.kind === 'window') return window.show({ view: 'status', enrollLink: null });
    const parsed = parseEnrollLink(request.url);
    if (parsed.ok) return window.show({ view: 'enroll', enrollLink: parsed.link });
    host.log.warn(parsed.error);
    window.show({ view: 'enroll', enrollLink: null });
    void dialog.showMessageBox({ type: 'warning', title: 'Enrollment link', message: parsed.error });
  };
}

/**
 * The host applies start-at-login when the setting changes; an installed app also makes the OS
 * agree with the setting at each start (the default is on, and an update may move the binary).
 */
function syncStartAtLogin(command: readonly string[], enabled: boolean, log: Pick<Logger, 'warn'>): void {
  const plan = startAtLoginPlan({ platform, env: process.env, homeDir: homedir(), command });
  applyStartAtLogin(plan, enabled, { run: runCommand }).catch((error: unknown) => {
    log.warn(`could not ${enabled ? 'turn on' : 'turn off'} start at login: ${errorMessage(error)}`);
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
