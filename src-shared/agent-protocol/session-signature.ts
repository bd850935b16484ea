/**
 * What the agent signs to open a session. The domain prefix keeps this signature from ever being
 * valid for another purpose we may add later (for example signing a job result), and the agent id
 * binds it to one identity; the server's fresh nonce makes it useless for replay.
 */
export const SESSION_SIGNATURE_DOMAIN = 'planasonix-agent-session-v1';

/** The exact text (UTF-8 encoded by the signer) of the session authentication signature. */
export function sessionSigningText(agentId: string, nonce: string): string {
  return `${SESSION_SIGNATURE_DOMAIN}\n${agentId}\n${nonce}`;
}
