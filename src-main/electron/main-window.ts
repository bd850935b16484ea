import { BrowserWindow } from 'electron';
import type { HostApiEventMessage } from '../../src-shared/host-api/envelope.js';
import type { OpenViewEvent } from '../../src-shared/host-api/events.js';
import { APP_ENTRY_URL } from './app-origin.js';
import { HOST_API_EVENT_CHANNEL } from './ipc-channels.js';
import { errorMessage } from '../../src-node/error-message.js';

export interface MainWindowOptions {
  preloadPath: string;
  iconPath: string | undefined;
  /** The renderer failed to load (for example dist/renderer not built). */
  onLoadError(message: string): void;
  /** DevTools only in development: an installed app offers no way into the renderer. */
  devTools: boolean;
}

/**
 * The one app window, created on demand and re-created after it is closed (the tray keeps running).
 * Host events are forwarded to it once its page has loaded.
 */
export class MainWindow {
  private window: BrowserWindow | null = null;
  private loaded = false;
  /** What to show once the page is ready (the newest request wins). */
  private pendingView: OpenViewEvent | null = null;

  constructor(private readonly options: MainWindowOptions) {}

  webContentsId(): number | null {
    return this.window?.webContents.id ?? null;
  }

  show(view: OpenViewEvent): void {
    const window = this.window ?? this.create();
    if (this.loaded) this.sendEvent({ event: 'openView', payload: view });
    else this.pendingView = view;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  sendEvent(message: HostApiEventMessage): void {
    if (this.window === null || !this.loaded) return;
    this.window.webContents.send(HOST_API_EVENT_CHANNEL, message);
  }

  private create(): BrowserWindow {
    // Written out here, not built elsewhere, so Electronegativity (npm run security:electron) sees
    // and checks every option. The renderer is fully sandboxed and reaches the host only through
    // the preload bridge; middle-click (auxclick) cannot open anything either.
    const window = new BrowserWindow({
      width: 1100,
      height: 760,
      minWidth: 360,
      minHeight: 560,
      show: false,
      title: 'Planasonix Agent',
      icon: this.options.iconPath,
      autoHideMenuBar: true,
      webPreferences: {
        // Reviewed: preload.ts exposes only request/onEvent for host API names (preload.test.ts).
        preload: this.options.preloadPath, // eng-disable PRELOAD_JS_CHECK
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        disableBlinkFeatures: 'Auxclick',
        safeDialogs: true,
        spellcheck: false,
        devTools: this.options.devTools,
      },
    });
    this.window = window;
    this.loaded = false;
    window.webContents.on('did-finish-load', () => {
      this.loaded = true;
      if (this.pendingView !== null) {
        this.sendEvent({ event: 'openView', payload: this.pendingView });
        this.pendingView = null;
      }
    });
    window.on('closed', () => {
      this.window = null;
      this.loaded = false;
    });
    window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
      this.options.onLoadError(errorMessage(error));
    });
    return window;
  }
}
