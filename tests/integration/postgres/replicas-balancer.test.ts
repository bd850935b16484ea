import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startRoundRobinBalancer, type RoundRobinBalancer } from '../../helpers/replicas-balancer.js';

/** The replica tests' balancer itself, on stand-in targets that answer their own name and close. */
const opened: (Server | RoundRobinBalancer)[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse())
    await ('setTargets' in item ? item.close() : new Promise((resolve) => item.close(resolve)));
});

async function namedTarget(name: string): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => socket.end(name));
  opened.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, server };
}

/** A port nothing listens on: a target that refuses. */
async function refusingPort(): Promise<number> {
  const { port, server } = await namedTarget('gone');
  await new Promise((resolve) => server.close(resolve));
  opened.splice(opened.indexOf(server), 1);
  return port;
}

function answerVia(balancer: RoundRobinBalancer): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(balancer.port, '127.0.0.1');
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.once('close', () => resolve(text));
    socket.once('error', reject);
  });
}

const target = (port: number) => ({ host: '127.0.0.1', port });

describe('round-robin TCP balancer (test helper)', () => {
  it('sends each new connection to the next target, skips one that refuses, and counts both', async () => {
    const a = await namedTarget('a');
    const b = await namedTarget('b');
    const dead = await refusingPort();
    const balancer = await startRoundRobinBalancer([target(a.port), target(dead), target(b.port)]);
    opened.push(balancer);
    const answers: string[] = [];
    for (let i = 0; i < 6; i += 1) answers.push(await answerVia(balancer));
    // a; the dead one's turn falls through to b; b; then again.
    expect(answers).toEqual(['a', 'b', 'b', 'a', 'b', 'b']);
    expect([balancer.acceptedBy(a.port), balancer.acceptedBy(b.port), balancer.refusedBy(dead)]).toEqual([
      2, 4, 2,
    ]);

    balancer.setTargets([target(dead)]);
    expect(await answerVia(balancer)).toBe('');
    balancer.setTargets([target(b.port)]);
    expect(await answerVia(balancer)).toBe('b');
  });
});
