/**
 * The agent wire protocol: everything the agent worker and the control plane's gateway agree on.
 *
 * 1. Enroll (once per token). The agent makes an Ed25519 key pair, keeps the private key, and
 *    `POST /api/agents/enroll` with `Authorization: Bearer plnx_enroll_…` and its public key. The token
 *    is redeemed atomically: of two racing agents exactly one gets 200 `{ data: EnrollResponse }`, the
 *    other `token_used`. See `enrollment.ts` for the refusal codes and their statuses.
 *
 * 2. Connect. `GET /api/agents/session` as a WebSocket offering subprotocol `planasonix.agent.v1`.
 *    An agent offering only older versions is answered and closed with `protocol_too_old`.
 *
 * 3. Authenticate. The server sends `hello` with a fresh random nonce. The agent answers `auth` with
 *    its agent id, its version and capabilities, and an Ed25519 signature over
 *    `planasonix-agent-session-v1\n<agent_id>\n<nonce>`. The server checks it against the key stored at
 *    enrollment and answers `welcome` (session id, heartbeat interval, intent snapshot), or closes
 *    with `auth_failed`, `revoked` or `deregistered`. No clock of the agent is involved.
 *
 * 4. Live. The agent sends `heartbeat` every `heartbeat_interval_seconds`; each gets a
 *    `heartbeat_ack` with the current intent snapshot. The server pings at the WebSocket level and
 *    drops a socket that stops answering. A second session of the same agent replaces the first,
 *    which is closed with `superseded`. Revoke and delete close the session within a second with
 *    `revoked` / `deregistered`; later connects with that key fail.
 *
 * Frames are JSON text, at most MAX_FRAME_BYTES. Unknown fields are ignored; an unknown type or an
 * invalid frame after auth is answered with an `error` message (the session goes on); before auth,
 * or repeatedly, it closes the socket with `bad_message`. Close codes: `close-codes.ts`.
 */
export * from './close-codes.js';
export * from './codec.js';
export * from './encodings.js';
export * from './enrollment.js';
export * from './handshake.js';
export * from './job-messages.js';
export * from './messages.js';
export * from './session-signature.js';
