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
 * file; apart from `api`, what it answers reads the running process, so read it inside tests and
hooks.
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
  // `api` may be taken at the top of the file; it calls the process once there is one.
  const api: ApiClient = (path, request) => running().api(path, request);
  // Every other read goes to the process beforeAll started (its members are closures, no `this`).
  return new Proxy({} as FileControlPlane, {
    get: (_target, key) => (key === 'api' ? api : (Reflect.get(running().process, key) as unknown)),
  });
}
