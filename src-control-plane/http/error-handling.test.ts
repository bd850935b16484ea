import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src-node/logging/create-logger.js';
import { installErrorHandling } from './error-handling.js';

const TOKEN = `plnx_enroll_${'S'.repeat(43)}`;

describe('the control plane log of a failed request', () => {
  it('masks a token quoted inside the error message, its stack and the request URL', async () => {
    const written: string[] = [];
    // Typed as the control plane hands it to Fastify (http-app.ts).
    const logger: FastifyBaseLogger = createLogger({
      name: 'control-plane',
      destination: { write: (line) => written.push(line) },
    });
    const app = Fastify({ loggerInstance: logger });
    installErrorHandling(app, []);
    app.get('/boom', () => {
      throw new Error(`the store refused token ${TOKEN}`);
    });
    const response = await app.inject({ method: 'GET', url: `/boom?token=${TOKEN.slice(12)}` });
    await app.close();

    expect(response.statusCode).toBe(500);
    const lines = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.msg === 'request failed')).toMatchObject({
      err: { message: 'the store refused token [redacted]' },
    });
    expect(lines.find((line) => line.msg === 'incoming request')).toMatchObject({
      req: { url: '/boom?token=[redacted]' },
    });
    expect(written.join('')).not.toContain('SSSSSSSSSS');
  });
});
