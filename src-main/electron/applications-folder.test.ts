// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines): `app`
// and the dialog are stand-ins with the macOS-only calls Electron 45 offers.
import { describe, expect, it } from 'vitest';
import { NOT_IN_APPLICATIONS, offerMoveToApplications, startAtLoginBlocked } from './applications-folder.js';
import type { ApplicationsFolderApp } from './applications-folder.js';

function fakeApp(options: { isPackaged?: boolean; inApplications: boolean; moveFails?: boolean }) {
  const calls: string[] = [];
  const app: ApplicationsFolderApp = {
    isPackaged: options.isPackaged ?? true,
    isInApplicationsFolder: () => options.inApplications,
    moveToApplicationsFolder: () => {
      calls.push('move');
      if (options.moveFails) throw new Error('disk full');
      return true;
    },
  };
  return { app, calls };
}

function prompt(answer: number) {
  const asked: string[] = [];
  const log: string[] = [];
  return {
    asked,
    log,
    prompt: {
      ask: ({ message }: { message: string }) => {
        asked.push(message);
        return Promise.resolve(answer);
      },
      log: (message: string) => log.push(message),
    },
  };
}

describe('start at login on macOS', () => {
  it('is refused, with the way out, for an installed app outside /Applications (translocated)', () => {
    expect(startAtLoginBlocked('darwin', fakeApp({ inApplications: false }).app)).toBe(NOT_IN_APPLICATIONS);
  });

  it('is allowed from /Applications, in development, and on Windows and Linux', () => {
    expect(startAtLoginBlocked('darwin', fakeApp({ inApplications: true }).app)).toBeNull();
    expect(
      startAtLoginBlocked('darwin', fakeApp({ isPackaged: false, inApplications: false }).app),
    ).toBeNull();
    for (const platform of ['win32', 'linux'] as const) {
      expect(startAtLoginBlocked(platform, fakeApp({ inApplications: false }).app)).toBeNull();
    }
  });
});

describe('offerMoveToApplications', () => {
  it('offers the move outside /Applications and moves when the user accepts', async () => {
    const { app, calls } = fakeApp({ inApplications: false });
    const { prompt: ask, asked } = prompt(0);
    expect(await offerMoveToApplications('darwin', app, ask)).toBe(true);
    expect(asked).toEqual(['Move Planasonix Agent to the Applications folder?']);
    expect(calls).toEqual(['move']);
  });

  it('leaves the app where it is when the user declines, and says start at login stays off', async () => {
    const { app, calls } = fakeApp({ inApplications: false });
    const { prompt: ask, log } = prompt(1);
    expect(await offerMoveToApplications('darwin', app, ask)).toBe(false);
    expect(calls).toEqual([]);
    expect(log).toEqual([expect.stringContaining('start at login stays off')]);
  });

  it('reports a failed move instead of throwing', async () => {
    const { app } = fakeApp({ inApplications: false, moveFails: true });
    const { prompt: ask, log } = prompt(0);
    expect(await offerMoveToApplications('darwin', app, ask)).toBe(false);
    expect(log).toEqual(['could not move the app to /Applications: disk full']);
  });

  it('asks nothing in /Applications, in development, or on Windows and Linux', async () => {
    const cases: [NodeJS.Platform, ApplicationsFolderApp][] = [
      ['darwin', fakeApp({ inApplications: true }).app],
      ['darwin', fakeApp({ isPackaged: false, inApplications: false }).app],
      ['win32', fakeApp({ inApplications: false }).app],
      ['linux', fakeApp({ inApplications: false }).app],
    ];
    for (const [platform, app] of cases) {
      const { prompt: ask, asked } = prompt(0);
      expect(await offerMoveToApplications(platform, app, ask)).toBe(false);
      expect(asked).toEqual([]);
    }
  });
});
