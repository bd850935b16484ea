import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WORKER_EXIT } from '../../src-shared/worker-link.js';
import { detectCapabilities } from '../capabilities/detect-capabilities.js';
import { HealthSampler, systemHealthSources } from '../health/health-sampler.js';
import { FileCredentialStore } from '../identity/credential-store.js';
import { LocalStateFile } from '../identity/local-state.js';
import { defaultSlotCount } from '../jobs/job-slots.js';
import { PauseControl } from '../jobs/pause-control.js';
import { detectParentPort } from '../link/parent-port.js';
import { WorkerLink } from '../link/worker-link.js';
import { JobOutputTail } from '../worker/job-output-tail.js';
import { readManagedInputs, type ManagedInputs } from './managed-config.js';
import { createLogger } from '../../src-node/logging/create-logger.js';
import { Transport } from '../network/transport.js';
import { AgentWorker, type Halt } from '../worker/agent-worker.js';
import { JobCoordinator } from '../worker/job-coordinator.js';
import type { RunOptions } from './parse-cli.js';
import { isEnrollRefusal } from '../../src-shared/agent-protocol/enrollment.js';
import { errorMessage } from '../../src-node/error-message.js';

/** Exit codes beyond WORKER_EXIT: a failure that a restart may fix. */
export const EXIT_FAILURE = 1;

/** After a draining stop, how long the last results and log bytes may take to reach the server. */
const REPORT_GRACE_MS = 10_000;

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => (value ??= make());
}

/**
 * `agent run`: the worker as a process. Standalone it enrolls if it must, then runs until a signal,
 * and exits with the code the supervisor contract gives each outcome. Under a host (an IPC channel
 * is present) it stays up in every phase and takes orders over the link instead.
 */
export async function runAgent(options: RunOptions, version: string): Promise<void> {
  const port = detectParentPort();
  const standalone = port === null;
  let link: WorkerLink | null = null;
  const log = createLogger({
    name: 'planasonix-agent',
    level: options.logLevel,
    onRecord: (record) => link?.log(record),
  });
  if (port) link = new WorkerLink(port, (msg) => log.warn(msg));
  // Only a host shows live job output; standalone, the spool and the control plane are the record.
  const outputTail =
    link && new JobOutputTail((jobId, text, skipped) => link?.jobOutput(jobId, text, skipped));

  let worker: AgentWorker | null = null;
  let exiting = false;
  const exit = (code: number, why: string): void => {
    if (exiting) return;
    exiting = true;
    log.info({ code }, `exiting: ${why}`);
    worker?.shutdown();
    // A moment for the WebSocket close frame and the last link messages to leave.
    process.exitCode = code;
    setTimeout(() => process.exit(code), 150).unref();
  };

  let transport: Transport;
  let managed: ManagedInputs;
  try {
    managed = await readManagedInputs(options.configDir, options.tokenFile);
    transport = await Transport.create({ proxyUrl: options.proxyUrl, caFile: options.caFile }, process.env);
  } catch (error) {
    log.error(errorMessage(error));
    process.exitCode = 2;
    return;
  }
  const workDir = join(options.dataDir, 'work');
  await mkdir(workDir, { recursive: true, mode: 0o700 });

  const capabilities = memo(async () => {
    const found = await detectCapabilities();
    log.info({ capabilities: found }, 'capabilities detected');
    return found;
  });
  void capabilities();
  const health = memo(async () => new HealthSampler(workDir, await systemHealthSources()));
  // Primed now so the first heartbeat's CPU figure covers the time since start, not a few microseconds.
  void health();

  // Crash recovery runs here, before the first connect, so the first reconcile already knows the
  // previous run's jobs and their results wait in the outbox.
  let drainingForExit = false;
  let reportGrace: NodeJS.Timeout | null = null;
  // Once no job runs, wait (bounded) for the server to ack what is owed (results, log tails), so the
  // jobs are reported now rather than at the next start from the outbox.
  const drainStep = (): void => {
    if (jobs.heldJobs === 0) exit(WORKER_EXIT.stopped, 'the running jobs have ended and are reported');
    else if (jobs.activeJobs === 0 && reportGrace === null)
      reportGrace = setTimeout(
        () =>
          exit(
            WORKER_EXIT.stopped,
            'jobs ended; what the server has not acked is reported at the next start',
          ),
        REPORT_GRACE_MS,
      );
  };
  const jobs = await JobCoordinator.open({
    dataDir: options.dataDir,
    slots: options.jobSlots ?? defaultSlotCount(availableParallelism()),
    log,
    onJobsChanged: () => {
      worker?.jobsChanged();
      // A job that just ended has its last output forwarded before the host hears it ended (and
      // before its spool is cleaned up once the server has acked it).
      outputTail?.flush();
      link?.jobs(jobs.jobs);
      if (drainingForExit) drainStep();
    },
    ...(outputTail
      ? { onSpoolGrew: (jobId, spoolPath, length) => outputTail.grew(jobId, spoolPath, length) }
      : {}),
  });

  const onHalt = (halt: Halt): void => {
    if (!standalone) return;
    if (halt.kind === 'revoked') exit(WORKER_EXIT.needsEnrollment, halt.reason);
    else if (halt.kind === 'superseded') exit(WORKER_EXIT.stopped, halt.reason);
    else exit(EXIT_FAILURE, halt.reason);
  };
  const agent = new AgentWorker({
    credentials: FileCredentialStore.inDataDir(options.dataDir),
    localState: LocalStateFile.inDataDir(options.dataDir),
    transport,
    version,
    capabilities,
    health,
    log,
    expectedAgentId: options.agentId ?? managed.agentId,
    onState: (state) => {
      link?.state(state);
      log.debug({ phase: state.phase, failure: state.failure, reason: state.reason }, 'state');
    },
    onHealth: (sample) => link?.health(sample),
    onHalt,
    jobs,
  });
  worker = agent;

  // Standalone, the first SIGTERM (or Ctrl-C) stops new work and lets running jobs finish; the
  // second cancels them (TERM, grace, KILL). The agent exits once none runs.
  const pauseControl = new PauseControl({ cancelRunningJobs: () => agent.cancelJobs('asked to stop twice') });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!standalone || jobs.heldJobs === 0) {
        exit(WORKER_EXIT.stopped, `received ${signal}`);
        return;
      }
      const phase = pauseControl.onSigterm();
      drainingForExit = true;
      jobs.setAccepting(false);
      drainStep();
      log.warn(
        phase === 'cancelling'
          ? `received ${signal} again: cancelling the running jobs, then exiting`
          : `received ${signal}: no new jobs; exiting once the ${agent.activeJobs} running job(s) end (again to cancel them)`,
      );
    });
  }
  if (port && link) {
    port.onDisconnect(() => exit(WORKER_EXIT.stopped, 'the host went away'));
    link.attach({
      enroll: (input, onProgress) => agent.enroll(input, onProgress),
      unenroll: () => agent.unenroll(),
      pause: () => agent.pause(),
      resume: () => agent.resume(),
      reconnectNow: () => agent.reconnectNow(),
      cancelJob: (jobId) => jobs.cancelJob(jobId),
      shutdown: (graceMs) => {
        if (jobs.heldJobs === 0) {
          exit(WORKER_EXIT.stopped, 'the host asked to shut down');
          return;
        }
        // The link contract: no new work, running jobs get graceMs to finish, then they are
        // cancelled (TERM, grace, KILL) so no step outlives the worker, and the worker exits.
        drainingForExit = true;
        jobs.setAccepting(false);
        log.info({ graceMs }, 'the host asked to shut down: finishing the running jobs first');
        setTimeout(() => {
          if (jobs.activeJobs > 0) agent.cancelJobs('the host shutdown grace ran out');
        }, graceMs).unref();
        drainStep();
      },
    });
    link.ready(version);
    if (jobs.jobs.length > 0) link.jobs(jobs.jobs);
  }

  agent.jobsChanged();
  await agent.start();
  const phase = agent.state.phase;
  if (phase === 'error') {
    onHalt({ kind: 'fatal', reason: agent.state.reason ?? 'cannot start' });
    return;
  }
  if (phase !== 'not_enrolled' || !standalone) return;

  const apiHost = options.apiHost ?? managed.apiHost;
  const token = options.token ?? managed.token;
  if (token === null || apiHost === null) {
    exit(
      WORKER_EXIT.needsEnrollment,
      'not enrolled: give --api-host and --token (or PLANASONIX_API_HOST and PLANASONIX_ENROLLMENT_TOKEN)',
    );
    return;
  }
  const result = await agent.enroll({
    apiHost,
    token,
    ...(options.label ? { label: options.label } : {}),
    tags: options.tags,
  });
  if (result.ok && managed.tokenFile !== null && options.token === null) {
    // The token is spent: leave no copy of it behind.
    await rm(managed.tokenFile, { force: true });
    log.info({ path: managed.tokenFile }, 'removed the spent enrollment token file');
  }
  if (!result.ok) {
    // A refused token needs a new one (10); a preflight or network failure may pass on the next start (1).
    exit(isEnrollRefusal(result.code) ? WORKER_EXIT.needsEnrollment : EXIT_FAILURE, result.message);
  }
}
