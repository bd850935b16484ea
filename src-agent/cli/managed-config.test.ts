import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManagedInputs } from './managed-config.js';

const TOKEN = 'plnx_enroll_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const ID = 'agt_01jq8p0000000000000000000a';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'agent-managed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readManagedInputs', () => {
  it('reads the installer’s config and token file', async () => {
    await writeFile(
      join(dir, 'planasonix-agent.json'),
      JSON.stringify({ api_host: 'https://cp.example', agent_id: ID }),
    );
    await mkdir(join(dir, 'enrollment'));
    await writeFile(join(dir, 'enrollment', 'token'), `${TOKEN}\n`, { mode: 0o600 });
    expect(await readManagedInputs(dir, null)).toEqual({
      apiHost: 'https://cp.example',
      agentId: ID,
      token: TOKEN,
      tokenFile: join(dir, 'enrollment', 'token'),
    });
  });

  it('answers nothing when there is no config folder or nothing in it', async () => {
    const none = { apiHost: null, agentId: null, token: null, tokenFile: null };
    expect(await readManagedInputs(null, null)).toEqual(none);
    expect(await readManagedInputs(dir, null)).toEqual(none);
  });

  it('takes an explicit token file, and says when it is missing', async () => {
    const file = join(dir, 'my-token');
    await writeFile(file, TOKEN);
    expect(await readManagedInputs(null, file)).toMatchObject({ token: TOKEN, tokenFile: file });
    await expect(readManagedInputs(null, join(dir, 'nope'))).rejects.toThrow(
      /the token file .*nope does not exist/,
    );
  });

  it('names the file that is wrong, and never shows a token', async () => {
    await writeFile(join(dir, 'planasonix-agent.json'), '{"api_host": "not a url"}');
    await expect(readManagedInputs(dir, null)).rejects.toThrow(/planasonix-agent\.json: api_host/);
    await writeFile(join(dir, 'planasonix-agent.json'), '{');
    await expect(readManagedInputs(dir, null)).rejects.toThrow(/not valid JSON/);
    const file = join(dir, 'bad-token');
    await writeFile(file, 'secret-but-wrong');
    const message = await readManagedInputs(null, file).then(
      () => 'no error',
      (e: Error) => e.message,
    );
    expect(message).toMatch(/does not hold an enrollment token/);
    expect(message).not.toContain('secret-but-wrong');
  });
});
