import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { catchStopSignals } from './stop-signals.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  return { proc: { on: (event: string, listener: () => void) => emitter.on(event, listener) }, emitter };
}

describe('catchStopSignals', () => {
  it('resolves with the first of SIGTERM and SIGINT; a later one changes nothing', async () => {
    const { proc, emitter } = fakeProcess();
    const stop = catchStopSignals(proc as Pick<NodeJS.Process, 'on'>);
    expect(stop.received()).toBeNull();
    emitter.emit('SIGINT');
    emitter.emit('SIGTERM');
    emitter.emit('SIGINT');
    await expect(stop.requested).resolves.toBe('SIGINT');
    expect(stop.received()).toBe('SIGINT');
  });

  it('keeps a handler on both signals after the first, so a repeat never gets the default action', () => {
    const { proc, emitter } = fakeProcess();
    catchStopSignals(proc as Pick<NodeJS.Process, 'on'>);
    emitter.emit('SIGTERM');
    expect(emitter.listenerCount('SIGTERM')).toBe(1);
    expect(emitter.listenerCount('SIGINT')).toBe(1);
  });
});
