import { execFile } from 'node:child_process';
import { capabilityProbes, type CapabilityProbe } from './capability-probes.js';

/** Runs one command and resolves with its stdout and stderr joined, or null if it could not run. */
export type ProbeRunner = (probe: CapabilityProbe, timeoutMs: number) => Promise<string | null>;

export const runProbe: ProbeRunner = (probe, timeoutMs) =>
  new Promise((resolve) => {
    execFile(
      probe.command,
      [...probe.args],
      // SIGKILL: a JVM launcher that ignores SIGTERM must not hold up the agent's start.
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        shell: probe.shell,
        maxBuffer: 64 * 1024,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        // A tool that printed its version but exited non-zero still counts; nothing printed does not.
        resolve(error && output.trim() === '' ? null : output);
      },
    );
  });

export interface DetectOptions {
  platform?: NodeJS.Platform;
  timeoutMs?: number;
  run?: ProbeRunner;
}

/** All probes run in parallel, each bounded by the timeout, so start-up waits for the slowest only. */
export async function detectCapabilities(options: DetectOptions = {}): Promise<string[]> {
  const probes = capabilityProbes(options.platform ?? process.platform);
  const run = options.run ?? runProbe;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const found = await Promise.all(
    probes.map(async (probe) => {
      const output = await run(probe, timeoutMs).catch(() => null);
      return output === null ? null : probe.parse(output);
    }),
  );
  return [...new Set(found.filter((c): c is string => c !== null))].sort();
}
