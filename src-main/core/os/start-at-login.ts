import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface StartAtLoginInput {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  /** The program and its arguments that start the host. */
  command: readonly string[];
}

/** What turns start-at-login on and off on one OS: a file to write/remove, or commands to run. */
export type StartAtLoginPlan =
  | { kind: 'file'; path: string; content: string }
  | { kind: 'commands'; enable: [string, string[]]; disable: [string, string[]] };

const LABEL = 'com.planasonix.agent';
const WINDOWS_RUN_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';

export function startAtLoginPlan({ platform, env, homeDir, command }: StartAtLoginInput): StartAtLoginPlan {
  if (command.length === 0) throw new Error('start at login needs a command');
  if (platform === 'win32') {
    const line = command.map((part) => `"${part.replace(/"/g, '\\"')}"`).join(' ');
    return {
      kind: 'commands',
      enable: ['reg', ['add', WINDOWS_RUN_KEY, '/v', 'PlanasonixAgent', '/t', 'REG_SZ', '/d', line, '/f']],
      disable: ['reg', ['delete', WINDOWS_RUN_KEY, '/v', 'PlanasonixAgent', '/f']],
    };
  }
  if (platform === 'darwin') {
    const args = command.map((part) => `    <string>${escapeXml(part)}</string>`).join('\n');
    return {
      kind: 'file',
      path: `${homeDir}/Library/LaunchAgents/${LABEL}.plist`,
      content: [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
        '<plist version="1.0">',
        '<dict>',
        `  <key>Label</key>\n  <string>${LABEL}</string>`,
        `  <key>ProgramArguments</key>\n  <array>\n${args}\n  </array>`,
        '  <key>RunAtLoad</key>\n  <true/>',
        '</dict>',
        '</plist>',
        '',
      ].join('\n'),
    };
  }
  // Linux and other XDG desktops: an autostart entry (a relative XDG_CONFIG_HOME is invalid per XDG).
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg !== undefined && xdg.startsWith('/') ? xdg : `${homeDir}/.config`;
  return {
    kind: 'file',
    path: `${configHome}/autostart/planasonix-agent.desktop`,
    content: [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Planasonix Agent',
      `Exec=${command.map(quoteDesktopExecArg).join(' ')}`,
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  };
}

export interface StartAtLoginDeps {
  run(command: string, args: string[]): Promise<number | null>;
}

export async function applyStartAtLogin(plan: StartAtLoginPlan, enabled: boolean, deps: StartAtLoginDeps) {
  if (plan.kind === 'file') {
    if (enabled) {
      await mkdir(dirname(plan.path), { recursive: true });
      await writeFile(plan.path, plan.content, { mode: 0o644 });
    } else {
      await rm(plan.path, { force: true });
    }
    return;
  }
  const [command, args] = enabled ? plan.enable : plan.disable;
  const code = await deps.run(command, args);
  // Deleting a value that is not there fails harmlessly; adding must succeed.
  if (enabled && code !== 0) throw new Error(`could not turn on start at login (${command} exited ${code})`);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Desktop Entry spec: quote args with reserved characters; escape `"`, `` ` ``, `$` and `\` inside. */
function quoteDesktopExecArg(arg: string): string {
  if (!/[\s"'\\><~|&;$*?#()`]/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}
