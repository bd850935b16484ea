import { describe, expect, it } from 'vitest';
import { waitUntil } from '../../../tests/helpers/wait-until.js';
import { SystemdInhibitBlocker } from './systemd-inhibit-blocker.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A real child stands in for systemd-inhibit (logind does not run in this container): the lock is
// held exactly as long as that process lives.
const STAND_IN = [process.execPath, '-e', 'setInterval(() => {}, 1000)'];

describe('SystemdInhibitBlocker', () => {
  it('keeps one inhibitor process alive while held and ends it on release', async () => {
    const logs: string[] = [];
    const blocker = new SystemdInhibitBlocker((msg) => logs.push(msg), STAND_IN);
    blocker.hold();
    const pid = blocker.heldBy()!;
    blocker.hold();
    expect(blocker.heldBy()).toBe(pid);
    expect(alive(pid)).toBe(true);
    blocker.release();
    expect(blocker.heldBy()).toBeNull();
    await waitUntil(() => alive(pid), { until: (up) => !up, message: 'inhibitor process ended' });
    expect(logs).toEqual([]);
  });

  it('says in the log when the inhibitor cannot be started, and holds nothing', async () => {
    const logs: string[] = [];
    const blocker = new SystemdInhibitBlocker((msg) => logs.push(msg), ['planasonix-no-such-inhibit']);
    blocker.hold();
    await waitUntil(() => logs, { until: (l) => l.length > 0, message: 'the failure logged' });
    expect(logs[0]).toMatch(/^no sleep inhibitor lock \(planasonix-no-such-inhibit could not start: /);
    expect(blocker.heldBy()).toBeNull();
  });
});
