import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import type { HostApiResponse } from '../../src-shared/host-api/envelope.js';
import { isTrustedSender } from './app-origin.js';
import { HOST_API_CALL_CHANNEL } from './ipc-channels.js';

export interface HostIpcDeps {
  /** The host core's validating dispatcher: any raw request in, one envelope out, never throws. */
  dispatch: (raw: unknown) => Promise<HostApiResponse>;
  /** The webContents id of our window, or null while it is closed. */
  windowWebContentsId(): number | null;
  /** Records a refused sender (without what it sent). */
  onRefused(detail: string): void;
}

/**
 * The main-process end of the bridge (one of the two modules touching IPC): one `handle` channel
 * for host API calls. The sender must be our window's top frame on app://; params are validated by
 * the dispatcher against the shared host API schemas; errors travel back as the envelope.
 */
export function registerHostApiIpc(deps: HostIpcDeps): () => void {
  ipcMain.handle(HOST_API_CALL_CHANNEL, (event: IpcMainInvokeEvent, raw: unknown) => {
    const frame = event.senderFrame;
    const sender = {
      webContentsId: event.sender.id,
      frameUrl: frame?.url ?? null,
      isMainFrame: frame !== null && frame.parent === null,
    };
    if (!isTrustedSender(sender, deps.windowWebContentsId())) {
      deps.onRefused(`refused a host API call from ${sender.frameUrl ?? 'a closed frame'}`);
      const refused: HostApiResponse = {
        id: null,
        ok: false,
        error: { code: 'bad_request', message: 'this page may not call the host' },
      };
      return refused;
    }
    return deps.dispatch(raw);
  });
  return () => ipcMain.removeHandler(HOST_API_CALL_CHANNEL);
}
