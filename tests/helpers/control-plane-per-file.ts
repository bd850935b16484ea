import { afterAll, beforeAll } from 'vitest';
import { apiClient, type ApiClient } from './control-plane-client.js';
import {
  startControlPlaneProcess,
  type ControlPlaneProcess,
  type StartOptions,
} from './control-plane-process.js';

/** The process of `controlPlanePerFile`, and a REST client that sends its key. */
export type FileControlPlane = ControlPlaneProcess & { api: ApiClient };

/**
 * One real control-plane process for a whole test file: started before its first test, stopped
 * after its last (the usual set-up of a file of control-plane tests). Call it at the top of the
 * file; what it answers reads the running process, so use it inside tests and hooks only.
 */
export function controlPlanePerFile(options: StartOptions = {}): FileControlPlane {
  let started: { process: ControlPlaneProcess; api: ApiClient } | null = null;
  beforeAll(async () => {
    const process = await startControlPlaneProcess(options);
    started = { process, api: apiClient(process.url, process.apiKey) };
  });
  afterAll(async () => {
    await started?.process.stop();
  });
  const running = () => {
    if (started === null) throw new Error('the control plane of this file starts in beforeAll');
    return started;
  };
  return {
    get url() {
      return running().process.url;
    },
    get apiKey() {
      return running().process.apiKey;
    },
    get dataDir() {
      return running().process.dataDir;
    },
    get databaseUrl() {
      return running().process.databaseUrl;
    },
    get pid() {
      return running().process.pid;
    },
    get exited() {
      return running().process.exited;
    },
    stdout: () => running().process.stdout(),
    stderr: () => running().process.stderr(),
    stop: (stopOptions) => running().process.stop(stopOptions),
    kill: (signal) => running().process.kill(signal),
    api: (path, request) => running().api(path, request),
  };
}
