import { join } from 'node:path';
import { z } from 'zod';
import { JsonRecordFile } from '../../src-node/files/json-record-file.js';
import { ApiHostUrl } from '../../src-shared/api-host.js';
import { AgentId } from '../../src-shared/ids.js';

/** What the agent remembers between runs. Never the enrollment token, never the key. */
export const LocalState = z.looseObject({
  agent_id: AgentId,
  api_host: ApiHostUrl,
  enrolled_at: z.string(),
  label: z.string().nullable().optional(),
  /** The session WebSocket's path as the enrollment answer gave it. */
  session_path: z.string().startsWith('/').optional(),
});
export type LocalState = z.infer<typeof LocalState>;

export const LOCAL_STATE_FILE = 'agent-state.json';

/** The state file in the agent's data folder; a damaged one is an error naming it, and what to do. */
export class LocalStateFile extends JsonRecordFile<LocalState> {
  constructor(path: string) {
    super(path, LocalState, { hint: 'remove it to enroll again' });
  }

  static inDataDir(dataDir: string): LocalStateFile {
    return new LocalStateFile(join(dataDir, LOCAL_STATE_FILE));
  }
}
