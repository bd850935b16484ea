// A throw-away world for running resources/installers/install.sh for real, as Linux or macOS:
// stand-ins (uname, dpkg, apt-get, systemctl, hdiutil, ditto) that record how they were called, a PATH holding only
// those and the few coreutils the scripts need (so the machine's real package manager is out of
// reach), and a bundle folder shaped like the control plane's download.
import { execFileSync, spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
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
  'cp',
  'rm',
  'rmdir',
];

const standIn = new URL('stand-in.sh', import.meta.url);

export interface SandboxOptions {
  /** What the stand-in `uname -s` answers. */
  system: 'Linux' | 'Darwin';
  /** The release package placed beside the script. */
  packageFile: string;
  standIns: readonly string[];
}

export const linuxSandbox: SandboxOptions = {
  system: 'Linux',
  packageFile: 'planasonix-agent-1.4.0-linux-amd64.deb',
  standIns: ['apt-get', 'dpkg', 'systemctl'],
};

export const macosSandbox: SandboxOptions = {
  system: 'Darwin',
  packageFile: 'planasonix-agent-1.4.0-mac-universal.dmg',
  standIns: ['hdiutil', 'ditto'],
};

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** One entry per stand-in call: [program, ...args]. */
  calls: string[][];
  standInEnvironments: string;
}

export class InstallerSandbox {
  private constructor(
    readonly root: string,
    private readonly options: SandboxOptions,
  ) {}

  static async create(options: SandboxOptions): Promise<InstallerSandbox> {
    const sandbox = new InstallerSandbox(await mkdtemp(join(tmpdir(), 'planasonix-installer-')), options);
    await mkdir(sandbox.binDir);
    await mkdir(sandbox.bundleDir);
    for (const tool of tools) {
      const real = execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
      await symlink(real, join(sandbox.binDir, tool));
    }
    for (const name of ['uname', ...options.standIns]) {
      await copyFile(standIn, join(sandbox.binDir, name));
      await chmod(join(sandbox.binDir, name), 0o755);
    }
    await copyFile(installScript, sandbox.script);
    await writeFile(sandbox.package, 'not really a package\n');
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
  get applicationsDir() {
    return join(this.root, 'Applications');
  }
  get package() {
    return join(this.bundleDir, this.options.packageFile);
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
        TMPDIR: this.root,
        PLANASONIX_CONFIG_DIR: this.configDir,
        PLANASONIX_APPLICATIONS_DIR: this.applicationsDir,
        STANDIN_UNAME: this.options.system,
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
