import { errorMessage } from '../../src-node/error-message.js';
/**
 * macOS runs an app opened from the disk image or from Downloads from a temporary, randomised
 * ("translocated") path: a login item written then would point at a path that is gone after the next
 * restart. So on macOS an installed app registers start at login only from /Applications, and offers
 * to move itself there.
 */
export interface ApplicationsFolderApp {
  isPackaged: boolean;
  /** Electron, macOS only. */
  isInApplicationsFolder(): boolean;
  /** Electron, macOS only: moves the bundle, then quits and relaunches it from there. */
  moveToApplicationsFolder(): boolean;
}

export const NOT_IN_APPLICATIONS =
  'Planasonix Agent starts at login only once it is in the Applications folder: move it there (Finder, or the prompt at start) and try again';

/** Why start at login may not be registered from where the app runs now, or null when it may. */
export function startAtLoginBlocked(platform: NodeJS.Platform, app: ApplicationsFolderApp): string | null {
  if (platform !== 'darwin' || !app.isPackaged) return null;
  return app.isInApplicationsFolder() ? null : NOT_IN_APPLICATIONS;
}

export interface MovePrompt {
  /** Shows the question; resolves to the index of the button the user chose. */
  ask(options: { message: string; detail: string; buttons: string[] }): Promise<number>;
  log(message: string): void;
}

/**
 * Offers, once per start, to move an installed macOS app into /Applications. Resolves true when the
 * move happened (Electron then quits and relaunches the app from there).
 */
export async function offerMoveToApplications(
  platform: NodeJS.Platform,
  app: ApplicationsFolderApp,
  prompt: MovePrompt,
): Promise<boolean> {
  if (startAtLoginBlocked(platform, app) === null) return false;
  const choice = await prompt.ask({
    message: 'Move Planasonix Agent to the Applications folder?',
    detail:
      'It runs from a temporary location now, so it cannot start at login or update itself. Moving it takes a moment and restarts it.',
    buttons: ['Move to Applications', 'Not Now'],
  });
  if (choice !== 0) {
    prompt.log('left outside /Applications at the user’s choice: start at login stays off');
    return false;
  }
  try {
    return app.moveToApplicationsFolder();
  } catch (error) {
    prompt.log(`could not move the app to /Applications: ${errorMessage(error)}`);
    return false;
  }
}
