import { describeCloseCode } from '../../src-shared/agent-protocol/index.js';
import { describeNetworkError } from '../network/network-errors.js';
import type { FailureKind } from '../worker/worker-state-machine.js';
import type { SessionEnd } from './session-client.js';

export type SessionVerdict =
  /** Try again after the backoff. */
  | { action: 'retry'; failure: Exclude<FailureKind, 'revoked'>; reason: string }
  /** The identity is dead: wipe the key, wait for a new enrollment. */
  | { action: 'revoked'; reason: string }
  /** Do not reconnect, but keep the key (another process took over, or the agent is too old). */
  | { action: 'stop'; failure: Exclude<FailureKind, 'revoked'>; reason: string; superseded: boolean };

/** What a session's end means for the agent, from the contract's close codes (unknown codes retry). */
export function classifySessionEnd(end: SessionEnd, target: string): SessionVerdict {
  if (end.kind === 'refused') {
    if (end.status === 401 || end.status === 403) {
      return {
        action: 'retry',
        failure: 'auth',
        reason: `the control plane refused the session (HTTP ${end.status})`,
      };
    }
    return {
      action: 'retry',
      failure: 'server',
      reason:
        end.status === 404
          ? `${target} has no agent session endpoint (HTTP 404): is the API host right?`
          : `the control plane refused the session (HTTP ${end.status})`,
    };
  }
  if (end.kind === 'failed') {
    return { action: 'retry', failure: 'network', reason: describeNetworkError(end.error, target).message };
  }
  const info = describeCloseCode(end.code);
  if (info === null) {
    const how = end.code === 1006 ? 'the connection dropped' : `the connection closed (code ${end.code})`;
    return {
      action: 'retry',
      failure: end.code === 1006 ? 'network' : 'server',
      reason: `${how}${end.reason ? `: ${end.reason}` : ''}`,
    };
  }
  switch (info.name) {
    case 'revoked':
      return {
        action: 'revoked',
        reason: 'the agent was revoked by an operator; its key is wiped: enroll again with a new token',
      };
    case 'deregistered':
      return {
        action: 'revoked',
        reason:
          'the agent was deleted from the control plane; its key is wiped: enroll again with a new token',
      };
    case 'superseded':
      return {
        action: 'stop',
        failure: 'server',
        reason: 'another agent process with this key took over the session; this one stops',
        superseded: true,
      };
    case 'protocol_too_old':
      return {
        action: 'stop',
        failure: 'server',
        reason: 'the control plane no longer speaks this agent’s protocol: upgrade the agent',
        superseded: false,
      };
    case 'auth_failed':
    case 'auth_timeout':
      return {
        action: 'retry',
        failure: 'auth',
        reason: `the control plane did not accept this agent’s key (${info.reason})`,
      };
    default:
      return info.retry
        ? {
            action: 'retry',
            failure: 'server',
            reason: `the control plane closed the session: ${info.reason}`,
          }
        : {
            action: 'stop',
            failure: 'server',
            reason: `the control plane closed the session: ${info.reason}`,
            superseded: false,
          };
  }
}
