import { describe, expect, it } from 'vitest';
import { agentPlatform } from './agent-platform.js';

describe('agentPlatform', () => {
  it.each([
    ['linux', 'linux'],
    ['win32', 'windows'],
    ['darwin', 'macos'],
    ['freebsd', null],
  ] as const)('%s → %s', (platform, expected) => expect(agentPlatform(platform)).toBe(expected));
});
