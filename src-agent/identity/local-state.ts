import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AgentId } from '../../src-shared/ids.js';

/** What the agent remembers between runs. Never the enrollment token, never the key. */
export const LocalState = z.looseObject({
  agent_id: AgentId,
  api_host: z.url(),
  enrolled_at: z.string(),
  label: z.string().nullable().optional(),
  /** The session WebSocket's path as the enrollment answer gave it. */
  session_path: z.string().startsWith('/').optional(),
});
export type LocalState = z.infer<typeof LocalState>;

export const LOCAL_STATE_FILE = 'agent-state.json';

export class LocalStateFile {
  constructor(private readonly path: string) {}

  static inDataDir(dataDir: string): LocalStateFile {
    return new LocalStateFile(join(dataDir, LOCAL_STATE_FILE));
  }

  get location(): string {
    return this.path;
  }

  /** Null when absent; a clear error naming the file when it is there but unreadable. */
  async read(): Promise<LocalState | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${this.path} is not valid JSON; remove it to enroll again`);
    }
    const parsed = LocalState.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${this.path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  async write(state: LocalState): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.path);
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
