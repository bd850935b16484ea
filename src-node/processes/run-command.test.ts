import { describe, expect, it } from 'vitest';
import { runCommand } from './run-command.js';

describe('runCommand', () => {
  it('resolves with the exit code of a real process', async () => {
    expect(await runCommand(process.execPath, ['-e', 'process.exit(3)'])).toBe(3);
  });

  it('resolves null for a command that cannot start, instead of throwing', async () => {
    expect(await runCommand('/nonexistent/planasonix-no-such-command', [])).toBeNull();
  });
});
