import type { StepStatus } from './job-result.js';

/**
 * The lines the agent itself writes into a job's log, between the bytes the steps wrote. Each is one
 * line starting with MARKER_PREFIX and ending in `\n`; before a marker the agent writes one `\n` if
 * the log does not already end with one, so a marker always starts a line. That extra `\n` is not
 * step output: the end marker's `output_bytes` counts exactly the bytes the step wrote, so a reader
 * can cut a step's output out of the log byte for byte (start marker end + output_bytes).
 *
 *   ##[planasonix] step 1/3 start name="build"
 *   ##[planasonix] step 1/3 end status=succeeded exit_code=0 signal=null output_bytes=1234 duration_ms=56
 *   ##[planasonix] output truncated: the job's log cap of 268435456 bytes was reached; further output is dropped
 *   ##[planasonix] job lost: <reason>
 *
 * Step numbers are 1-based, as PLANASONIX_STEP_INDEX is. `name` is a JSON string (quotes, escapes),
 * so a name with a newline cannot break the line.
 */
export const MARKER_PREFIX = '##[planasonix] ';

export function stepStartMarker(stepNumber: number, stepCount: number, name: string): string {
  return `${MARKER_PREFIX}step ${stepNumber}/${stepCount} start name=${JSON.stringify(name)}\n`;
}

export interface StepEndFacts {
  stepNumber: number;
  stepCount: number;
  status: StepStatus;
  exitCode: number | null;
  signal: string | null;
  outputBytes: number;
  durationMs: number;
}

export function stepEndMarker(facts: StepEndFacts): string {
  return (
    `${MARKER_PREFIX}step ${facts.stepNumber}/${facts.stepCount} end status=${facts.status}` +
    ` exit_code=${facts.exitCode ?? 'null'} signal=${facts.signal ?? 'null'}` +
    ` output_bytes=${facts.outputBytes} duration_ms=${Math.round(facts.durationMs)}\n`
  );
}

export function truncationMarker(capBytes: number): string {
  return `${MARKER_PREFIX}output truncated: the job's log cap of ${capBytes} bytes was reached; further output is dropped\n`;
}

export function jobLostMarker(reason: string): string {
  return `${MARKER_PREFIX}job lost: ${reason.replace(/[\r\n]+/g, ' ')}\n`;
}

const END_PATTERN =
  /^##\[planasonix\] step (\d+)\/(\d+) end status=(\w+) exit_code=(-?\d+|null) signal=(\w+) output_bytes=(\d+) duration_ms=(\d+)$/;

/** Reads an end marker line (without its `\n`) back, or null when the line is not one. */
export function parseStepEndMarker(line: string): StepEndFacts | null {
  const match = END_PATTERN.exec(line);
  if (!match) return null;
  const [, num, count, status, exit, signal, bytes, ms] = match;
  return {
    stepNumber: Number(num),
    stepCount: Number(count),
    status: status as StepStatus,
    exitCode: exit === 'null' ? null : Number(exit),
    signal: signal === 'null' ? null : (signal ?? null),
    outputBytes: Number(bytes),
    durationMs: Number(ms),
  };
}

export function stepErrorMarker(stepNumber: number, stepCount: number, message: string): string {
  return `${MARKER_PREFIX}step ${stepNumber}/${stepCount} error: ${message.replace(/[\r\n]+/g, ' ')}\n`;
}
