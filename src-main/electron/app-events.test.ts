// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines): `app` is
// an EventEmitter standing in for Electron's App, emitting the events as Electron 45 documents them.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { OpenInbox, routeOpenRequests } from './app-events.js';
import type { OpenRequest } from './app-events.js';

function setup() {
  const app = new EventEmitter();
  const inbox = new OpenInbox();
  routeOpenRequests(app, inbox);
  const opened: OpenRequest[] = [];
  return { app, inbox, opened, ready: () => inbox.ready((request) => opened.push(request)) };
}

const LINK = 'planasonix://enroll?host=cp.example&token=plnx_enroll_abcdefgh';

describe('routeOpenRequests', () => {
  it('shows the window when macOS activates the running app again (Finder, Spotlight)', () => {
    const { app, opened, ready } = setup();
    ready();
    app.emit('activate', {}, false);
    expect(opened).toEqual([{ kind: 'window' }]);
  });

  it('keeps a macOS open-url that arrives before ready and opens it once the shell is up', () => {
    const { app, opened, ready } = setup();
    let prevented = false;
    app.emit('open-url', { preventDefault: () => (prevented = true) }, LINK);
    expect(prevented).toBe(true);
    expect(opened).toEqual([]);
    ready();
    expect(opened).toEqual([{ kind: 'link', url: LINK }]);
  });

  it('opens a second instance’s link (Windows, Linux), or just the window without one', () => {
    const { app, opened, ready } = setup();
    ready();
    app.emit('second-instance', {}, ['C:\\Program Files\\Planasonix Agent\\Planasonix Agent.exe', LINK]);
    app.emit('second-instance', {}, ['/opt/Planasonix Agent/planasonix-agent']);
    expect(opened).toEqual([{ kind: 'link', url: LINK }, { kind: 'window' }]);
  });

  it('keeps running when the last window closes', () => {
    const { app } = setup();
    expect(app.listenerCount('window-all-closed')).toBe(1);
  });
});
