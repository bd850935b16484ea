// A throw-away world for running resources/installers/install.sh for real: stand-in dpkg, apt-get
// and systemctl that record how they were called, a PATH holding only those and the few coreutils
// the script needs (so the machine's real package manager is out of reach), and a bundle folder
// shaped like the control plane's download.
import { execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const installScript = new URL('../../../resources/installers/install.sh', import.meta.url);
const tools = [
  'bash',
  'dirname',
  'basename',
  'mktemp',
  'mv',
  'chmod',
  'chown',
  'mkdir',
  'sed',
  'head',
  'cat',
];

// Each stand-in logs its argv (tab-separated) and environment, answers `systemctl get-default`, and
// exits with STANDIN_EXIT_<name> (dashes as underscores), 0 by default.
const standIn = `#!/bin/bash
name=\${0##*/}
{ printf '%s' "$name"; for a in "$@"; do printf '\\t%s' "$a"; done; printf '\\n'; } >>"$STANDIN_LOG"
/usr/bin/env >>"$STANDIN_ENV_LOG"
if [ "$name $1" = "systemctl get-default" ]; then printf '%s\\n' "\${STANDIN_DEFAULT_TARGET:-multi-user.target}"; fi
code_var="STANDIN_EXIT_\${name//-/_}"
exit "\${!code_var:-0}"
`;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** One entry per stand-in call: [program, ...args]. */
  calls: string[][];
  standInEnvironments: string;
}

export class InstallShSandbox {
  private constructor(readonly root: string) {}

  static async create(
    standIns: readonly string[] = ['apt-get', 'dpkg', 'systemctl'],
  ): Promise<InstallShSandbox> {
    const sandbox = new InstallShSandbox(await mkdtemp(join(tmpdir(), 'planasonix-install-sh-')));
    await mkdir(sandbox.binDir);
    await mkdir(sandbox.bundleDir);
    for (const tool of tools) {
      const real = execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
      await symlink(real, join(sandbox.binDir, tool));
    }
    for (const name of standIns) {
      await writeFile(join(sandbox.binDir, name), standIn, { mode: 0o755 });
    }
    await copyFile(installScript, sandbox.script);
    await writeFile(join(sandbox.bundleDir, 'planasonix-agent-1.4.0-linux-amd64.deb'), 'not really a deb\n');
    return sandbox;
  }

  get binDir() {
    return join(this.root, 'bin');
  }
  get bundleDir() {
    return join(this.root, 'bundle');
  }
  get script() {
    return join(this.bundleDir, 'install.sh');
  }
  get configDir() {
    return join(this.root, 'etc', 'planasonix-agent');
  }
  get deb() {
    return join(this.bundleDir, 'planasonix-agent-1.4.0-linux-amd64.deb');
  }

  async writeBundledConfig(values: Record<string, string>) {
    await writeFile(join(this.bundleDir, 'planasonix-agent.json'), `${JSON.stringify(values, null, 2)}\n`);
  }

  async run(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<RunResult> {
    const log = join(this.root, `calls-${Date.now()}-${Math.random()}.log`);
    const envLog = `${log}.env`;
    await writeFile(log, '');
    await writeFile(envLog, '');
    const child = spawn(join(this.binDir, 'bash'), [this.script, ...args], {
      cwd: this.bundleDir,
      env: {
        PATH: this.binDir,
        HOME: this.root,
        PLANASONIX_CONFIG_DIR: this.configDir,
        STANDIN_LOG: log,
        STANDIN_ENV_LOG: envLog,
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(stdin);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    const calls = (await readFile(log, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.split('\t'));
    return { code, stdout, stderr, calls, standInEnvironments: await readFile(envLog, 'utf8') };
  }

  async dispose() {
    await rm(this.root, { recursive: true, force: true });
  }
}
