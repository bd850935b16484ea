import { describe, expect, it } from 'vitest';
import type { WorkerState } from '../../../src-shared/worker-link.js';
import { deriveEnrollment } from './enrollment-info.js';

const worker = (phase: WorkerState['phase'], agentId: string | null = 'agt_w'): WorkerState => ({
  phase,
  agentId,
  apiHost: 'https://worker.example',
  reason: null,
  nextRetryAt: null,
  lastHeartbeatAt: null,
  activeJobs: 0,
  slots: 1,
  lastError: null,
});
const record = { agentId: 'agt_r', label: 'etl-01', apiHost: 'https://record.example' };
const facts = { worker: null, record: null, enrolling: false, needsEnrollment: false };

describe('deriveEnrollment', () => {
  it('is enrolling while an enroll call runs or the worker says so', () => {
    expect(deriveEnrollment({ ...facts, enrolling: true }).state).toBe('enrolling');
    expect(deriveEnrollment({ ...facts, worker: worker('enrolling') }).state).toBe('enrolling');
  });

  it('trusts the worker when it is up, with the label from the record', () => {
    expect(deriveEnrollment({ ...facts, worker: worker('reconnecting'), record })).toEqual({
      state: 'enrolled',
      agentId: 'agt_w',
      label: 'etl-01',
      apiHost: 'https://worker.example',
    });
    expect(deriveEnrollment({ ...facts, worker: worker('not_enrolled', null), record }).state).toBe(
      'not_enrolled',
    );
    expect(deriveEnrollment({ ...facts, worker: worker('revoked'), record })).toMatchObject({
      state: 'revoked',
      agentId: 'agt_w',
    });
  });

  it('falls back to the record while the worker is down, unless it exited 10', () => {
    expect(deriveEnrollment({ ...facts, record })).toMatchObject({ state: 'enrolled', agentId: 'agt_r' });
    expect(deriveEnrollment({ ...facts, record, needsEnrollment: true }).state).toBe('not_enrolled');
    expect(deriveEnrollment(facts).state).toBe('not_enrolled');
  });

  it('offers the API host the host was started with while it is not enrolled, and the worker’s once it is', () => {
    const configured = { ...facts, configuredApiHost: 'http://127.0.0.1:8080' };
    expect(deriveEnrollment(configured)).toEqual({
      state: 'not_enrolled',
      agentId: null,
      label: null,
      apiHost: 'http://127.0.0.1:8080',
    });
    expect(deriveEnrollment({ ...configured, worker: worker('not_enrolled', null) }).apiHost).toBe(
      'http://127.0.0.1:8080',
    );
    expect(deriveEnrollment({ ...configured, worker: worker('connected') }).apiHost).toBe(
      'https://worker.example',
    );
  });
});
