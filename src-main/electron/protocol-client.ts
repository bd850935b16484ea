import { resolve } from 'node:path';
import { DEEP_LINK_SCHEME } from './deep-link.js';

export interface ProtocolClientInput {
  platform: NodeJS.Platform;
  /** `app.isPackaged`. */
  isPackaged: boolean;
  /** `process.execPath`: Electron's own binary in development, the app's in an installed copy. */
  execPath: string;
  /** `process.argv`: in development argv[1] is the main script Electron was started with. */
  argv: readonly string[];
}

export type ProtocolClientPlan =
  { register: false; why: string } | { register: true; args: [] | [executable: string, args: string[]] };

/**
 * Whether this run registers itself for `planasonix://` at run time, and how.
 * - Windows, installed: no. The MSI registers the scheme machine-wide (HKLM classes) and removes it
 *   on uninstall; a run-time registration would add per-user keys that outlive the uninstall.
 * - Linux and macOS, installed: yes. The .deb's desktop entry and the app's Info.plist declare the
 *   scheme; registering makes this copy the default handler (xdg-mime with the desktop name, or
 *   LaunchServices).
 * - Development on Windows: with Electron's documented arguments (the Electron binary and the
 *   script), so a link re-launches this checkout.
 * - Development on Linux and macOS: no. The registration would name the bare Electron binary
 *   (electron.desktop, Electron.app) and take the scheme away from an installed copy.
 */
export function protocolClientPlan(input: ProtocolClientInput): ProtocolClientPlan {
  if (input.isPackaged) {
    if (input.platform === 'win32') {
      return { register: false, why: 'the MSI registers planasonix:// for this machine' };
    }
    return { register: true, args: [] };
  }
  const script = input.argv[1];
  if (input.platform === 'win32' && script !== undefined) {
    return { register: true, args: [input.execPath, [resolve(script)]] };
  }
  return {
    register: false,
    why: 'a development run does not take planasonix:// from an installed copy',
  };
}

export interface ProtocolClientApp {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
}

/** Applies the plan; returns a line for the host log saying what happened. */
export function registerProtocolClient(app: ProtocolClientApp, plan: ProtocolClientPlan): string {
  if (!plan.register) return `${DEEP_LINK_SCHEME}:// not registered at run time: ${plan.why}`;
  // Electronegativity asks for a review of protocol handlers: planasonix:// links are parsed by
  // parseEnrollLink (unit-tested, refuses anything but a well-formed enroll link) and only prefill
  // the enroll view, where the user must confirm before the token is spent.
  const ok =
    plan.args.length === 0
      ? app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME) // eng-disable PROTOCOL_HANDLER_JS_CHECK
      : app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, plan.args[0], plan.args[1]); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  return ok
    ? `${DEEP_LINK_SCHEME}:// opens this app`
    : `${DEEP_LINK_SCHEME}:// could not be registered: links open the enrollment view only from the installed app`;
}
