import type {
  JobAgentMessage,
  JobIntent,
  JobServerMessage,
} from '../../src-shared/agent-protocol/job-messages.js';

/** One live session, as the jobs dispatcher writes to it. */
export interface JobChannel {
  send(message: JobServerMessage): void;
}

/**
 * What the agent gateway's sessions call for jobs. Calls are synchronous for the session; the
 * dispatcher does its store work behind them and answers on the channel.
 */
export interface GatewayJobs {
  /**
   * Reads what the agent holds into the intent before `welcome` goes out: after a control-plane
   * restart the in-memory view starts empty, and a welcome saying "no jobs" would make the agent
   * kill every job it is running.
   */
  loadIntent(agentId: string): Promise<void>;
  /** The session is live and `welcome` went out: (re)send what the agent should hold. */
  sessionLive(agentId: string, channel: JobChannel): void;
  sessionClosed(agentId: string, channel: JobChannel): void;
  /** A heartbeat arrived and its ack went out: renew leases, re-send offers. */
  heartbeat(agentId: string, channel: JobChannel): void;
  onMessage(agentId: string, message: JobAgentMessage, channel: JobChannel): void;
  /** The jobs part of the intent snapshot in `welcome` and `heartbeat_ack`. */
  intent(agentId: string): JobIntent;
}

const JOB_AGENT_TYPES = new Set([
  'job_capacity',
  'job_accept',
  'job_start',
  'job_log',
  'job_result',
  'job_reconcile',
]);

/** True for the messages the gateway hands to GatewayJobs. */
export function isJobAgentMessage(message: { type: string }): message is JobAgentMessage {
  return JOB_AGENT_TYPES.has(message.type);
}
