/**
 * The worker's end of the IPC channel to its host, whichever way it was started: a Node child with an
 * IPC channel (`process.send`), or an Electron `utilityProcess` (`process.parentPort`). Null when the
 * worker runs standalone.
 */
export interface ParentPort {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The host went away: a worker must not outlive it. */
  onDisconnect(listener: () => void): void;
  /** Let the process exit even though the channel is open. */
  release(): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

type ProcessLike = Pick<NodeJS.Process, 'on' | 'send' | 'connected' | 'channel'> & {
  parentPort?: ElectronParentPort;
};

export function detectParentPort(proc: ProcessLike = process): ParentPort | null {
  const electron = proc.parentPort;
  if (electron) {
    return {
      send: (message) => electron.postMessage(message),
      onMessage: (listener) => electron.on('message', (event) => listener(event.data)),
      // A utilityProcess is ended by Electron together with its parent.
      onDisconnect: () => undefined,
      release: () => undefined,
    };
  }
  const send = proc.send?.bind(proc);
  if (!send || !proc.connected) return null;
  return {
    send: (message) => {
      if (proc.connected) send(message);
    },
    onMessage: (listener) => proc.on('message', (message: unknown) => listener(message)),
    onDisconnect: (listener) => proc.on('disconnect', listener),
    release: () => proc.channel?.unref(),
  };
}
