import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiagnosticsPreview } from '../../../src-shared/host-api/diagnostics.js';
import type { PolicyView } from '../../../src-shared/host-api/policy.js';
import { DEFAULT_HOST_SETTINGS, applySettingsPatch } from '../../../src-shared/host-api/settings.js';
import { scriptedWorkerLauncher, SCRIPTED_WORKER_AGENT_ID } from '../../../tests/helpers/scripted-worker.js';
import { ManualClock } from '../../../tests/helpers/manual-clock.js';
import { LogBook } from '../logs/log-book.js';
import { hostLogger } from '../logs/host-logger.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { EnrollmentRecordFile } from './enrollment-record.js';
import { createHostApiDispatcher } from './host-api-dispatcher.js';
import { HostService } from './host-service.js';
import { JobIntakeRecordFile } from './job-intake-record.js';
import { waitUntil } from '../../../tests/helpers/wait-until.js';

let dir = '';
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'host-service-'))));
afterEach(async () => rm(dir, { recursive: true, force: true }));

function setup(
  options: {
    refuseEnroll?: string;
    startAtLoginFails?: boolean;
    jobIntakePath?: string;
    secretsWarning?: string;
    clock?: ManualClock;
  } = {},
) {
  const clock = options.clock ?? new ManualClock();
  const { launcher, received } = scriptedWorkerLauncher(options);
  const supervisor = new Supervisor({ launcher, clock });
  let settings = DEFAULT_HOST_SETTINGS;
  const logs = new LogBook(join(dir, 'logs'), { maxBytes: 1 << 20, kept: 1 });
  const startAtLogin: boolean[] = [];
  const service = new HostService({
    appVersion: '1.2.3',
    clock,
    supervisor,
    logs,
    log: hostLogger(logs, clock),
    settings: { get: () => settings, update: (patch) => (settings = applySettingsPatch(settings, patch)) },
    secrets: { backend: 'file', warning: options.secretsWarning ?? null },
    enrollment: new EnrollmentRecordFile(join(dir, 'enrollment.json')),
    jobIntake: new JobIntakeRecordFile(options.jobIntakePath ?? join(dir, 'job-intake.json')),
    applyStartAtLogin: (enabled) => {
      startAtLogin.push(enabled);
      return options.startAtLoginFails ? Promise.reject(new Error('reg exited 1')) : Promise.resolve();
    },
  });
  const internalErrors: unknown[] = [];
  const dispatch = createHostApiDispatcher(service, (e) => internalErrors.push(e));
  const events: string[] = [];
  service.on((event) => events.push(event));
  return { service, supervisor, dispatch, received, events, internalErrors, startAtLogin };
}

describe('host API dispatcher', () => {
  it('answers malformed requests, unknown methods and bad params with typed errors', async () => {
    const { dispatch } = setup();
    expect(await dispatch('hello')).toMatchObject({ id: null, ok: false, error: { code: 'bad_request' } });
    expect(await dispatch({ id: 1, method: 'format_disk' })).toMatchObject({
      id: 1,
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(await dispatch({ id: 2, method: 'logs', params: { source: 'host', limit: 5000 } })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/^logs: limit: /) as unknown },
    });
    expect(await dispatch({ id: 3, method: 'updateSettings', params: { logLevel: 'loud' } })).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('logLevel') as unknown },
    });
  });

  it('never echoes a token it refused', async () => {
    const { dispatch } = setup();
    const response = await dispatch({
      id: 4,
      method: 'enroll',
      params: { apiHost: 'https://cp.example', token: 'plnx_key_01abc_SECRETSECRET' },
    });
    expect(response.ok).toBe(false);
    expect(JSON.stringify(response)).not.toContain('SECRETSECRET');
  });
});

describe('HostService', () => {
  it('enrolls through the worker, pushing preflight progress, and shows the agent as enrolled', async () => {
    const { dispatch, received, events } = setup();
    const response = await dispatch({
      id: 1,
      method: 'enroll',
      params: {
        apiHost: 'https://cp.example',
        token: 'plnx_enroll_abcdefgh1234abcdefgh1234abcdefgh1234abcdefg',
        label: 'etl-01',
      },
    });
    expect(response).toEqual({ id: 1, ok: true, result: { agentId: SCRIPTED_WORKER_AGENT_ID } });
    expect(received.find((m) => m.type === 'enroll')).toMatchObject({
      token: 'plnx_enroll_abcdefgh1234abcdefgh1234abcdefgh1234abcdefg',
    });
    expect(events).toContain('enrollProgress');
    const snapshot = await dispatch({ id: 2, method: 'snapshot' });
    expect(snapshot).toMatchObject({
      ok: true,
      result: {
        enrollment: {
          state: 'enrolled',
          agentId: SCRIPTED_WORKER_AGENT_ID,
          label: 'etl-01',
          apiHost: 'https://cp.example',
        },
        supervisor: { state: 'running' },
        worker: { phase: 'connected' },
        secrets: { backend: 'file', warning: null },
      },
    });
    expect(
      await dispatch({
        id: 3,
        method: 'enroll',
        params: {
          apiHost: 'https://x.example',
          token: 'plnx_enroll_abcdefgh1234abcdefgh1234abcdefgh1234abcdefg',
        },
      }),
    ).toMatchObject({ ok: false, error: { code: 'already_enrolled' } });
  });

  it('passes the worker’s refusal back as worker_error', async () => {
    const { dispatch } = setup({ refuseEnroll: 'this token was already used' });
    expect(
      await dispatch({
        id: 1,
        method: 'enroll',
        params: {
          apiHost: 'https://cp.example',
          token: 'plnx_enroll_abcdefgh1234abcdefgh1234abcdefgh1234abcdefg',
        },
      }),
    ).toMatchObject({ ok: false, error: { code: 'worker_error', message: 'this token was already used' } });
  });

  it('keeps the settings unchanged when start at login cannot be changed', async () => {
    const { dispatch } = setup({ startAtLoginFails: true });
    expect(
      await dispatch({ id: 1, method: 'updateSettings', params: { startAtLogin: false } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'start at login could not be changed: reg exited 1' },
    });
    expect(await dispatch({ id: 2, method: 'getSettings' })).toMatchObject({
      result: { startAtLogin: true },
    });
  });

  it('pushes a snapshot after a settings change, so the tray redraws what depends on settings', async () => {
    const { dispatch, events } = setup();
    events.length = 0;
    await dispatch({ id: 1, method: 'updateSettings', params: { startAtLogin: false } });
    expect(events).toContain('snapshot');
  });

  it('says in the snapshot and the diagnostics why its secret store is weak', async () => {
    const warning = 'Secrets cannot be encrypted here (the keyring refused)';
    const { service, dispatch } = setup({ secretsWarning: warning });
    expect(service.snapshot().secrets).toEqual({ backend: 'file', warning });
    const preview = await dispatch({ id: 1, method: 'diagnosticsPreview' });
    expect(JSON.stringify(preview)).toContain(warning);
  });

  it('remembers pause across a worker start and tells the worker', async () => {
    const { service, received } = setup();
    await service.handlers.pause({ for: 'indefinitely' });
    expect(service.snapshot().paused).toBe(true);
    await service.handlers.restartWorker({});
    await waitUntil(() => received.map((m) => m.type), {
      until: (types) => types.includes('pause'),
      message: 'pause sent to the new worker',
    });
  });

  it("keeps an operator's pause across a host restart, and a resume too", async () => {
    const first = setup();
    await first.service.handlers.pause({ for: 'indefinitely' });
    const restarted = setup();
    expect(restarted.service.snapshot().paused).toBe(true);
    await restarted.service.handlers.restartWorker({});
    await waitUntil(() => restarted.received.map((m) => m.type), {
      until: (types) => types.includes('pause'),
      message: 'pause sent to the restarted worker',
    });
    await restarted.service.handlers.resume({});
    expect(setup().service.snapshot().paused).toBe(false);
  });

  it('resumes a one-hour pause by itself across a host restart, telling the new worker both', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 13, 30));
    const first = setup({ clock });
    expect(await first.dispatch({ id: 1, method: 'pause', params: { for: '1h' } })).toMatchObject({
      ok: true,
    });
    const until = clock.now() + 60 * 60_000;
    expect(first.service.snapshot()).toMatchObject({ paused: true, pause: { reason: 'operator', until } });
    first.service.intake.dispose(); // the host goes down 30 minutes in
    await first.supervisor.stop(0);

    clock.advance(30 * 60_000);
    const restarted = setup({ clock });
    expect(restarted.service.snapshot().pause).toEqual({ reason: 'operator', until });
    await restarted.service.handlers.restartWorker({});
    await waitUntil(() => restarted.received.map((m) => m.type), {
      until: (types) => types.includes('pause'),
      message: 'pause sent to the restarted worker',
    });
    clock.advance(30 * 60_000);
    expect(restarted.service.snapshot()).toMatchObject({ paused: false, pause: null });
    expect(restarted.received.map((m) => m.type)).toContain('resume');
  });

  it('does not remember the pause a quit makes: the next start takes jobs', async () => {
    const quitting = setup();
    await quitting.service.pauseForQuit();
    expect(quitting.service.snapshot().paused).toBe(true);
    expect(setup().service.snapshot().paused).toBe(false);
  });

  it('still pauses when the pause cannot be written, and says it will not last', async () => {
    // A folder where the file should be: the write fails as on a read-only or full disk.
    const blocked = join(dir, 'blocked');
    await mkdir(join(blocked, 'job-intake.json'), { recursive: true });
    const { service } = setup({ jobIntakePath: join(blocked, 'job-intake.json') });
    await service.handlers.pause({ for: 'indefinitely' });
    expect(service.snapshot().paused).toBe(true);
    const page = await service.handlers.logs({ source: 'host', limit: 50 });
    expect(page.lines.map((line) => line.msg).join('\n')).toMatch(/pause not remembered across restarts/);
  });
});

describe('HostService under IT policy', () => {
  const policy = (values: PolicyView['values']): PolicyView => ({
    values,
    sources: Object.fromEntries(Object.keys(values).map((key) => [key, '/etc/planasonix-agent/policy.json'])),
    warnings: [],
  });
  const refusal = (message: RegExp) => ({
    ok: false,
    error: { code: 'policy_locked', message: expect.stringMatching(message) as unknown },
  });

  it('refuses enrolling with another control plane than ApiHost, naming the policy', async () => {
    const { service, dispatch } = setup();
    await service.applyPolicy(policy({ ApiHost: 'https://cp.acme.example' }));
    const other = {
      apiHost: 'https://elsewhere.example',
      token: 'plnx_enroll_abcdefgh1234abcdefgh1234abcdefgh1234abcdefg',
    };
    expect(await dispatch({ id: 1, method: 'enroll', params: other })).toMatchObject(
      refusal(/^the control plane address is set by your organization \(policy ApiHost\)/),
    );
    expect(service.snapshot().enrollment.state).toBe('not_enrolled');
  });

  it('refuses enroll and unenroll while EnrollmentLocked', async () => {
    const { service, dispatch } = setup();
    await service.applyPolicy(policy({ EnrollmentLocked: true }));
    const params = {
      apiHost: 'https://cp.example',
      token: 'plnx_enroll_abcdefgh1234abcdefgh1234abcdefgh1234abcdefg',
    };
    expect(await dispatch({ id: 1, method: 'enroll', params })).toMatchObject(refusal(/EnrollmentLocked/));
    expect(await dispatch({ id: 2, method: 'unenroll' })).toMatchObject(refusal(/EnrollmentLocked/));
  });

  it('refuses pausing when AllowPause is false, and lifts a pause already there', async () => {
    const { service, dispatch } = setup();
    await service.handlers.pause({ for: 'indefinitely' });
    await service.applyPolicy(policy({ AllowPause: false }));
    expect(service.snapshot()).toMatchObject({ paused: false, pause: null });
    expect(await dispatch({ id: 1, method: 'pause', params: { for: '1h' } })).toMatchObject(
      refusal(/^pausing is turned off by your organization/),
    );
    expect(service.snapshot().paused).toBe(false);
  });

  it('shows locked settings with the policy value, refuses changing them, and saves the others', async () => {
    const { service, dispatch } = setup();
    await service.applyPolicy(
      policy({ ProxyUrl: 'http://proxy.acme.example:3128', ProxyCaFile: '/etc/acme/ca.pem' }),
    );
    expect(await dispatch({ id: 1, method: 'getSettings' })).toMatchObject({
      result: { proxyUrl: 'http://proxy.acme.example:3128', caBundlePath: '/etc/acme/ca.pem' },
    });
    expect(
      await dispatch({ id: 2, method: 'updateSettings', params: { proxyUrl: 'http://mine:8080' } }),
    ).toMatchObject(refusal(/^proxyUrl is set by your organization \(policy ProxyUrl\)/));
    // The form sends the locked value back unchanged with a real change: that saves.
    expect(
      await dispatch({
        id: 3,
        method: 'updateSettings',
        params: { proxyUrl: 'http://proxy.acme.example:3128', logLevel: 'debug' },
      }),
    ).toMatchObject({ ok: true, result: { logLevel: 'debug', proxyUrl: 'http://proxy.acme.example:3128' } });
  });

  it('applies a forced StartAtLogin to the OS, refuses changing it, and restores the user’s choice when lifted', async () => {
    const { service, dispatch, startAtLogin } = setup();
    await service.applyPolicy(policy({ StartAtLogin: false }));
    expect(startAtLogin).toEqual([false]);
    expect(await dispatch({ id: 1, method: 'updateSettings', params: { startAtLogin: true } })).toMatchObject(
      refusal(/StartAtLogin/),
    );
    await service.applyPolicy(policy({}));
    expect(startAtLogin).toEqual([false, true]);
  });

  it('puts the effective policy, its sources and warnings in the snapshot and the diagnostics', async () => {
    const { service, dispatch } = setup();
    const view = {
      ...policy({ OrganizationName: 'Acme IT' }),
      warnings: ['unknown policy key "X" in f: skipped'],
    };
    await service.applyPolicy(view);
    expect(service.snapshot().policy).toEqual(view);
    const preview = await dispatch({ id: 1, method: 'diagnosticsPreview' });
    const entry = (preview.ok ? (preview.result as DiagnosticsPreview) : null)?.entries.find(
      (e) => e.name === 'policy.json',
    );
    expect(JSON.parse(entry!.preview)).toEqual(view);
  });
});
