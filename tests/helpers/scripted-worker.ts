import type { HostToWorker, WorkerState, WorkerToHost } from '../../src-shared/worker-link.js';
import type {
  WorkerExitStatus,
  WorkerLauncher,
  WorkerProcess,
} from '../../src-main/core/supervisor/worker-process.js';

export const SCRIPTED_WORKER_AGENT_ID = 'agt_01jq8pr0d01abcdefghjkmnpqr';

const baseState: WorkerState = {
  phase: 'not_enrolled',
  agentId: null,
  apiHost: null,
  reason: null,
  nextRetryAt: null,
  lastHeartbeatAt: null,
  activeJobs: 0,
  slots: 1,
  lastError: null,
};

/**
 * A scripted worker: an in-process stand-in for the agent worker, for unit tests of the host
 * service (the real worker is the agent process; stand-in processes are in tests/fixtures/worker).
 * It says ready, plays enrollment (preflight progress, then connected), and records what the host
 * sent. `refuseEnroll` makes it fail instead.
 */
export function scriptedWorkerLauncher(options: { refuseEnroll?: string } = {}) {
  const received: HostToWorker[] = [];
  const launcher: WorkerLauncher = {
    launch(): WorkerProcess {
      let onMessage: (m: unknown) => void = () => {};
      let onExit: (s: WorkerExitStatus) => void = () => {};
      const send = (message: WorkerToHost) => queueMicrotask(() => onMessage(message));
      const process: WorkerProcess = {
        pid: 1,
        send(message) {
          received.push(message);
          if (message.type === 'enroll') {
            const checks = [{ name: 'dns' as const, status: 'passed' as const, detail: null }];
            send({ type: 'enroll_progress', requestId: message.requestId, checks });
            if (options.refuseEnroll !== undefined) {
              const error = { code: 'token_used', message: options.refuseEnroll };
              send({ type: 'reply', requestId: message.requestId, ok: false, error });
              return true;
            }
            const state = {
              ...baseState,
              phase: 'connected' as const,
              agentId: SCRIPTED_WORKER_AGENT_ID,
              apiHost: message.apiHost,
            };
            send({ type: 'state', state });
            send({
              type: 'reply',
              requestId: message.requestId,
              ok: true,
              result: { agentId: SCRIPTED_WORKER_AGENT_ID },
            });
          }
          if (message.type === 'shutdown') queueMicrotask(() => onExit({ code: 0, signal: null }));
          return true;
        },
        onMessage: (listener) => (onMessage = listener),
        onOutput: () => {},
        onExit: (listener) => (onExit = listener),
        killTree: () => Promise.resolve(queueMicrotask(() => onExit({ code: null, signal: 'SIGKILL' }))),
      };
      send({ type: 'ready', linkVersion: 1, pid: 1, version: '0.0.0-scripted' });
      send({ type: 'state', state: baseState });
      return process;
    },
  };
  return { launcher, received };
}
