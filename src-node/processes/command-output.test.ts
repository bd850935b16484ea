import { describe, expect, it } from 'vitest';
import { commandOutput } from './command-output.js';

describe('commandOutput', () => {
  it('captures what a real command prints, with its exit code', async () => {
    expect(
      await commandOutput(process.execPath, ['-e', 'process.stdout.write("a\\nb"); process.exit(3)']),
    ).toEqual({
      code: 3,
      stdout: 'a\nb',
    });
  });

  it('answers code null for a command that does not exist', async () => {
    expect((await commandOutput('planasonix-no-such-command', [])).code).toBeNull();
  });
});
