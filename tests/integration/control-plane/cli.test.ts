import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src-control-plane/cli/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

// Flag parsing is unit-tested in src-control-plane/cli/server-config.test.ts; these check the exits.
describe('control-plane CLI', () => {
  it('prints usage for --help and exits 0', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--data-dir DIR');
    expect(result.stdout).toContain('PLANASONIX_BOOTSTRAP_API_KEY');
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['api-keys', 'delete'], 'api-keys takes one subcommand: create'],
  ])('refuses %j with a clear message on stderr and exit 2', (args, message) => {
    const result = cli(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Run with --help for usage.');
    expect(result.stdout).toBe('');
  });
});
