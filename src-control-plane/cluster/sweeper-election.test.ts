import { describe, expect, it } from 'vitest';
import { SweeperElection, type SweeperLock } from './sweeper-election.js';

/** One lock shared by several fake replicas; `drop` is a replica's connection dying. */
class FakeLockServer {
  holder: string | null = null;
  readonly down = new Set<string>();
  lockFor(name: string): SweeperLock & { drop(): void } {
    return {
      tryAcquire: () => {
        if (this.down.has(name)) return Promise.reject(new Error('connection refused'));
        if (this.holder !== null && this.holder !== name) return Promise.resolve(false);
        this.holder = name;
        return Promise.resolve(true);
      },
      stillHeld: () => {
        if (this.down.has(name)) return Promise.reject(new Error('connection lost'));
        return Promise.resolve(this.holder === name);
      },
      release: () => {
        if (this.holder === name) this.holder = null;
        return Promise.resolve();
      },
      drop: () => {
        if (this.holder === name) this.holder = null;
        this.down.add(name);
      },
    };
  }
}

const quiet = { info: () => undefined, warn: () => undefined };

function election(lock: SweeperLock) {
  return new SweeperElection({ lock, intervalMs: 1_000_000, log: quiet });
}

describe('SweeperElection', () => {
  it('elects exactly one replica; the others stay followers while it holds the lock', async () => {
    const server = new FakeLockServer();
    const a = election(server.lockFor('a'));
    const b = election(server.lockFor('b'));
    await a.tick();
    await b.tick();
    await a.tick();
    await b.tick();
    expect([a.state, b.state]).toEqual(['sweeper', 'follower']);
    expect([a.term(), b.term()]).toEqual([1, null]);
  });

  it('hands over when the sweeper dies: the next follower tick takes the lock', async () => {
    const server = new FakeLockServer();
    const lockA = server.lockFor('a');
    const a = election(lockA);
    const b = election(server.lockFor('b'));
    await a.tick();
    await b.tick();
    lockA.drop();
    await b.tick();
    expect(b.state).toBe('sweeper');
    // The old sweeper notices on its next check and steps down; it cannot win back a held lock.
    await a.tick();
    expect(a.state).toBe('follower');
    expect(a.term()).toBeNull();
  });

  it('steps down when the lock is no longer held, and a new term starts when it wins again', async () => {
    const server = new FakeLockServer();
    const a = election(server.lockFor('a'));
    await a.tick();
    expect(a.term()).toBe(1);
    server.holder = null;
    await a.tick();
    expect(a.state).toBe('follower');
    await a.tick();
    expect(a.term()).toBe(2);
  });

  it('stays a follower while the database refuses connections, then wins', async () => {
    const server = new FakeLockServer();
    server.down.add('a');
    const a = election(server.lockFor('a'));
    await a.tick();
    expect(a.state).toBe('follower');
    server.down.delete('a');
    await a.tick();
    expect(a.state).toBe('sweeper');
  });

  it('gives the lock up when stopped, so another replica can take it', async () => {
    const server = new FakeLockServer();
    const a = election(server.lockFor('a'));
    const b = election(server.lockFor('b'));
    await a.tick();
    await a.stop();
    expect(a.state).toBe('stopped');
    await a.tick();
    expect(a.state).toBe('stopped');
    await b.tick();
    expect(b.state).toBe('sweeper');
  });
});
