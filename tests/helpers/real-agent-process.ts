import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './wait-until.js';

/**
 * The real agent: runs the agent CLI (through tsx) as its own process, for integration tests: standalone, or with an IPC channel as
 * the host starts it. Its JSON log lines (stderr) and link messages are collected so a test can wait
 * for them. Every process started here is killed when the test process exits.
 */
export interface RealAgentProcess {
  pid: number;
  dataDir: string;
  /** Parsed JSON log lines so far. */
  logs(): AgentLogLine[];
  stderr(): string;
  stdout(): string;
  /** Link messages received so far (IPC mode only). */
  messages(): LinkMessage[];
  send(message: unknown): void;
  waitForLog(match: (line: AgentLogLine) => boolean, timeoutMs?: number): Promise<AgentLogLine>;
  waitForMessage(match: (message: LinkMessage) => boolean, timeoutMs?: number): Promise<LinkMessage>;
  /** Resolves with the exit status; rejects after the timeout. */
  waitForExit(timeoutMs?: number): Promise<ExitStatus>;
  /** SIGTERM, then SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<ExitStatus>;
  exited: Promise<ExitStatus>;
}

export type AgentLogLine = { msg: string; level: number } & Record<string, unknown>;
export type LinkMessage = { type: string } & Record<string, unknown>;
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RealAgentOptions {
  args: string[];
  /** Added to a clean environment (no proxy variables leak in from the test runner). */
  env?: Record<string, string>;
  ipc?: boolean;
  /** What node runs before the CLI arguments; by default the TypeScript entry through tsx. */
  entry?: string[];
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const AGENT_CLI = join(REPO_ROOT, 'src-agent', 'cli', 'main.ts');
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function makeAgentDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'plnx-agent-'));
}

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(https?_proxy|no_proxy|all_proxy|planasonix_.*)$/i.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

export function startRealAgent(options: RealAgentOptions): RealAgentProcess {
  const dataDirIndex = options.args.indexOf('--data-dir');
  const dataDir = dataDirIndex >= 0 ? (options.args[dataDirIndex + 1] ?? '') : '';
  const entry = options.entry ?? ['--import', 'tsx', AGENT_CLI];
  const child = spawn(process.execPath, [...entry, ...options.args], {
    cwd: REPO_ROOT,
    env: cleanEnv(options.env),
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  let stdout = '';
  const logs: AgentLogLine[] = [];
  const messages: LinkMessage[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as AgentLogLine);
      } catch {
        // not a log line (a Node warning, say): kept in stderr()
      }
    }
  });
  child.on('message', (m) => messages.push(m as LinkMessage));
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  // 'close' comes after the last output and link message: past it, nothing more can arrive.
  let closed: ExitStatus | null = null;
  child.once('close', (code, signal) => (closed = { code, signal }));
  const dump = (): string => `stderr:\n${stderr.slice(-4000)}`;
  const waitFor = <T>(list: () => T[], match: (item: T) => boolean, timeoutMs: number, what: string) =>
    waitUntil(
      () => {
        const found = list().find(match);
        if (found === undefined && closed !== null) {
          throw new Error(`agent exited (${JSON.stringify(closed)}) before the ${what}\n${dump()}`);
        }
        return found;
      },
      { message: `no ${what}`, timeoutMs, intervalMs: 20, details: dump },
    ) as Promise<T>;
  return {
    pid: child.pid ?? -1,
    dataDir,
    logs: () => logs,
    stderr: () => stderr,
    stdout: () => stdout,
    messages: () => messages,
    send: (m) => {
      child.send?.(m as never);
    },
    waitForLog: (match, timeoutMs = 15_000) => waitFor(() => logs, match, timeoutMs, 'matching log line'),
    waitForMessage: (match, timeoutMs = 15_000) =>
      waitFor(() => messages, match, timeoutMs, 'matching link message'),
    waitForExit: (timeoutMs = 15_000) =>
      Promise.race([
        exited,
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`agent still running after ${timeoutMs} ms\n${dump()}`)),
            timeoutMs,
          ).unref(),
        ),
      ]),
    stop: async (graceMs = 5_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const status = await exited;
      clearTimeout(timer);
      return status;
    },
    exited,
  };
}
