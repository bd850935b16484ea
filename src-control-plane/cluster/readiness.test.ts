import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.js';

const readiness = (ping: () => Promise<unknown>) =>
  new Readiness({ replicaId: 'rpl_a', pingDatabase: ping, timeoutMs: 50 });

describe('Readiness', () => {
  it('is ready while the database answers', async () => {
    expect(await readiness(() => Promise.resolve()).check()).toEqual({
      status: 'ready',
      replica: 'rpl_a',
      database: 'ok',
    });
  });

  it('is not ready when the database query fails', async () => {
    const answer = await readiness(() => Promise.reject(new Error('ECONNREFUSED'))).check();
    expect(answer).toEqual({ status: 'database_unavailable', replica: 'rpl_a', database: 'unavailable' });
  });

  it('is not ready when the database is slower than the timeout (and a late failure is harmless)', async () => {
    const slow = () => new Promise((_resolve, reject) => setTimeout(() => reject(new Error('late')), 100));
    const started = Date.now();
    expect((await readiness(slow).check()).status).toBe('database_unavailable');
    expect(Date.now() - started).toBeLessThan(95);
    await new Promise((resolve) => setTimeout(resolve, 80));
  });

  it('answers draining from the moment it is marked, without asking the database', async () => {
    let pings = 0;
    const r = readiness(() => {
      pings += 1;
      return Promise.resolve();
    });
    r.markDraining();
    expect(await r.check()).toEqual({ status: 'draining', replica: 'rpl_a', database: 'not_checked' });
    expect(pings).toBe(0);
  });
});
